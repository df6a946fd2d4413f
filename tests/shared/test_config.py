"""The office profile: the shipped default is valid and realistic; bad files give clear errors."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from shared.calendar import is_open, next_opening, opening_span
from shared.cli import main
from shared.config import load_config
from shared.errors import ConfigError
from shared.i18n import LANGS
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
        (("target_wait_min = 15", 'target_wait_min = "15"'), "services[0].target_wait_min", "whole number"),
        (('weekday = ["08:45", "17:00"]', 'weekday = ["17:00", "08:45"]'), "hours.weekday", "before"),
        (('weekday = ["08:45", "17:00"]', 'weekday = ["8.45", "17:00"]'), "hours.weekday", "08:45"),
        (('staff_pin = "2580"', 'staff_pin = "abc"'), "kiosk.staff_pin", "digits"),
        (('services = ["MOVE"]', 'services = ["MOVEX"]'), "counters[3].services[0]", "unknown service"),
        (('prefix = "W"', 'prefix = "A"'), "web.prefix", "already the prefix of services[0]"),
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
    assert "11 services" in capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    bad.write_text(
        DEFAULT.read_text(encoding="utf-8").replace('prefix = "B"', 'prefix = "A"'), encoding="utf-8"
    )
    assert main(["config", "check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.toml" in err and "services[1].prefix" in err and "Traceback" not in err


def write(tmp_path, text: str, name: str = "office.toml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def patched(tmp_path, old: str, new: str, count: int = 1):
    text = DEFAULT.read_text(encoding="utf-8")
    assert old in text, old
    if count == 2:  # the second occurrence only
        i = text.index(old, text.index(old) + len(old))
        return write(tmp_path, text[:i] + new + text[i + len(old) :])
    return write(tmp_path, text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "key", "suggestion"),
    [
        (
            "no_show_after_recalls = 1",
            "no_show_after_recall = 1",
            "queue.no_show_after_recall",
            "no_show_after_recalls",
        ),
        ("target_wait_min = 15", "target_wait = 15", "services[0].target_wait", "target_wait_min"),
        ("idle_seconds = 60", "idle_secs = 60", "kiosk.idle_secs", "idle_seconds"),
        (
            'printer = { kind = "none" }',
            'printer = { kind = "network", hots = "10.0.0.5", port = "nine-one-hundred" }',
            "kiosk.printer.hots",
            "host",
        ),
        (
            'printer = { kind = "none" }',
            'printer = { kind = "netwrok", host = "10.0.0.5" }',
            "kiosk.printer.kind",
            "network",
        ),
        (
            "[[counters]]\nnumber = 1\n",
            "[[counters]]\nnumber = 1\nservice = []\n",
            "counters[0].service",
            "services",
        ),
        (
            '{ service = "MOVE" },',
            '{ service = "MOVE", aks = { ja = "?" } },',
            "bundles[0].steps[0].aks",
            "ask",
        ),
        (
            '[[displays]]\nname = "main"\n',
            '[[displays]]\nname = "main"\nsounds = false\n',
            "displays[0].sounds",
            "sound",
        ),
        ("public_holidays = true", "public_holiday = true", "hours.public_holiday", "public_holidays"),
        ("rate_limit_per_hour = 5", "rate_limit_per_hr = 5", "web.rate_limit_per_hr", "rate_limit_per_hour"),
        ('en = "Late March', 'english = "Late March', "notices[0].english", None),
        ("[queue]", "[queu]", "queu", "queue"),
        ('group = "certificates"', 'group = "certificate"', "services[0].group", "certificates"),
    ],
)
def test_unknown_keys_are_errors_everywhere_with_a_suggestion(tmp_path, old, new, key, suggestion):
    p = patched(tmp_path, old, new)
    with pytest.raises(ConfigError) as e:
        load_config(p)
    assert e.value.key == key, str(e.value)
    assert e.value.suggestion == suggestion
    if suggestion:
        assert str(e.value).startswith(f"{p}: {key}: ") and f"did you mean '{suggestion}'?" in str(e.value)


@pytest.mark.parametrize(
    ("old", "new", "key", "reason"),
    [
        # contradictions
        (
            'cutoff = "16:45"',
            'cutoff = "17:30"',
            "services[3].cutoff",
            "outside the opening hours 08:45–17:00",
        ),
        ('cutoff = "16:45"', 'cutoff = "08:00"', "services[3].cutoff", "outside the opening hours"),
        (
            'issue_hours = ["09:30", "16:00"]',
            'issue_hours = ["08:00", "16:00"]',
            "web.issue_hours",
            "outside the opening hours",
        ),
        (
            'issue_hours = ["09:30", "16:00"]',
            'issue_hours = ["09:30", "18:00"]',
            "web.issue_hours",
            "outside the opening hours",
        ),
        (
            'day_rollover = "00:00"',
            'day_rollover = "12:00"',
            "queue.day_rollover",
            "inside the opening hours",
        ),
        (
            'saturday = ["09:00", "12:00"]',
            'saturday = ["12:00", "09:00"]',
            "hours.saturday",
            "must be before",
        ),
        (
            'code = "KOSEKI_CERT"',
            'code = "RES"',
            "services[1].code",
            "duplicate service code 'RES' (also at services[0].code)",
        ),
        ('code = "kisai"', 'code = "juminhyo"', "certificates[1].code", "duplicate certificate code"),
        ("number = 2\n", "number = 1\n", "counters[1].number", "duplicate counter number 1"),
        ('code = "move_out"', 'code = "move_in"', "bundles[1].code", "duplicate life-event code"),
        ('name = "1F"', 'name = "main"', "displays[1].name", "duplicate display name"),
        ('code = "registration"', 'code = "certificates"', "groups[1].code", "duplicate group code"),
        ('services = ["MOVE"]', 'services = ["MOVEX"]', "counters[3].services[0]", "unknown service 'MOVEX'"),
        (
            "counters = [7, 8, 9, 10]",
            "counters = [7, 8, 9, 12]",
            "displays[2].counters[3]",
            "unknown counter 12",
        ),
        # values
        (
            "target_wait_min = 15",
            "target_wait_min = 1000000000000000000000000000000",
            "services[0].target_wait_min",
            "from 1 to 1440",
        ),
        ("service_min = 5", "service_min = nan", "services[0].service_min", "must be a number"),
        ("service_min = 5", "service_min = inf", "services[0].service_min", "must be a number"),
        ("service_min = 5", "service_min = -3", "services[0].service_min", "more than 0"),
        ("weight = 1.0", "weight = nan", "services[0].weight", "must be a number"),
        ("long_wait_min = 30", "long_wait_min = -5", "queue.long_wait_min", "from 1 to 1440"),
        ("aging_min = 0", "aging_min = -1", "queue.aging_min", "from 0 to 1440"),
        (
            "no_show_after_recalls = 1",
            "no_show_after_recalls = -1",
            "queue.no_show_after_recalls",
            "from 0 to 10",
        ),
        ("daily_cap = 120", "daily_cap = -120", "services[9].daily_cap", "from 1 to 100000"),
        ('"12-29", "12-30"', '"13-45", "12-30"', "hours.closed_dates[0]", "13-45 is not a date"),
        ('"12-29", "12-30"', '"02-30", "12-30"', "hours.closed_dates[0]", "not a date"),
        ('en = "Residence & seal certificates"', 'en = ""', "services[0].names.en", "must not be empty"),
        ('name = "1番窓口（証明発行）"', 'name = " "', "counters[0].name", "must not be empty"),
        ('code = "RES"', 'code = ""', "services[0].code", "must not be empty"),
        (
            'printer = { kind = "none" }',
            'printer = { kind = "network", port = 9100 }',
            "kiosk.printer.host",
            "is required",
        ),
        (
            'printer = { kind = "none" }',
            'printer = { kind = "network", host = "" }',
            "kiosk.printer.host",
            "must not be empty",
        ),
        (
            'printer = { kind = "none" }',
            'printer = { kind = "network", host = "h", port = 0 }',
            "kiosk.printer.port",
            "from 1 to 65535",
        ),
        (
            'printer = { kind = "none" }',
            'printer = { kind = "usb", vendor_id = 1208 }',
            "kiosk.printer.product_id",
            "is required",
        ),
        (
            'printer = { kind = "none" }',
            'printer = { kind = "network", host = "h", profile = "NO-SUCH" }',
            "kiosk.printer.profile",
            "unknown python-escpos printer profile",
        ),
        ("idle_seconds = 60", "idle_seconds = 99999999999", "kiosk.idle_seconds", "from 5 to 3600"),
        ("alert_minutes = [15]", "alert_minutes = [-15]", "web.alert_minutes[0]", "from 1 to 999"),
        ("port = 8080", "port = 80800", "web.port", "from 1 to 65535"),
        (
            'base_url = "http://127.0.0.1:8080"',
            'base_url = "http://"',
            "office.base_url",
            "http:// or https://",
        ),
        ("history = 8", "history = -1", "displays[0].history", "from 0 to 30"),
    ],
)
def test_values_and_contradictions_name_file_key_reason(tmp_path, old, new, key, reason):
    if old == "history = 8":
        p = patched(tmp_path, '[[displays]]\nname = "main"\n', '[[displays]]\nname = "main"\nhistory = -1\n')
    else:
        p = patched(tmp_path, old, new)
    with pytest.raises(ConfigError) as e:
        load_config(p)
    assert e.value.key == key, str(e.value)
    assert reason in e.value.reason, str(e.value)
    assert str(e.value).startswith(f"{p}: {key}: ") and "\n" not in str(e.value)


def test_a_file_saved_by_notepad_with_a_bom_loads(tmp_path):
    p = tmp_path / "bom.toml"
    p.write_bytes(b"\xef\xbb\xbf" + DEFAULT.read_bytes())
    assert len(load_config(p).services) == 11


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"[office\n", "not valid TOML"),
        (b"\xff\xfe[office]", "not UTF-8"),
        (b"x = " + b"[" * 3000 + b"]" * 3000, "not valid TOML: lists or tables nested too deeply"),
    ],
)
def test_errors_about_the_whole_file_have_no_key(tmp_path, capsys, content, reason):
    p = tmp_path / "whole.toml"
    p.write_bytes(content)
    with pytest.raises(ConfigError) as e:
        load_config(p)
    assert e.value.key == "" and str(e.value).startswith(f"{p}: {reason}")
    assert main(["config", "check", str(p)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"エラー / error: {p}: {reason}") and ": -:" not in err and "Traceback" not in err
    missing = tmp_path / "missing.toml"
    assert main(["config", "check", str(missing)]) == 2
    assert capsys.readouterr().err.strip() == f"エラー / error: {missing}: file not found"


@pytest.mark.parametrize(
    "line",
    [
        "target_wait_min = 1000000000000000000000000000000",
        "service_min = nan",
        "service_min = inf",
        "weight = nan",
    ],
)
def test_init_refuses_bad_values_in_one_line(tmp_path, capsys, monkeypatch, line):
    key = line.split(" = ")[0]
    old = {
        "target_wait_min": "target_wait_min = 15",
        "service_min": "service_min = 5",
        "weight": "weight = 1.0",
    }[key]
    p = patched(tmp_path, old, line)
    monkeypatch.setenv(
        "MADOGUCHI_DB", str(tmp_path / "x.db")
    )  # the CLI exports --db and --config: undone after
    monkeypatch.setenv("MADOGUCHI_CONFIG", str(p))
    assert main(["--db", str(tmp_path / "x.db"), "--config", str(p), "init"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"services[0].{key}:" in err and "Traceback" not in err
    assert not (tmp_path / "x.db").exists()


def test_config_check_warns_about_base_url_and_notice_languages(tmp_path, capsys):
    p = patched(tmp_path, 'base_url = "http://127.0.0.1:8080"\n', "")
    text = p.read_text(encoding="utf-8")
    start = text.index('ja_easy = "3がつ')  # the shipped notice in ja_easy, vi, tl, ne and pt: taken out
    p.write_text(text[:start] + text[text.index("\n", text.index('pt = "Do fim', start)) + 1 :], "utf-8")
    assert main(["config", "check", str(p)]) == 0
    out, err = capsys.readouterr()
    assert "OK:" in out and "2 warnings" in out
    lines = err.splitlines()
    assert lines[0].startswith(f"警告 / warning: {p}: office.base_url: not set: the QR codes")
    assert lines[1].startswith(f"警告 / warning: {p}: notices[0]: no text in ja_easy, vi, tl, ne, pt")
    full = patched(
        tmp_path, 'base_url = "http://127.0.0.1:8080"', 'base_url = "https://madoguchi.city.example.jp"'
    )
    assert load_config(full).warnings == ()  # the shipped notice is in all nine languages
    assert main(["config", "check", str(full)]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "warnings" not in out


def test_config_check_rejects_a_printer_the_kiosk_would_reject(tmp_path, capsys):
    p = patched(
        tmp_path,
        'printer = { kind = "none" }',
        'printer = { kind = "network", hots = "10.0.0.5", port = "nine-one-hundred" }',
    )
    assert main(["config", "check", str(p)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"エラー / error: {p}: kiosk.printer.hots: unknown setting of a network printer")
    assert err.endswith("(did you mean 'host'?)")


def test_config_imports_no_alerts_module(tmp_path):
    """config sits below alerts: checking [web.smtp] must not import the mail channel (it imports config)."""
    import subprocess
    import sys

    p = patched(
        tmp_path,
        "[web]\n",
        '[web]\nemail_code = true\nsmtp = { host = "mail.example.jp", from = "noreply@city.example.jp" }\n',
    )
    code = (
        "import sys; from shared.config import load_config; c = load_config(sys.argv[1]); assert c.web.email_code; "
        "print(sorted(m for m in sys.modules if m.startswith('shared.alerts')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(p)], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize(
    ("line", "key", "reason"),
    [
        (
            'forwarded_allow_ips = "10.0.0.300"',
            "web.forwarded_allow_ips",
            "'10.0.0.300' is not an IP address",
        ),
        (
            'forwarded_allow_ips = "127.0.0.1, proxy"',
            "web.forwarded_allow_ips",
            "'proxy' is not an IP address",
        ),
        ('alert_channels = ["tests.no_such_module:Channel"]', "web.alert_channels", "cannot load"),
    ],
)
def test_config_check_refuses_what_the_web_server_would(tmp_path, capsys, line, key, reason):
    p = patched(tmp_path, "[web]\n", f"[web]\n{line}\n")
    assert main(["config", "check", str(p)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"エラー / error: {p}: {key}: ") and reason in err, err


def test_proxies_may_be_addresses_networks_or_a_star(tmp_path):
    for value in ("*", "127.0.0.1", "10.0.0.5, 10.0.0.0/24, ::1", ""):
        p = patched(tmp_path, "[web]\n", f'[web]\nforwarded_allow_ips = "{value}"\n')
        assert load_config(p).web.forwarded_allow_ips == value
