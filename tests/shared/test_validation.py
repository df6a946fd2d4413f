"""The one validator: its error shape, and the scenario and printer settings that use it."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.errors import ConfigError
from shared.paths import asset_path
from shared.printer_settings import PrinterSettings, parse_printer
from shared.sim.scenario import load_scenario
from shared.validation import Table, suggest


def test_error_shape_file_key_reason_and_suggestion() -> None:
    e = ConfigError("office.toml", "services[3].prefix", "must be one capital letter A–Z")
    assert str(e) == "office.toml: services[3].prefix: must be one capital letter A–Z"
    e = ConfigError(
        "office.toml", "queue.no_show_after_recall", "unknown key", suggestion="no_show_after_recalls"
    )
    assert (
        str(e)
        == "office.toml: queue.no_show_after_recall: unknown key (did you mean 'no_show_after_recalls'?)"
    )
    assert str(ConfigError("office.toml", "", "file not found")) == "office.toml: file not found"


def test_suggest_and_table_getters() -> None:
    assert suggest("idle_secs", ["idle_seconds", "staff_pin"]) == "idle_seconds"
    assert suggest("zzz", ["idle_seconds"]) is None
    t = Table("f.toml", "web", {"port": 8080, "ratio": float("nan"), "name": "x" * 600})
    assert t.whole("port", lo=1, hi=65535) == 8080
    with pytest.raises(ConfigError, match=r"^f\.toml: web\.ratio: must be a number from 0 to 1, got nan$"):
        t.number("ratio", lo=0, hi=1)
    with pytest.raises(ConfigError) as e:
        t.text("name")
    assert len(str(e.value)) < 100  # a huge value is never copied into the message
    with pytest.raises(ConfigError) as e:
        Table("f.toml", "web", {"k" * 5000: 1}, ["port"])
    assert len(str(e.value)) < 150 and e.value.key.startswith("web.kkk")


def scenario(tmp_path: Path, old: str, new: str) -> Path:
    text = asset_path("scenarios/tuesday.toml").read_text(encoding="utf-8")
    assert old in text, old
    p = tmp_path / "s.toml"
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return p


@pytest.mark.parametrize(
    ("old", "new", "key", "reason"),
    [
        ("no_show = 0.04", "no_shw = 0.04", "visitors.no_shw", "did you mean 'no_show'?"),
        ("patience_median = 45", "patience = 45", "visitors.patience", "did you mean 'patience_median'?"),
        ("no_show = 0.04", "no_show = nan", "visitors.no_show", "must be a number from 0 to 1"),
        ("abandon = 0.04", "abandon = inf", "visitors.abandon", "must be a number"),
        ("monday = 1.4", "monday = 1e400", "arrivals.monday", "must be a number"),
        ("opening_burst = 20", "opening_burst = -1", "arrivals.opening_burst", "from 0 to"),
        ('{ from = "03-20"', '{ from = "13-45"', "arrivals.season[0].from", "13-45 is not a date"),
        ("test = 2", "tests = 2", "bench.tests", "did you mean 'test'?"),
        (
            "RES = { mean = 4.5, scv = 0.5 }",
            "RES = { mean = 4.5, scv = 0.5, sd = 1 }",
            "service.RES.sd",
            "unknown key",
        ),
        ("RES = { mean = 4.5, scv = 0.5 }", "RES = { mean = nan }", "service.RES.mean", "must be a number"),
        ('date = "2026-12-01"', 'date = "2026-13-45"', "scenario.date", "must be a date like"),
        ('open = ["08:45", "17:00"]', 'open = ["17:00", "08:45"]', "staff[0].open", "must be before"),
    ],
)
def test_scenario_errors_use_the_same_shape(
    tmp_path: Path, old: str, new: str, key: str, reason: str
) -> None:
    p = scenario(tmp_path, old, new)
    with pytest.raises(ConfigError) as e:
        load_scenario(str(p))
    assert e.value.key == key and str(e.value).startswith(f"{p}: {key}: ") and reason in str(e.value), str(
        e.value
    )


def test_scenario_file_errors_have_no_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as e:
        load_scenario(str(tmp_path / "none.toml"))
    assert e.value.key == "" and str(e.value).startswith(f"{tmp_path / 'none.toml'}: scenario not found")
    p = tmp_path / "bom.toml"
    p.write_bytes(b"\xef\xbb\xbf" + asset_path("scenarios/tuesday.toml").read_bytes())
    assert load_scenario(str(p)).name == "tuesday"


def test_printer_settings_are_checked_in_the_core() -> None:
    s = parse_printer({"kind": "network", "host": "192.168.0.50"}, "office.toml")
    assert s == PrinterSettings(
        kind="network", where="192.168.0.50:9100", options={"host": "192.168.0.50", "port": 9100}
    )
    assert parse_printer({"kind": "usb", "vendor_id": "0x04b8", "product_id": 3605}).where == "USB 04b8:0e15"
    with pytest.raises(ConfigError) as e:
        parse_printer({"kind": "network", "hots": "10.0.0.5", "port": "nine-one-hundred"}, "office.toml")
    assert (e.value.key, e.value.suggestion) == ("kiosk.printer.hots", "host")
    with pytest.raises(ConfigError, match=r"^office\.toml: kiosk\.printer\.port: must be a whole number"):
        parse_printer({"kind": "network", "host": "h", "port": "nine-one-hundred"}, "office.toml")
    with pytest.raises(
        ConfigError, match=r"kiosk\.printer\.timeout: must be a number from 0\.1 to 60, got nan"
    ):
        parse_printer({"kind": "network", "host": "h", "timeout": float("nan")}, "office.toml")
