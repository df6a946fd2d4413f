"""The office profile: the shipped default is valid and realistic; bad files give clear errors."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from shared.calendar import is_open, next_opening, opening_span
from shared.cli import main
from shared.config import LANGS, load_config
from shared.errors import ConfigError
from shared.paths import asset_path
from shared.timeutil import TOKYO

DEFAULT = asset_path("offices/yokohama-ward.toml")


def test_default_profile_is_complete(office_config):
    cfg = office_config
    assert {s.group for s in cfg.services} >= {
        "certificates",
        "registration",
        "insurance",
        "children",
        "mynumber",
        "tax",
    }
    for s in cfg.services:
        assert set(s.names) == set(LANGS), s.code
    for b in cfg.bundles:
        assert set(b.names) == set(LANGS)
        for st in b.steps:
            assert st.ask is None or set(st.ask) == set(LANGS)
    assert cfg.merged_windows["certificates"] == ("RES", "KOSEKI_CERT", "TAX")
    assert cfg.bundle("move_in").route_for({1: True, 3: True}) == ["MOVE", "NHI", "CHILD"]
    assert any(s.pickup for s in cfg.services)


def test_hours_yokohama(office_config):
    h = office_config.hours
    assert opening_span(date(2026, 11, 24), h) == (time(8, 45), time(17, 0))  # Tuesday
    assert opening_span(date(2026, 11, 14), h) == (time(9, 0), time(12, 0))  # 2nd Saturday
    assert opening_span(date(2026, 11, 21), h) is None  # 3rd Saturday
    assert opening_span(date(2026, 11, 23), h) is None  # 勤労感謝の日
    assert opening_span(date(2026, 12, 29), h) is None  # year-end
    assert opening_span(date(2027, 1, 4), h) is not None
    fri_evening = datetime(2026, 12, 28, 17, 30, tzinfo=TOKYO)
    assert not is_open(fri_evening, h)
    assert next_opening(fri_evening, h) == datetime(2027, 1, 4, 8, 45, tzinfo=TOKYO)


@pytest.mark.parametrize(
    ("patch", "key", "reason"),
    [
        (('prefix = "A"', 'prefix = "AA"'), "services[0].prefix", "one capital letter"),
        (('group = "certificates"', 'group = "nope"'), "services[0].group", "unknown group"),
        (("target_wait_min = 15", 'target_wait_min = "15"'), "services[0].target_wait_min", "must be int"),
        (('weekday = ["08:45", "17:00"]', 'weekday = ["17:00", "08:45"]'), "hours.weekday", "before"),
        (('weekday = ["08:45", "17:00"]', 'weekday = ["8.45", "17:00"]'), "hours.weekday", "08:45"),
        (('staff_pin = "2580"', 'staff_pin = "abc"'), "kiosk.staff_pin", "digits"),
        (('services = ["MOVE"]', 'services = ["MOVEX"]'), "counters[3].services[0]", "unknown service"),
        (('prefix = "W"', 'prefix = "A"'), "web.prefix", "already a service prefix"),
        (("[queue]", "[queu]"), "queu", "unknown section"),
    ],
)
def test_bad_config_names_file_key_reason(tmp_path, patch, key, reason):
    text = DEFAULT.read_text(encoding="utf-8").replace(patch[0], patch[1], 1)
    p = tmp_path / "bad.toml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_config(p)
    assert e.value.path == str(p) and e.value.key == key and reason in e.value.reason


def test_not_toml(tmp_path):
    p = tmp_path / "x.toml"
    p.write_text("[office\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(p)


def test_config_check_command(tmp_path, capsys):
    assert main(["config", "check", str(DEFAULT)]) == 0
    assert "10 services" in capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    bad.write_text(
        DEFAULT.read_text(encoding="utf-8").replace('prefix = "B"', 'prefix = "A"'), encoding="utf-8"
    )
    assert main(["config", "check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.toml" in err and "services[1].prefix" in err and "Traceback" not in err
