"""A malformed or hostile office: a tiny real HTTP server on 127.0.0.1 answers ``/<case>/api/status`` with huge
bodies, wrong types, deep nesting, a trickle, or HTML in names. Each answer is refused (the office then reads as
unreachable, with the reason) or, for names, shown escaped."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from shared.city.app import create_city_app
from shared.city.profile import load_city
from shared.city.status import MAX_BYTES
from shared.city.watch import CityWatch
from tests.city.conftest import city_toml

NOW = "2026-11-24T10:00:00+09:00"


def good(**over: object) -> dict:
    doc = {
        "version": 1,
        "office": {"ja": "偽区役所"},
        "office_code": None,
        "updated": NOW,
        "served_at": NOW,
        "open": True,
        "hours_today": {"open": "08:45", "close": "17:00"},
        "services": [
            {
                "code": "RES",
                "names": {"ja": "住民票"},
                "waiting": 4,
                "estimate_min": {"kind": "minutes", "minutes": 15, "low": 10, "high": 25, "rough": False},
                "issuing": "open",
            }
        ],
    }
    doc.update(over)
    return doc


def svc(**over: object) -> dict:
    s = dict(good()["services"][0])
    s.update(over)
    return s


CASES: dict[str, object] = {
    "fine": good(),
    "huge": b"[" + b"1," * (MAX_BYTES // 2 + 10) + b"1]",
    "huge_no_length": "stream",
    "waiting_text": good(services=[svc(waiting="4")]),
    "waiting_negative": good(services=[svc(waiting=-1)]),
    "waiting_bool": good(services=[svc(waiting=True)]),
    "waiting_float": good(services=[svc(waiting=4.5)]),
    "open_text": good(open="yes"),
    "services_dict": good(services={"RES": 4}),
    "too_many": good(services=[svc(code=f"S{i}") for i in range(500)]),
    "bad_code": good(services=[svc(code="<script>")]),
    "minutes_huge": good(services=[svc(estimate_min={"kind": "minutes", "minutes": 1e308})]),
    "kind_unknown": good(services=[svc(estimate_min={"kind": "whenever"})]),
    "no_updated": {k: v for k, v in good().items() if k != "updated"},
    "naive_time": good(updated="2026-11-24T10:00:00"),
    "deep": b"[" * 100000 + b"]" * 100000,
    "not_json": b"<html><body>It works!</body></html>",
    "array": [1, 2, 3],
    "wrong_office": good(office_code="naka"),
    "long_name": good(services=[svc(names={"ja": "x" * 5000})]),
    "slow": "slow",
    "old_numbers": good(updated="2026-11-24T09:00:00+09:00"),  # served now, read an hour ago: a stuck office
    "html_names": good(
        services=[
            svc(code="RES"),
            svc(
                code="EVIL",
                names={"ja": "<script>alert(1)</script><b>証明</b>", "en": '"><img src=x onerror=alert(1)>'},
            ),
        ]
    ),
}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        case = self.path.strip("/").split("/")[0]
        body = CASES.get(case)
        if body == "slow":  # a trickle: one byte every 0.3 s, never done within the timeout
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            try:
                for ch in json.dumps(good()).encode():
                    self.wfile.write(bytes([ch]))
                    self.wfile.flush()
                    time.sleep(0.3)
            except OSError:
                pass
            return
        if body == "stream":  # no Content-Length, just more and more bytes
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            try:
                for _ in range(64):
                    self.wfile.write(b" " * 65536)
            except OSError:
                pass
            return
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(data)


@pytest.fixture(scope="module")
def fake_office() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_hostile_answers_are_refused_or_escaped(tmp_path: Path, fake_office: str) -> None:
    rows = [
        (case.lower(), f"偽{i}区役所", f"偽{i}", f"Fake {i}", f"{fake_office}/{case}", 5)
        for i, case in enumerate(CASES)
    ]
    rows = [(c.replace("_", "-"), ja, e, en, url, tr) for c, ja, e, en, url, tr in rows]
    profile = load_city(city_toml(tmp_path, rows, frozenset({"html-names"})))
    watch = CityWatch(profile)
    started = time.monotonic()
    watch.poll_all()
    assert time.monotonic() - started < 15  # the trickle is cut at the 1 s timeout
    states = {st.office.code: (st, status) for st, status in watch.snapshot()}
    accepted = {code for code, (st, status) in states.items() if status == "fresh"}
    assert accepted == {"fine", "html-names"}, {c: s.error for c, (s, _) in states.items()}
    assert states["old-numbers"][1] == "stale" and states["old-numbers"][0].error is None
    reasons = {code: st.error for code, (st, _) in states.items()}
    assert "too large" in reasons["huge"] and "too large" in reasons["huge-no-length"]
    assert (
        "services[0].waiting" in reasons["waiting-text"] and "services[0].waiting" in reasons["waiting-bool"]
    )
    assert (
        "services[0].waiting" in reasons["waiting-negative"]
        and "services[0].waiting" in reasons["waiting-float"]
    )
    assert reasons["open-text"].startswith("open:") and reasons["services-dict"].startswith("services:")
    assert "more than 100" in reasons["too-many"] and "services[0].code" in reasons["bad-code"]
    assert "minutes" in reasons["minutes-huge"] and "kind" in reasons["kind-unknown"]
    assert reasons["no-updated"].startswith("updated") and "time zone" in reasons["naive-time"]
    assert reasons["deep"] == "not JSON" and reasons["not-json"] == "not JSON"
    assert reasons["array"] == "not a JSON object" and "'naka'" in reasons["wrong-office"]
    assert "at most 200" in reasons["long-name"] and "within 1 s" in reasons["slow"]

    # the page: HTML in an office's own service name is shown as text, never run
    with TestClient(create_city_app(profile, poll=False)) as client:
        client.app.state.watch.states = watch.states  # the answers polled above
        page = client.get("/?lang=ja").text
        en = client.get("/?lang=en").text
        doc = client.get("/api/city").json()
    assert (
        "<script>alert(1)" not in page
        and "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;証明&lt;/b&gt;" in page
    )
    assert "<img" not in en and "&lt;img src=x onerror=alert(1)&gt;" in en
    assert page.count("現在、この区役所の情報を取得できません。") == len(CASES) - 3
    assert page.count("最新の情報を取得できていません（09:00 時点の情報が最後です）") == 1  # the stuck office
    evil = next(o for o in doc["offices"] if o["code"] == "html-names")
    assert [s["code"] for s in evil["services"]] == ["RES", "EVIL"]  # JSON carries the text; pages escape it
    fine = next(o for o in doc["offices"] if o["code"] == "fine")
    assert fine["services"][0]["waiting"] == 4 and fine["services"][0]["estimate"]["minutes"] == 15


def test_the_city_profile_errors_name_file_key_and_reason(tmp_path: Path) -> None:
    from shared.errors import ConfigError

    base = city_toml(tmp_path, [("a", "A区役所", "A", "A", "http://127.0.0.1:1", 5)]).read_text(
        encoding="utf-8"
    )
    cases = {
        'status_url = "http://127.0.0.1:1"': (
            'status_url = "ftp://x"',
            "offices[0].status_url: must start with http",
        ),
        'services = ["RES", "TAX"]': (
            'services = ["RES", "NOPE"]',
            "offices[0].services[1]: 'NOPE' is not in [[services]]",
        ),
        "minutes = 5": ("minutes = -3", "offices[0].travel.minutes: must be from 0 to 600, got -3"),
        'code = "a"': ('code = "A Ward"', "offices[0].code: must be 1–32 lower-case"),
        "stale_after_seconds = 3": (
            "stale_after_seconds = 1",
            "city.stale_after_seconds: must be longer than poll_seconds",
        ),
        'hours = { weekday = ["08:45", "17:00"] }': (
            'hours = { weekday = ["17:00", "08:45"] }',
            "offices[0].hours.weekday: the opening time 17:00 must be before",
        ),
        "poll_seconds = 1": ("poll_seconds = 1\nfoo = 2", "city.foo: unknown key"),
    }
    for old, (new, message) in cases.items():
        p = tmp_path / "bad.toml"
        p.write_text(base.replace(old, new, 1), encoding="utf-8")
        with pytest.raises(ConfigError) as e:
            load_city(p)
        assert str(e.value) == f"{p}: {message}" or str(e.value).startswith(f"{p}: {message}"), str(e.value)
    assert load_city(tmp_path / "city.toml").offices[0].travel is not None


def test_city_command_line_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from shared.city.app import main

    good_cfg = city_toml(tmp_path, [("a", "A区役所", "A", "A", "http://127.0.0.1:1", 5)])
    bad = tmp_path / "bad.toml"
    bad.write_text(
        good_cfg.read_text(encoding="utf-8").replace('code = "a"', 'code = "A!"'), encoding="utf-8"
    )
    assert main(["--config", str(good_cfg), "--check"]) == 0
    assert "1 offices, 2 services" in capsys.readouterr().out
    for args, msg in (
        (["--config", str(bad)], "offices[0].code: must be 1–32 lower-case"),
        (["--config", str(tmp_path / "none.toml")], "none.toml: file not found"),
        (["--config", str(good_cfg), "--port", "70000"], "--port must be 1–65535"),
        ([], "--config city.toml is required"),
    ):
        assert main(args) == 2
        err = capsys.readouterr().err
        assert err.startswith("エラー / error: ") and msg in err, err
        assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.slow
def test_city_screenshot_renders_the_demo_city(tmp_path: Path) -> None:
    import subprocess
    import sys

    from shared.web.browser import available
    from tests.city.conftest import ROOT

    if not available():
        pytest.skip("needs chromium and chromium-driver")
    r = subprocess.run(
        [sys.executable, "-m", "shared", "city", "--screenshot", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    shots = sorted(p.name for p in tmp_path.glob("*.png"))
    assert "city-ja-phone.png" in shots and "city-en-res-phone.png" in shots and len(shots) == 5
    head = (tmp_path / "city-ja-phone.png").read_bytes()[:24]
    assert int.from_bytes(head[16:20], "big") == 780  # 390 px at 2× density
