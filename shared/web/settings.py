"""Web keys of the office profile that only the web service reads (``[web]`` in the same TOML file).

The core parses ``host``, ``port``, ``issue_hours``, ``prefix``, ``require_checkin``, ``rate_limit_per_hour``,
``alert_people_ahead``, ``alert_minutes`` and ``smtp``. This module adds, with the same kind of error messages:

- ``daily_cap`` (int, default 50): web tickets per service per day;
- ``daily_caps`` (table, e.g. ``{ MYNA = 30 }``): per-service overrides;
- ``ip_limit_per_hour`` (int, default 20): web tickets per IP address per hour (a shared Wi-Fi or a mobile
  carrier puts many phones behind one address, so this is looser than the per-device limit);
- ``alert_channels`` (list of ``"module:Class"``): extra near-turn alert channels (LINE, SMS, …);
- ``forwarded_allow_ips`` (str, default "127.0.0.1"): reverse proxies whose X-Forwarded-For is trusted.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shared.config import OfficeConfig
from shared.errors import ConfigError


@dataclass(frozen=True)
class WebExtras:
    daily_cap: int = 50
    daily_caps: dict[str, int] = field(default_factory=dict)
    ip_limit_per_hour: int = 20
    alert_channels: tuple[str, ...] = ()
    forwarded_allow_ips: str = "127.0.0.1"

    def cap_for(self, service: str) -> int:
        return self.daily_caps.get(service, self.daily_cap)


def _positive_int(path: str, key: str, v: Any) -> int:
    if not isinstance(v, int) or isinstance(v, bool) or v <= 0:
        raise ConfigError(path, f"web.{key}", f"must be a positive integer, got {v!r}")
    return v


def check_core_keys(config: OfficeConfig) -> None:
    """Validate the core-parsed web keys the web service depends on (the core takes them as given)."""
    w = config.web
    _positive_int(config.path, "rate_limit_per_hour", w.rate_limit_per_hour)
    for key, values in (("alert_people_ahead", w.alert_people_ahead), ("alert_minutes", w.alert_minutes)):
        for i, v in enumerate(values):
            _positive_int(config.path, f"{key}[{i}]", v)


def load_extras(config: OfficeConfig) -> WebExtras:
    check_core_keys(config)
    p = Path(config.path)
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except (FileNotFoundError, IsADirectoryError):
        return WebExtras()
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(config.path, "-", f"cannot read: {exc}") from None
    w = raw.get("web", {})
    if not isinstance(w, dict):
        return WebExtras()
    d = WebExtras()
    cap = _positive_int(config.path, "daily_cap", w.get("daily_cap", d.daily_cap))
    caps_raw = w.get("daily_caps", {})
    if not isinstance(caps_raw, dict):
        raise ConfigError(config.path, "web.daily_caps", "must be a table like { MYNA = 30 }")
    codes = {s.code for s in config.services}
    caps = {}
    for k, v in caps_raw.items():
        if k not in codes:
            raise ConfigError(config.path, f"web.daily_caps.{k}", f"unknown service {k!r}")
        caps[k] = _positive_int(config.path, f"daily_caps.{k}", v)
    ip_limit = _positive_int(
        config.path, "ip_limit_per_hour", w.get("ip_limit_per_hour", d.ip_limit_per_hour)
    )
    channels = w.get("alert_channels", [])
    if not isinstance(channels, list) or not all(isinstance(c, str) and c.count(":") == 1 for c in channels):
        raise ConfigError(
            config.path, "web.alert_channels", 'must be a list like ["mypackage.line:LineChannel"]'
        )
    fwd = w.get("forwarded_allow_ips", d.forwarded_allow_ips)
    if not isinstance(fwd, str):
        raise ConfigError(config.path, "web.forwarded_allow_ips", 'must be a string like "127.0.0.1"')
    return WebExtras(
        daily_cap=cap,
        daily_caps=caps,
        ip_limit_per_hour=ip_limit,
        alert_channels=tuple(channels),
        forwarded_allow_ips=fwd,
    )
