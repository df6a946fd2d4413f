"""Evaluate near-turn thresholds and deliver each alert exactly once.

``run_once(engine, channels, now)`` is a plain function: the web process calls it from :class:`AlertRunner`
(a background thread woken by database changes), and the scheduler may call it as a job. Exactly once comes
from the database: an alert row is claimed with ``INSERT … ON CONFLICT DO NOTHING`` on
(ticket, leg, kind, threshold, channel) before anything is sent, so neither a second web worker nor a
restarted process can send it again. A crash between claim and send leaves the row ``pending``: that alert
is then lost rather than doubled (at most once). Failed sends are retried with back-off, then dropped.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from shared.alerts.channels import AlertChannel, AlertMessage, DeliveryError
from shared.alerts.messages import text
from shared.engine import QueueEngine
from shared.errors import MadoguchiError
from shared.estimate import estimate_ticket
from shared.estimate_text import shown
from shared.models import EventType, Leg, LegState, Ticket
from shared.storage.target import DbTarget
from shared.storage.web_store import SentAlert, Subscription, WebStore
from shared.timeutil import to_ts

log = logging.getLogger("madoguchi.alerts")

MAX_ATTEMPTS = 4
RETRY_BASE_S = 30.0


@dataclass(frozen=True)
class Due:
    kind: str  # ahead | minutes | called
    value: int

    @property
    def urgency(self) -> tuple[int, int]:
        return ({"called": 0, "ahead": 1}.get(self.kind, 2), self.value)


@dataclass(frozen=True)
class Situation:
    """What the thresholds are compared with, for one ticket at one moment."""

    ticket: Ticket
    leg: Leg
    ahead: int | None
    minutes_low: float | None
    minutes: int | None = None  # the 目安 every screen shows (shared.estimate_text.figure)


def due_thresholds(sub: Subscription, s: Situation) -> list[Due]:
    """Thresholds this subscription has reached now, most urgent first."""
    if s.leg.state == LegState.CALLED:
        return [Due("called", 0)]
    if s.leg.state != LegState.WAITING or s.leg.stage != "service" or s.ahead is None:
        return []
    due = [Due("ahead", n) for n in sub.people if s.ahead <= n]
    if s.minutes_low is not None:
        due += [Due("minutes", m) for m in sub.minutes if s.minutes_low <= m]
    return sorted(due, key=lambda d: d.urgency)


def situation(engine: QueueEngine, ticket_id: int, now: datetime) -> Situation | None:
    t = engine.store.ticket(ticket_id)
    if t is None or t.state != "open" or t.day != engine.day(now):
        return None
    leg = engine.store.open_leg(t.id)
    if leg is None:
        return None
    est = estimate_ticket(engine, t, now)
    ahead = engine.people_ahead(t) if leg.state == LegState.WAITING else None
    shown_ = shown(est) if est is not None else None
    return Situation(
        t,
        leg,
        est.ahead if est is not None else ahead,
        est.low if est is not None else None,
        shown_.minutes if shown_ is not None else None,
    )


def compose(
    engine: QueueEngine, s: Situation, primary: Due, lang: str, url: str, *, on_page: bool = False
) -> tuple[str, str]:
    """(title, body) in the visitor's language. Numbers only, never a name. A message for the open page itself
    is shorter: no office name in the title, no link and no footer."""
    cfg = engine.config
    office = cfg.name.get(lang) or cfg.name.get("ja", "")
    number = s.ticket.display
    service = engine.services[s.leg.service].name(lang) if s.leg.service in engine.services else s.leg.service
    lines: list[str] = []
    if primary.kind == "called":
        title = text(lang, "page_called" if on_page else "subject_called", office=office, number=number)
        lines.append(text(lang, "called", number=number, counter=s.leg.counter or "-"))
    else:
        title = text(lang, "page_near" if on_page else "subject_near", office=office, number=number)
        if s.ahead is not None:
            lines.append(text(lang, "ahead", number=number, service=service, n=s.ahead))
        if s.minutes is not None:
            lines.append(text(lang, "minutes", n=s.minutes))
        lines.append(text(lang, "come"))
        if not s.ticket.checked_in:
            lines.append(text(lang, "checkin"))
    if not on_page:
        lines += ["", text(lang, "link", url=url), "", text(lang, "footer")]
    return title, "\n".join(lines)


def _deliver(
    engine: QueueEngine,
    web: WebStore,
    channel: AlertChannel,
    alert: SentAlert,
    sub: Subscription,
    now: datetime,
    merged: list[int],
) -> bool:
    ts, day = to_ts(now), engine.day(now)
    msg = AlertMessage(
        ticket_number=_display(engine, alert.ticket_id),
        lang=sub.lang,
        kind=alert.kind,
        value=alert.value,
        title=alert.title,
        body=alert.body,
        url=engine.config.status_url(_token(engine, alert.ticket_id)),
        address=sub.address,
    )
    error: str | None = None
    try:
        channel.deliver(msg)
    except DeliveryError as exc:
        error = str(exc)[:500]
    except Exception as exc:  # a plugin's bug must not stop the other alerts
        log.exception("alert channel %s failed", channel.name)
        error = f"{type(exc).__name__}: {exc}"[:500]
    with web.transaction():
        web.mark_alert(alert.id, "failed" if error else "sent", ts, error)
        if error is None:
            leg = engine.store.leg(alert.leg_id)
            engine.store.add_event(
                ts=ts,
                day=day,
                type=EventType.ALERT_SENT,
                ticket_id=alert.ticket_id,
                leg_id=alert.leg_id,
                service=leg.service if leg else None,
                counter=None,
                actor="web",
                data={
                    "channel": channel.name,
                    "kind": alert.kind,
                    "value": alert.value,
                    "alert_id": alert.id,
                    "merged": merged,
                    "attempt": alert.attempts + 1,
                },
            )
    if error:
        log.warning("alert %s to channel %s failed: %s", alert.id, channel.name, error)
    return error is None


def _display(engine: QueueEngine, ticket_id: int) -> str:
    t = engine.store.ticket(ticket_id)
    return t.display if t else ""


def _token(engine: QueueEngine, ticket_id: int) -> str:
    t = engine.store.ticket(ticket_id)
    return t.token if t else ""


def evaluate(
    engine: QueueEngine, web: WebStore, channels: dict[str, AlertChannel], sub: Subscription, now: datetime
) -> int | None:
    """Claim and deliver what ``sub`` has newly reached. Returns the id of the alert sent, if any."""
    channel = channels.get(sub.channel)
    if channel is None or (channel.needs_address and not sub.address):
        return None
    with web.snapshot():
        s = situation(engine, sub.ticket_id, now)
    if s is None:
        return None
    due = due_thresholds(sub, s)
    if not due:
        return None
    ts = to_ts(now)
    with web.transaction():
        fired = {
            (a.kind, a.value) for a in web.alerts_of_ticket(s.ticket.id, sub.channel) if a.leg_id == s.leg.id
        }
        new = [d for d in due if (d.kind, d.value) not in fired]
        if not new:
            return None
        # A threshold is dominated when one of the same kind at least as close already fired (e.g. "3 ahead"
        # was sent, then the visitor adds "5 ahead"): it is recorded as merged, not sent. Several thresholds
        # crossed at once give one message, for the most urgent; the rest are recorded as merged.
        to_send = [d for d in new if not any(k == d.kind and v <= d.value for k, v in fired)]
        primary = to_send[0] if to_send else None
        title, body = compose(
            engine,
            s,
            primary or new[0],
            sub.lang,
            engine.config.status_url(s.ticket.token),
            on_page=sub.channel == "page",
        )
        claimed: dict[Due, int] = {}
        for d in new:
            aid = web.claim_alert(
                subscription_id=sub.id,
                ticket_id=s.ticket.id,
                leg_id=s.leg.id,
                kind=d.kind,
                value=d.value,
                channel=sub.channel,
                ts=ts,
                title=title,
                body=body,
                state="pending" if d == primary else "merged",
            )
            if aid is not None:
                claimed[d] = aid
    if primary is None or primary not in claimed:
        return None
    alert = web.alert(claimed[primary])
    assert alert is not None
    ok = _deliver(engine, web, channel, alert, sub, now, [aid for d, aid in claimed.items() if d != primary])
    return alert.id if ok else None


def retry_failed(engine: QueueEngine, web: WebStore, channels: dict[str, AlertChannel], now: datetime) -> int:
    """Retry failed deliveries with back-off; drop those that can no longer help (the ticket moved on)."""
    ts, n = to_ts(now), 0
    for alert in web.failed_alerts(MAX_ATTEMPTS):
        if alert.tried_at is not None and ts - alert.tried_at < RETRY_BASE_S * 2 ** (alert.attempts - 1):
            continue
        sub = web.subscription(alert.subscription_id)
        channel = channels.get(alert.channel)
        leg = engine.store.leg(alert.leg_id)
        wanted = LegState.CALLED if alert.kind == "called" else LegState.WAITING
        if sub is None or not sub.active or channel is None or leg is None or leg.state != wanted:
            with web.transaction():
                web.drop_alert(alert.id)
            continue
        if _deliver(engine, web, channel, alert, sub, now, []):
            n += 1
    return n


def run_once(engine: QueueEngine, channels: dict[str, AlertChannel], now: datetime) -> list[int]:
    """One pass over every active subscription. Returns the ids of alerts delivered in this pass."""
    web = WebStore(engine.store.db)
    with web.transaction():
        web.erase_finished(engine.day(now), to_ts(now))
    sent = []
    for sub in web.active_subscriptions():
        try:
            aid = evaluate(engine, web, channels, sub, now)
        except MadoguchiError as exc:  # e.g. the DB was busy: the next pass tries again
            log.warning("alert evaluation for subscription %s: %s", sub.id, exc)
            continue
        if aid is not None:
            sent.append(aid)
    retry_failed(engine, web, channels, now)
    return sent


class AlertRunner:
    """A daemon thread that runs :func:`run_once` whenever another process commits, and every ``interval_s``."""

    def __init__(
        self,
        open_engine: Callable[[], QueueEngine],
        channels: dict[str, AlertChannel],
        clock: Callable[[], datetime],
        db_path: str | os.PathLike[str] | DbTarget,
        *,
        interval_s: float = 10.0,
        poll_s: float = 0.2,
    ) -> None:
        self.open_engine, self.channels, self.clock, self.db_path = open_engine, channels, clock, db_path
        self.interval_s, self.poll_s = interval_s, poll_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.passes = 0  # alert passes run
        self.polls = 0  # times it looked for another process's commit (a pass or not)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="madoguchi-alerts", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        from shared.changes import ChangeWatcher

        engine = self.open_engine()
        watcher = ChangeWatcher(self.db_path, min(self.poll_s, 0.05))
        last = 0.0
        try:
            changed = False
            while not self._stop.is_set():
                t = self.clock()
                if changed or to_ts(t) - last >= self.interval_s:
                    last = to_ts(t)
                    try:
                        run_once(engine, self.channels, t)
                    except MadoguchiError as exc:
                        log.warning("alert pass failed: %s", exc)
                    except Exception:
                        log.exception("alert pass crashed; continuing")
                    self.passes += 1
                try:
                    changed = watcher.wait(
                        self.poll_s
                    )  # a LISTEN socket on PostgreSQL, data_version on SQLite
                except MadoguchiError:
                    changed = False
                    self._stop.wait(self.poll_s)
                self.polls += 1
        finally:
            watcher.close()
            engine.store.close()
