"""Every screen, in all nine languages, on 1920x1080, 1366x768 and 1080x1920 panels: fits, targets >= 15 mm,
text >= 24 px, and nothing cut, broken mid-word, overlapping or hidden (tests/layout.py)."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from kiosk.flows.divert import offer_for_certificates
from kiosk.screens.style import MIN_TARGET_PX, SMALL_PX, mm_to_px
from kiosk.screens.widgets import WrapButton
from kiosk.ticket.slip import Slip
from kiosk.window import KioskWindow
from shared.estimate_text import Shown
from shared.i18n import LANGS
from shared.qt.scale import fit_factor
from shared.timeutil import TOKYO
from tests.layout import layout_problems as cut_or_hidden

PANELS = [(1920, 1080), (1366, 768), (1080, 1920)]


def laid_out_size(width: int, height: int) -> tuple[int, int]:
    """The kiosk's default on a panel (no option): the design scaled to fit, so it lays out at panel / factor."""
    f = fit_factor(width, height)
    return round(width / f), round(height / f)


def _long_slip(lang: str) -> Slip:
    return Slip(
        display_number="D123",
        service_name="Late-stage elderly medical & long-term care insurance",
        service_name_ja="後期高齢者医療・介護保険",
        issued_at=datetime(2026, 11, 24, 10, 0, tzinfo=TOKYO),
        people_ahead=38,
        wait=Shown("minutes", 120, 95, 140),
        status_url="http://127.0.0.1:8080/t/" + "x" * 32,
        lang=lang,
        office_name="Minato",
        route=[
            "住民異動（転入・転出・転居）",
            "国民健康保険",
            "国民年金",
            "児童手当・子ども医療",
            "マイナンバーカード",
        ],
    )


def _prepare(w: KioskWindow, screen: str, lang: str) -> None:
    w.flags = ("wheelchair",) if screen != "home" else ()
    w.home.set_help_count(len(w.flags))  # the home screen with the long "Need help? …" and with "✓ (1)"
    if screen == "home_help":
        screen = "home"
    elif screen == "certificates":
        w.certificates.reset()
        w.certificates.rows["juminhyo"].step(+1)
    elif screen == "question":
        w.lifeevents.start("move_in")
        screen = "lifeevents"
    elif screen == "route":
        w.lifeevents.start("death")
        for _ in range(3):
            w.lifeevents.answer(True)
        screen = "lifeevents"
    elif screen == "lifeevents":
        w.lifeevents.reset()
    elif screen == "ticket":
        w.ticket.show_slip(_long_slip(lang), printing=True)
        w.ticket.set_print_result(False, "paper_out")  # the longest status text
    elif screen == "staff":
        w.staff.start()
        w.staff.pages.setCurrentIndex(1)
        w.update_staff_info()
    elif screen in ("alternative", "alternative_taken"):
        offer = offer_for_certificates(w.config, {"juminhyo": 1, "inkan": 1, "kazei": 1})  # the longest text
        assert offer is not None
        w.alternative.show_offer(offer)
        if screen == "alternative_taken":
            w.alternative.show_taken(printing=True)
            w.alternative.set_print_result(False)  # the longest status text
        screen = "alternative"
    elif screen == "closed":
        w.closed.set_next_opening(datetime(2026, 11, 25, 8, 45, tzinfo=TOKYO))
    w.stack.setCurrentWidget(w.screens[screen])


def _visible(w: QWidget, root: QWidget) -> bool:
    return w.isVisibleTo(root) and w.width() > 0


def layout_problems(w: KioskWindow, lang: str = "ja", dpi: float = 96.0) -> list[str]:
    for _ in range(3):  # nested layouts settle over a few posted layout requests (a frame or two)
        QApplication.processEvents()
    problems: list[str] = []
    page = w.stack.currentWidget()
    need, room = page.minimumSizeHint(), w.stack.size()
    if need.width() > room.width() or need.height() > room.height():
        problems.append(f"screen needs {need.toTuple()} but has {room.toTuple()}")
    target = max(MIN_TARGET_PX, mm_to_px(15, dpi))
    for b in w.findChildren(QPushButton):
        if _visible(b, w) and (b.width() < target or b.height() < target):
            problems.append(f"button {b.objectName() or b.text()!r} is {b.width()}x{b.height()} px")
        if isinstance(b, WrapButton) and _visible(b, w):
            inner = b.inner
            if inner.heightForWidth(inner.width()) > inner.height() + 2:
                problems.append(f"text of button {b.text()!r} is cut ({inner.width()}x{inner.height()})")
    for lab in w.findChildren(QLabel):
        if not _visible(lab, w) or not lab.text():
            continue
        px = lab.font().pixelSize()
        if 0 < px < SMALL_PX:
            problems.append(f"label {lab.text()[:30]!r} uses {px} px")
        if lab.wordWrap():
            if lab.heightForWidth(lab.width()) > lab.height() + 2:
                problems.append(f"label {lab.text()[:30]!r} is cut ({lab.width()}x{lab.height()})")
        elif lab.sizeHint().width() > lab.width() + 1 and lab.pixmap().isNull():
            problems.append(f"label {lab.text()[:30]!r} is wider than its box ({lab.width()} px)")
    return problems + cut_or_hidden(w, lang, settle=0)


# one test per panel and three languages (one window switches through them): xdist spreads the nine parts
LANG_GROUPS = [LANGS[i : i + 3] for i in range(0, len(LANGS), 3)]


@pytest.mark.slow
@pytest.mark.parametrize("langs", LANG_GROUPS, ids="-".join)
@pytest.mark.parametrize("panel", PANELS, ids=["1920x1080", "1366x768", "1080x1920"])
def test_every_screen_fits_in_every_language(
    qtbot, make_kiosk, panel: tuple[int, int], langs: tuple[str, ...]
) -> None:
    size = laid_out_size(*panel)
    w = make_kiosk(size=size)
    assert w.size().toTuple() == size
    found: dict[str, list[str]] = {}
    screens = [
        "home",
        "home_help",
        "certificates",
        "lifeevents",
        "question",
        "route",
        "assistance",
        "ticket",
        "closed",
        "checkin",
        "unavailable",
        "staff",
        "alternative",
        "alternative_taken",
    ]
    for lang in langs:
        w.set_language(lang)
        for screen in screens:
            if screen == "staff" and lang != "ja":
                continue  # staff mode is Japanese whatever the visitor chose
            _prepare(w, screen, lang)
            problems = layout_problems(w, lang)
            if problems:
                found[f"{lang}/{screen}"] = problems
    assert found == {}


def test_targets_are_15_mm_on_a_dense_screen() -> None:
    # A 15.6-inch full-HD touch panel has about 141 dpi: 15 mm is 83 px, still under the 96 px minimum.
    assert mm_to_px(15, 141) < MIN_TARGET_PX
    assert mm_to_px(15, 160) <= MIN_TARGET_PX + 1
