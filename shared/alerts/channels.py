"""Near-turn alert channels behind one small interface.

A channel has a ``name`` (stored with the visitor's subscription), says whether it needs an ``address`` (an
e-mail address, a LINE user id, a phone number), normalises that address, and ``deliver``s one message or raises
:class:`DeliveryError`. Shipped: ``page`` (the open status page picks the alert up: sound, vibration and the
Notification API) and ``email`` (SMTP). A LINE or SMS adapter is a class with the same four members, named in
the office profile as ``[web] alert_channels = ["package.module:Class"]``; it is constructed with the
:class:`~shared.config.OfficeConfig`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from shared.config import OfficeConfig
from shared.errors import ConfigError, MadoguchiError


class DeliveryError(MadoguchiError):
    """The channel could not hand the message over; the runner records it and retries with back-off."""


class AddressError(MadoguchiError):
    """The visitor typed an address this channel cannot use."""


@dataclass(frozen=True)
class AlertMessage:
    ticket_number: str
    lang: str
    kind: str  # ahead | minutes | called
    value: int
    title: str
    body: str
    url: str
    address: str | None


@runtime_checkable
class AlertChannel(Protocol):
    name: str
    needs_address: bool

    def normalise_address(self, address: str) -> str:
        """The cleaned address, or raise :class:`AddressError`."""
        ...

    def deliver(self, message: AlertMessage) -> None:
        """Hand the message over, or raise :class:`DeliveryError`."""
        ...


class PageChannel:
    """The status page itself: the stored alert row is the delivery; the open page shows it (banner, sound,
    vibration, Notification API) the next time it receives its live update."""

    name = "page"
    needs_address = False

    def normalise_address(self, address: str) -> str:
        return ""

    def deliver(self, message: AlertMessage) -> None:
        return None


def _plugin(config: OfficeConfig, target: str) -> AlertChannel:
    module, _, cls_name = target.partition(":")
    try:
        cls = getattr(importlib.import_module(module), cls_name)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(config.path, "web.alert_channels", f"cannot load {target!r}: {exc}") from None
    channel = cls(config)
    if not isinstance(channel, AlertChannel) or not isinstance(getattr(channel, "name", None), str):
        raise ConfigError(
            config.path,
            "web.alert_channels",
            f"{target!r} must have name, needs_address, normalise_address() and deliver()",
        )
    return channel


def load_channels(config: OfficeConfig, plugins: tuple[str, ...] = ()) -> dict[str, AlertChannel]:
    """The channels this office offers: page always, e-mail when ``[web.smtp]`` has a host, then plugins."""
    from shared.alerts.mail import EmailChannel

    channels: dict[str, AlertChannel] = {"page": PageChannel()}
    if config.web.smtp.get("host"):
        channels["email"] = EmailChannel.from_config(config)
    for target in plugins:
        ch = _plugin(config, target)
        if ch.name in channels:
            raise ConfigError(config.path, "web.alert_channels", f"channel name {ch.name!r} is already used")
        channels[ch.name] = ch
    return channels
