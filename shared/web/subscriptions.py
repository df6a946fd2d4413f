"""The visitor's opt-in for near-turn alerts, from the status page form. Validated, rate-limited, stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shared.alerts.channels import AddressError, AlertChannel
from shared.engine import QueueEngine
from shared.models import Ticket
from shared.storage.web_store import WebStore
from shared.timeutil import to_ts
from shared.web.errors import WebError
from shared.web.issuing import check_rate

MAIL_LIMIT_PER_HOUR = 5  # address subscriptions per device / IP
MAIL_CHANGES_PER_TICKET = 3


@dataclass(frozen=True)
class AlertChoice:
    channels: tuple[str, ...]
    addresses: dict[str, str]
    people: tuple[int, ...]
    minutes: tuple[int, ...]
    lang: str


def save_alerts(
    engine: QueueEngine,
    web: WebStore,
    channels: dict[str, AlertChannel],
    t: Ticket,
    choice: AlertChoice,
    *,
    device: str,
    ip: str,
    now: datetime,
) -> None:
    """Make the ticket's subscriptions match ``choice``: chosen channels on, the others off."""
    cfg = engine.config
    if t.state != "open" or t.day != engine.day(now):
        raise WebError(409, "alert_closed")
    if not choice.channels:
        raise WebError(400, "alert_no_choice")
    if any(ch not in channels for ch in choice.channels):
        raise WebError(400, "err_bad_request")
    if not set(choice.people) <= set(cfg.web.alert_people_ahead) or not set(choice.minutes) <= set(
        cfg.web.alert_minutes
    ):
        raise WebError(400, "err_threshold")
    addresses: dict[str, str | None] = {}
    for name in choice.channels:
        ch = channels[name]
        if ch.needs_address:
            try:
                addresses[name] = ch.normalise_address(choice.addresses.get(name, ""))
            except AddressError:
                raise WebError(400, "err_email") from None
        else:
            addresses[name] = None
    ts = to_ts(now)
    with web.transaction():
        current = {s.channel: s for s in web.subscriptions_of_ticket(t.id) if s.active}
        for name, address in addresses.items():
            if address is not None and (name not in current or current[name].address != address):
                check_rate(web, "addr_dev", device, MAIL_LIMIT_PER_HOUR, ts)
                check_rate(web, "addr_ip", ip, MAIL_LIMIT_PER_HOUR * 4, ts)
                check_rate(web, "addr_ticket", str(t.id), MAIL_CHANGES_PER_TICKET, ts, window_s=86400)
                web.add_hit("addr_dev", device, ts)
                web.add_hit("addr_ip", ip, ts)
                web.add_hit("addr_ticket", str(t.id), ts)
            web.upsert_subscription(
                ticket_id=t.id,
                channel=name,
                address=address,
                lang=choice.lang,
                people=choice.people,
                minutes=choice.minutes,
                ts=ts,
            )
        for name in current:
            if name not in addresses:
                web.deactivate_subscription(t.id, name, ts)


def stop_alerts(web: WebStore, t: Ticket, now: datetime) -> None:
    ts = to_ts(now)
    with web.transaction():
        for s in web.subscriptions_of_ticket(t.id):
            if s.active:
                web.deactivate_subscription(t.id, s.channel, ts)
