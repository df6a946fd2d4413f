"""The web keys of the office profile, the nine-language tables, and the templates' use of them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from shared.config import OfficeConfig, SmtpSettings
from shared.errors import ConfigError
from shared.i18n import WORDS
from shared.paths import asset_path
from shared.web import i18n
from shared.web.booking_strings import BOOKING_WEB
from shared.web.strings import STRINGS

TEMPLATES = Path(__file__).resolve().parents[2] / "shared" / "web" / "templates"


def profile(tmp_path: Path, web_lines: str) -> OfficeConfig:
    from shared.config import load_config

    text = asset_path("offices/yokohama-ward.toml").read_text(encoding="utf-8")
    path = tmp_path / "office.toml"
    path.write_text(text.replace("[web]\n", "[web]\n" + web_lines + "\n", 1), encoding="utf-8")
    return load_config(path)


def test_extras_defaults_and_overrides(tmp_path: Path, office_config: OfficeConfig) -> None:
    d = office_config.web
    assert (d.daily_cap, d.ip_limit_per_hour, d.alert_channels) == (50, 20, ())
    cfg = profile(
        tmp_path,
        "daily_cap = 30\ndaily_caps = { MYNA = 12 }\nip_limit_per_hour = 40\n"
        'alert_channels = ["tests.web.recording_channel:RecordingChannel"]',
    )
    x = cfg.web
    assert x.cap_for("MYNA") == 12 and x.cap_for("RES") == 30 and x.ip_limit_per_hour == 40
    assert x.alert_channels == ("tests.web.recording_channel:RecordingChannel",)


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("daily_cap = 0", "web.daily_cap"),
        ('daily_cap = "ten"', "web.daily_cap"),
        ("daily_caps = { NOPE = 3 }", "web.daily_caps.NOPE"),
        ("daily_caps = 3", "web.daily_caps"),
        ("ip_limit_per_hour = -1", "web.ip_limit_per_hour"),
        ('alert_channels = ["no-colon"]', "web.alert_channels[0]"),
        ("forwarded_allow_ips = 1", "web.forwarded_allow_ips"),
    ],
)
def test_bad_extras_name_the_key(tmp_path: Path, line: str, key: str) -> None:
    with pytest.raises(ConfigError) as err:
        profile(tmp_path, line)
    assert err.value.key == key


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ('alert_people_ahead = [5, "3"]', "web.alert_people_ahead[1]"),
        ("rate_limit_per_hour = 0", "web.rate_limit_per_hour"),
    ],
)
def test_core_web_keys_are_checked(tmp_path: Path, line: str, key: str) -> None:
    text = asset_path("offices/yokohama-ward.toml").read_text(encoding="utf-8")
    k = line.split(" = ")[0]
    text = "\n".join(x for x in text.splitlines() if not x.startswith(k + " = "))
    path = tmp_path / "office.toml"
    path.write_text(text.replace("[web]\n", "[web]\n" + line + "\n", 1), encoding="utf-8")
    from shared.config import load_config

    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert err.value.key == key


def test_smtp_settings_validation() -> None:
    s = SmtpSettings.parse(
        "x.toml", {"host": "mail.example.jp", "from": "noreply@city.example.jp", "ssl": True}
    )
    assert s.port == 465 and s.use_ssl
    s = SmtpSettings.parse(
        "x.toml",
        {"host": "h", "sender": "a@b.jp", "username": "u", "password": "p", "starttls": True, "port": 587},
    )
    assert (s.sender, s.user, s.password, s.starttls, s.port) == ("a@b.jp", "u", "p", True, 587)
    for raw, key in (
        ({"from": "a@b.jp"}, "web.smtp.host"),
        ({"host": "h"}, "web.smtp.from"),
        ({"host": "h", "from": "a@b.jp", "port": 0}, "web.smtp.port"),
        ({"host": "h", "from": "a@b.jp", "pass": "x"}, "web.smtp.pass"),
        ({"host": "h", "from": "a@b.jp", "sender": "a@b.jp"}, "web.smtp.from"),
    ):
        with pytest.raises(ConfigError) as err:
            SmtpSettings.parse("x.toml", raw)
        assert err.value.key == key


def test_templates_use_only_known_strings() -> None:
    used = set()
    for p in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"t\('([a-z_0-9]+)'[,)]", p.read_text(encoding="utf-8")))
    dynamic = (
        {f"issuing_{r}" for r in ("closed", "cutoff", "cap", "paused")}
        | {f"busy_{x}" for x in ("low", "mid", "high")}
        | {"yes", "no", "unsure"}
    )
    assert used - set(STRINGS) - set(BOOKING_WEB.messages) - set(WORDS.messages) == set()
    assert dynamic <= set(STRINGS) | set(WORDS.messages)
    assert {f"weekday_{i}" for i in range(7)} <= set(STRINGS)


def test_accept_language_negotiation() -> None:
    assert i18n.negotiate("zh-CN,zh;q=0.9") == "zh_hans"
    assert i18n.negotiate("fil-PH, en;q=0.5") == "tl"
    assert i18n.negotiate("fr-FR, de;q=0.8") == "ja"
    assert i18n.negotiate("en;q=0.2, ko;q=0.9") == "ko"
    assert i18n.negotiate("en;q=abc, vi") == "vi"
    assert i18n.negotiate(None) == "ja"
