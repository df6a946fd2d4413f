"""Every screen, in all nine languages, at 1920x1080 and 1080x1920: fits, targets >= 15 mm, text >= 24 px, no clipping."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from kiosk.slip import Slip
from kiosk.style import MIN_TARGET_PX, SMALL_PX, mm_to_px
from kiosk.widgets import WrapButton
from kiosk.window import KioskWindow
from shared.config import LANGS
from shared.timeutil import TOKYO

SIZES = [(1920, 1080), (1080, 1920)]


def _long_slip(lang: str) -> Slip:
    return Slip(
        display_number="D123",
        service_name="Late-stage elderly medical & long-term care insurance",
        service_name_ja="後期高齢者医療・介護保険",
        issued_at=datetime(2026, 11, 24, 10, 0, tzinfo=TOKYO),
        people_ahead=38,
        wait_low_min=95,
        wait_high_min=140,
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
    if screen == "certificates":
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
    elif screen == "closed":
        w.closed.set_next_opening(datetime(2026, 11, 25, 8, 45, tzinfo=TOKYO))
    w.stack.setCurrentWidget(w.screens[screen])


def _visible(w: QWidget, root: QWidget) -> bool:
    return w.isVisibleTo(root) and w.width() > 0


def layout_problems(w: KioskWindow, dpi: float = 96.0) -> list[str]:
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
    return problems


@pytest.mark.parametrize("size", SIZES, ids=["landscape", "portrait"])
def test_every_screen_fits_in_every_language(qtbot, make_kiosk, size: tuple[int, int]) -> None:
    w = make_kiosk(size=size)
    assert w.size().toTuple() == size
    found: dict[str, list[str]] = {}
    screens = [
        "home",
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
    ]
    for lang in LANGS:
        w.set_language(lang)
        w.flags = ("wheelchair",)
        w.home.set_help_count(1)
        for screen in screens:
            if screen == "staff" and lang != "ja":
                continue  # staff mode is Japanese whatever the visitor chose
            _prepare(w, screen, lang)
            problems = layout_problems(w)
            if problems:
                found[f"{lang}/{screen}"] = problems
    assert found == {}


def test_targets_are_15_mm_on_a_dense_screen() -> None:
    # A 15.6-inch full-HD touch panel has about 141 dpi: 15 mm is 83 px, still under the 96 px minimum.
    assert mm_to_px(15, 141) < MIN_TARGET_PX
    assert mm_to_px(15, 160) <= MIN_TARGET_PX + 1
