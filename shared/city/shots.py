"""``madoguchi city --screenshot DIR``: the city page rendered by headless Chromium over a built-in demo city
(four wards in different states, one of them not answering), at phone width and on a desktop."""

from __future__ import annotations

import shutil
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from shared.city.profile import CityProfile, load_city
from shared.city.status import OfficeNow, ServiceNow, Wait
from shared.city.watch import CityWatch
from shared.errors import MadoguchiError
from shared.outpath import check_output_dir
from shared.timeutil import TOKYO
from shared.web.browser import CHROMEDRIVER, CHROMIUM, headless_chromium
from shared.web.browser import available as browser_available
from shared.web.shots import _capture, served

DEMO_NOW = datetime(2026, 11, 24, 10, 40, tzinfo=TOKYO)
DEMO_CITY = """
[city]
name = { ja = "横浜市（デモ）", en = "Yokohama (demo)" }

[[services]]
code = "RES"
names = { ja = "住民票・印鑑証明", ja_easy = "{住民票|じゅうみんひょう}・{印鑑|いんかん}{証明|しょうめい}", en = "Residence certificates", zh_hans = "住民票・印章证明", ko = "주민표・인감증명", vi = "Phiếu cư trú, chứng nhận con dấu", tl = "Residence certificate", ne = "बसोबास प्रमाणपत्र", pt = "Certidão de residência" }

[[services]]
code = "TAX"
names = { ja = "税証明", ja_easy = "ぜいの {証明|しょうめい}", en = "Tax certificates", zh_hans = "税务证明", ko = "세금 증명", vi = "Giấy chứng nhận thuế", tl = "Tax certificate", ne = "कर प्रमाणपत्र", pt = "Certidão de impostos" }

[[offices]]
code = "tsurumi"
names = { ja = "鶴見区役所", ja_easy = "{鶴見区役所|つるみくやくしょ}", en = "Tsurumi Ward Office" }
status_url = "http://127.0.0.1:9"
address = { ja = "鶴見区鶴見中央3-20-1", en = "3-20-1 Tsurumi-chuo, Tsurumi-ku" }
map_url = "https://www.openstreetmap.org/?mlat=35.508&mlon=139.682"
travel = { minutes = 12, from = { ja = "横浜駅から", en = "from Yokohama Sta." } }

[[offices]]
code = "kanagawa"
names = { ja = "神奈川区役所", ja_easy = "{神奈川区役所|かながわくやくしょ}", en = "Kanagawa Ward Office" }
status_url = "http://127.0.0.1:9"
address = { ja = "神奈川区広台太田町3-8", en = "3-8 Hirodai-Otamachi, Kanagawa-ku" }
travel = { minutes = 8, from = { ja = "横浜駅から", en = "from Yokohama Sta." } }

[[offices]]
code = "nishi"
names = { ja = "西区役所", ja_easy = "{西区役所|にしくやくしょ}", en = "Nishi Ward Office" }
status_url = "http://127.0.0.1:9"
address = { ja = "西区中央1-5-10", en = "1-5-10 Chuo, Nishi-ku" }
travel = { minutes = 10, from = { ja = "横浜駅から", en = "from Yokohama Sta." } }

[[offices]]
code = "naka"
names = { ja = "中区役所", ja_easy = "{中区役所|なかくやくしょ}", en = "Naka Ward Office" }
status_url = "http://127.0.0.1:9"
address = { ja = "中区日本大通35", en = "35 Nihon-odori, Naka-ku" }
hours = { weekday = ["08:45", "17:00"], saturday = ["09:00", "12:00"] }
travel = { minutes = 15, from = { ja = "横浜駅から", en = "from Yokohama Sta." } }
"""


def _office(res: tuple[int, Wait], tax: tuple[int, Wait], read: datetime = DEMO_NOW) -> OfficeNow:
    return OfficeNow(
        1, None, read, read, True, ("08:45", "17:00"), True,
        (ServiceNow("RES", {}, res[0], res[1], "open"), ServiceNow("TAX", {}, tax[0], tax[1], "open")),
    )  # fmt: skip


def demo_watch(folder: Path) -> tuple[CityProfile, CityWatch]:
    """The demo city profile and a watch holding its offices' answers (no network)."""
    path = folder / "city.toml"
    path.write_text(DEMO_CITY, encoding="utf-8")
    profile = load_city(path)
    watch = CityWatch(profile, lambda: DEMO_NOW)
    answers = {
        "tsurumi": _office((14, Wait("minutes", 45, 35, 60)), (2, Wait("minutes", 10, 5, 15))),
        "kanagawa": _office((3, Wait("minutes", 10, 5, 20)), (0, Wait("soon"))),
        "nishi": _office((1, Wait("soon")), (4, Wait("not_open"))),
        "naka": _office(
            (9, Wait("minutes", 30, 20, 40)), (1, Wait("minutes", 5, 5, 10)), DEMO_NOW - timedelta(minutes=10)
        ),
    }
    mono = time.monotonic()
    for code, st in watch.states.items():
        st.now = answers[code]
        stale = code == "naka"  # not answering for 10 minutes
        st.ok_at = DEMO_NOW - timedelta(minutes=10) if stale else DEMO_NOW
        st.ok_mono = mono - (600 if stale else 0)
        st.error = "cannot connect" if stale else None
    return profile, watch


def take_city_screenshots(out_dir: Path) -> list[Path]:
    check_output_dir(out_dir)
    if not browser_available():
        raise MadoguchiError(
            f"--screenshot needs {CHROMIUM} and {CHROMEDRIVER} (apt install chromium chromium-driver)"
        )

    from shared.city.app import create_city_app

    tmp = Path(tempfile.mkdtemp(prefix="madoguchi-city-shots-"))
    profile, watch = demo_watch(tmp)
    app = create_city_app(profile, clock=lambda: DEMO_NOW, poll=False)
    app.state.watch.states = watch.states
    try:
        with served(app) as base:
            driver = headless_chromium(tmp / "chromium", "--hide-scrollbars")
            written = []
            try:
                driver.set_page_load_timeout(20)
                for name, url in (
                    ("ja", "/?lang=ja"),
                    ("en-res", "/?lang=en&service=RES"),
                    ("ja_easy", "/?lang=ja_easy"),
                    ("vi-res", "/?lang=vi&service=RES"),
                ):
                    driver.get(base + url)
                    time.sleep(0.3)  # fonts settle
                    path = out_dir / f"city-{name}-phone.png"
                    _capture(driver, path, 390, 844, 2, True)
                    written.append(path)
                driver.get(base + "/?lang=ja&service=RES")
                time.sleep(0.3)
                path = out_dir / "city-ja-res-1920x1080.png"
                _capture(driver, path, 1920, 1080, 1, False)
                written.append(path)
            finally:
                driver.quit()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return written
