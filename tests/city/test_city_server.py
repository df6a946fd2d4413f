"""Three real office web servers and the real city server, all separate processes on 127.0.0.1: the city page and
``/api/city`` show each office; a killed office turns stale (in words, no old number) and comes back when it is
restarted."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from shared.web.browser import CHROMIUM
from tests.city.conftest import ROOT, Office, city_toml, get, get_json, make_office
from tests.conftest import wait_for
from tests.web.conftest import free_port


def _card(page: str, code: str) -> str:
    """The HTML of one office's card on the city page."""
    for part in page.split('<li class="office-card')[1:]:
        if f'data-office="{code}"' in part.split(">", 1)[0]:
            return part.split('</ul>\n<p class="small">')[0]
    raise AssertionError(f"no card for {code}")


def shoot(url: str, path: Path) -> None:
    """A phone-width (390 px) screenshot by Debian's headless Chromium; kept in $MADOGUCHI_SHOTS when set."""
    if not CHROMIUM.exists():
        return
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                str(CHROMIUM),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-background-networking",
                f"--user-data-dir={profile}",
                "--hide-scrollbars",
                "--window-size=390,1500",
                f"--screenshot={path}",
                url,
            ],
            capture_output=True,
            timeout=60,
            check=True,
        )
    with path.open("rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(head[16:20], "big") == 390
    keep = os.environ.get("MADOGUCHI_SHOTS")
    if keep:
        shutil.copy(path, Path(keep) / path.name)


@pytest.mark.slow
def test_three_offices_on_one_city_page(tmp_path: Path, stop_later: list[Office]) -> None:
    # tsurumi: 6 waiting with one certificate counter open; kanagawa: nobody waiting, counter open;
    # nishi: 3 waiting but no counter open yet (窓口準備中).
    offices = [
        make_office(tmp_path, "tsurumi", waiting=6, counters_open=(1,)),
        make_office(tmp_path, "kanagawa", waiting=0, counters_open=(1,)),
        make_office(tmp_path, "nishi", waiting=3, counters_open=()),
    ]
    for o in offices:  # the three start side by side
        stop_later.append(o)
        o.start(wait=False)
    cfg = city_toml(
        tmp_path,
        [
            (
                "tsurumi",
                "鶴見区役所",
                "{鶴見区役所|つるみくやくしょ}",
                "Tsurumi Ward Office",
                offices[0].url,
                5,
            ),
            (
                "kanagawa",
                "神奈川区役所",
                "{神奈川区役所|かながわくやくしょ}",
                "Kanagawa Ward Office",
                offices[1].url,
                20,
            ),
            ("nishi", "西区役所", "{西区役所|にしくやくしょ}", "Nishi Ward Office", offices[2].url, 10),
        ],
    )
    port = free_port()
    city_log = (tmp_path / "city.log").open("ab")
    city = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "shared",
            "city",
            "--config",
            str(cfg),
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
        stdout=city_log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for o in offices:
            wait_for(o.up, timeout_s=60, what=f"office {o.code} web server", every_s=0.1)

        def statuses() -> dict[str, str]:
            assert city.poll() is None, (tmp_path / "city.log").read_text()
            try:
                return {o["code"]: o["status"] for o in get_json(base + "/api/city")["offices"]}
            except OSError:
                return {}

        wait_for(lambda: set(statuses().values()) == {"fresh"}, timeout_s=60, what="all three offices fresh")

        doc = get_json(base + "/api/city")
        by = {o["code"]: o for o in doc["offices"]}
        assert doc["version"] == 1
        res = {code: next(s for s in o["services"] if s["code"] == "RES") for code, o in by.items()}
        assert res["tsurumi"]["waiting"] == 6 and res["tsurumi"]["estimate"]["kind"] == "minutes"
        assert res["tsurumi"]["estimate"]["minutes"] > 0
        assert res["kanagawa"]["waiting"] == 0 and res["nishi"]["waiting"] == 3
        # the city shows each office's own decision: read the offices' answers and compare
        shape_v1 = "kind" in get_json(offices[0].url + "/api/status")["services"][0]["estimate_min"]
        for o in offices:
            mine = next(s for s in get_json(o.url + "/api/status")["services"] if s["code"] == "RES")
            e = mine["estimate_min"]
            if shape_v1:
                assert res[o.code]["estimate"] == {k: e[k] for k in ("kind", "minutes", "low", "high")}
            else:  # an office before the shared wording: its range's upper end, or soon
                assert res[o.code]["estimate"]["minutes"] == (None if e["soon"] else e["high"])
        if shape_v1:
            assert res["kanagawa"]["estimate"]["kind"] == "soon"
            assert res["nishi"]["estimate"]["kind"] == "not_open"
        assert all(
            o["open"] is True and o["hours_today"] == {"open": "00:00", "close": "23:59"} for o in by.values()
        )
        assert [s["code"] for s in by["tsurumi"]["services"]] == ["RES", "TAX"]  # the profile's services only

        ja = get(base + "/?lang=ja")[1].decode()
        t, k, n = _card(ja, "tsurumi"), _card(ja, "kanagawa"), _card(ja, "nishi")
        assert "鶴見区役所" in t and "6人" in t and "約" in t and "開庁中" in t
        assert "0人" in k and "3人" in n
        if shape_v1:
            assert "まもなく" in k and "窓口準備中" in n
        assert "鶴見区役所の住所" in t and "openstreetmap" in t and "横浜駅から約5分" in t

        # filter by service: sorted by the estimate plus the travel hint; 窓口準備中 (no figure) last
        en = get(base + "/?lang=en&service=RES")[1].decode()
        order = re.findall(r'data-office="(\w+)"', en)
        travel = {"tsurumi": 5, "kanagawa": 20, "nishi": 10}

        def total(code: str) -> float:
            e = res[code]["estimate"]
            return 1e9 if e["kind"] == "not_open" else (e["minutes"] or 0) + travel[code]

        assert order == sorted(travel, key=lambda c: (total(c), list(travel).index(c))), order
        if shape_v1:
            assert order[-1] == "nishi"  # 窓口準備中: no figure to compare, so last
        assert "Sorted by estimated wait plus travel time." in en
        assert f"travel + wait: about {round(total('kanagawa'))} min" in en
        assert "TAX" not in re.findall(r'data-service="(\w+)"', en)

        easy = get(base + "/?lang=ja_easy")[1].decode()
        assert "<ruby>鶴見区役所<rt>つるみくやくしょ</rt></ruby>" in easy
        assert "<ruby>住民票<rt>じゅうみんひょう</rt></ruby>" in easy

        shoot(base + "/?lang=ja", tmp_path / "city-ja.png")
        shoot(base + "/?lang=en&service=RES", tmp_path / "city-en-res.png")

        # kill one office: it turns stale in words, without its old numbers
        offices[1].stop()
        wait_for(lambda: statuses()["kanagawa"] == "stale", timeout_s=30, what="kanagawa stale")
        doc = get_json(base + "/api/city")
        kan = next(o for o in doc["offices"] if o["code"] == "kanagawa")
        assert kan["services"] == [] and kan["open"] is None and kan["last_fresh"] and kan["error"]
        ja = get(base + "/?lang=ja")[1].decode()
        k = _card(ja, "kanagawa")
        assert "最新の情報を取得できていません" in k and "待ち人数は表示していません" in k
        assert 'class="waiting"' not in k and 'class="wait"' not in k and "まもなく" not in k
        assert "6人" in _card(ja, "tsurumi")  # the others carry on
        order = re.findall(r'data-office="(\w+)"', get(base + "/?lang=en&service=RES")[1].decode())
        assert order[-1] == "kanagawa"
        shoot(base + "/?lang=ja_easy", tmp_path / "city-ja_easy-stale.png")

        # restart it: fresh again
        offices[1].start()
        wait_for(lambda: statuses()["kanagawa"] == "fresh", timeout_s=30, what="kanagawa fresh again")
        assert "0人" in _card(get(base + "/?lang=ja")[1].decode(), "kanagawa")
    finally:
        city.terminate()
        city.wait(timeout=15)
    assert city.returncode == 0
