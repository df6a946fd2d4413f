"""行かない at the kiosk (issue #20): the alternative first, two equal choices, no ticket when taken."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PIL import ImageChops
from PySide6.QtCore import Qt

from kiosk.flows.divert import guide_slip, offer_for_certificates, offer_for_service
from kiosk.printing.escpos_printer import escpos_job
from kiosk.ticket.guide import render_guide
from kiosk.window import KioskWindow
from shared.config import OfficeConfig
from shared.models import EventType
from tests.kiosk.conftest import with_printer
from tests.kiosk.fake_printer import FakeNetworkPrinter, closed_port
from tests.kiosk.helpers import decode_qr, parse_escpos_raster

LEFT = Qt.MouseButton.LeftButton


def _tap(qtbot, widget) -> None:
    qtbot.mouseClick(widget, LEFT)


def _events(engine, kind: str) -> list[dict]:
    return [e for e in engine.store.events() if e["type"] == kind]


def _pick_juminhyo(qtbot, w: KioskWindow) -> None:
    _tap(qtbot, w.home.buttons["certificates"])
    _tap(qtbot, w.certificates.rows["juminhyo"].plus)
    _tap(qtbot, w.certificates.issue_button)


def test_taking_the_convenience_store_issues_no_ticket_and_logs_diverted(
    qtbot, make_kiosk, engine, now, printer
) -> None:
    w = make_kiosk()
    _pick_juminhyo(qtbot, w)
    assert w.current() == "alternative"
    alt = w.alternative
    assert alt.title.text() == "コンビニでも取れます"
    assert "住民票の写し" in alt.text.text() and "マイナンバーカード" in alt.needs.text()
    assert alt.hours.text() == "利用できる時間　6:30〜23:00"
    take, counter = alt.take_button, alt.counter_button
    assert (take.text(), counter.text()) == ("コンビニで取る", "窓口で受け取る")
    # two equal choices: the same kind of button, the same size, both enabled and shown
    assert take.property("role") == counter.property("role")
    assert take.size() == counter.size() and take.isEnabled() and counter.isEnabled()
    assert take.isVisible() and counter.isVisible()
    qtbot.waitUntil(lambda: len(_events(engine, EventType.OFFERED)) == 1, timeout=5000)
    _tap(qtbot, take)
    assert alt.taken()
    qtbot.waitUntil(lambda: len(_events(engine, EventType.DIVERTED)) == 1, timeout=5000)
    qtbot.waitUntil(lambda: len(printer.images) == 1, timeout=10000)  # the guide slip, not a ticket
    qtbot.waitUntil(lambda: alt.print_state == "printed", timeout=5000)
    (e,) = _events(engine, EventType.DIVERTED)
    assert (e["service"], e["ticket_id"], e["actor"]) == ("RES", None, None)
    assert e["data"] == {"alternative": "konbini", "channel": "kiosk", "documents": ["juminhyo"]}
    assert engine.store.tickets_of_day(engine.day(now)) == []
    _tap(qtbot, take)  # a second tap takes nothing twice
    qtbot.waitUntil(lambda: w.writer.pending == 0, timeout=5000)
    assert len(_events(engine, EventType.DIVERTED)) == 1
    qtbot.waitUntil(alt.done.isEnabled, timeout=5000)
    _tap(qtbot, alt.done)
    assert w.current() == "home" and not w.offered and w.certificates.picks() == {}


def test_choosing_the_counter_in_english_issues_as_before(qtbot, make_kiosk, engine, now) -> None:
    w = make_kiosk()
    w.set_language("en")
    _pick_juminhyo(qtbot, w)
    assert w.current() == "alternative"
    assert w.alternative.title.text() == "You can also get this at a convenience store"
    assert w.alternative.take_button.text() == "Get it at a convenience store"
    assert w.alternative.counter_button.text() == "Get it at the counter"
    _tap(qtbot, w.alternative.counter_button)
    qtbot.waitUntil(lambda: w.current() == "ticket", timeout=5000)
    (t,) = engine.store.tickets_of_day(engine.day(now))
    assert t.route == ("RES",) and t.request == {"certificates": [{"code": "juminhyo", "copies": 1}]}
    assert t.lang == "en"
    qtbot.waitUntil(lambda: w.writer.pending == 0, timeout=5000)
    assert len(_events(engine, EventType.OFFERED)) == 1 and _events(engine, EventType.DIVERTED) == []


def test_a_counter_tap_the_double_tap_guard_refuses_is_not_a_dead_end(qtbot, make_kiosk, engine, now) -> None:
    """The next visitor reaches 「窓口で受け取る」 within the guard of the last ticket: that tap is ignored, and
    the next one still gets the ticket (the choice was not used up by the refused tap)."""
    w = make_kiosk(guard_s=3600)
    w.controller.issue_service("MOVE")  # the last visitor's ticket starts the guard
    qtbot.waitUntil(lambda: w.current() == "ticket", timeout=5000)
    w.after_ticket()
    w.go_home()
    _pick_juminhyo(qtbot, w)
    assert w.current() == "alternative"
    _tap(qtbot, w.alternative.counter_button)  # inside the guard: ignored
    qtbot.waitUntil(lambda: w.writer.pending == 0, timeout=5000)
    assert w.current() == "alternative" and len(engine.store.tickets_of_day(engine.day(now))) == 1
    w.controller.guard_s = 0  # the guard is over
    _tap(qtbot, w.alternative.counter_button)
    qtbot.waitUntil(lambda: w.current() == "ticket", timeout=5000)
    assert [t.route for t in engine.store.tickets_of_day(engine.day(now))][-1] == ("RES",)


def test_the_offer_comes_once_per_visit(qtbot, make_kiosk, engine, now) -> None:
    w = make_kiosk()
    _pick_juminhyo(qtbot, w)
    assert w.current() == "alternative"
    w.go_home()  # the same visitor, back on the home screen: no second offer
    _tap(qtbot, w.home.buttons["MOVE"])  # MOVE offers online 転出 to a new visitor
    qtbot.waitUntil(lambda: w.current() == "ticket", timeout=5000)
    qtbot.waitUntil(lambda: w.writer.pending == 0, timeout=5000)
    assert [e["service"] for e in _events(engine, EventType.OFFERED)] == ["RES"]
    w.after_ticket()
    w.go_home()
    w.controller.request_service("MOVE")  # the next visitor
    assert w.current() == "alternative" and w.alternative.take_button.text() == "オンラインで手続きする"
    assert w.alternative.counter_button.text() == "窓口で手続きする"


def test_no_offer_when_a_document_needs_the_counter_or_the_office_switched_it_off(
    qtbot, make_kiosk, engine, now, office_config: OfficeConfig
) -> None:
    w = make_kiosk()
    _tap(qtbot, w.home.buttons["certificates"])
    _tap(qtbot, w.certificates.rows["juminhyo"].plus)
    _tap(qtbot, w.certificates.rows["kisai"].plus)  # 記載事項証明書: not at a convenience store
    _tap(qtbot, w.certificates.issue_button)
    qtbot.waitUntil(lambda: w.current() == "ticket", timeout=5000)
    services = tuple(
        dataclasses.replace(
            s, alternatives=tuple(dataclasses.replace(a, enabled=False) for a in s.alternatives)
        )
        for s in office_config.services
    )
    off = with_printer(dataclasses.replace(office_config, services=services), {"kind": "none"})
    w2 = make_kiosk(config=off)
    _pick_juminhyo(qtbot, w2)
    qtbot.waitUntil(lambda: w2.current() == "ticket", timeout=5000)
    qtbot.waitUntil(lambda: w.writer.pending == 0 and w2.writer.pending == 0, timeout=5000)
    assert _events(engine, EventType.OFFERED) == []
    assert len(engine.store.tickets_of_day(engine.day(now))) == 2


def test_a_failed_guide_print_keeps_the_guide_on_screen(qtbot, make_kiosk, engine, printer) -> None:
    printer.fail = "paper_out"
    w = make_kiosk()
    _pick_juminhyo(qtbot, w)
    _tap(qtbot, w.alternative.take_button)
    qtbot.waitUntil(lambda: w.alternative.print_state == "failed", timeout=10000)
    assert w.current() == "alternative" and w.alternative.qr_box.isVisible()
    assert "QR" in w.alternative.status.text.text()
    qtbot.waitUntil(lambda: len(_events(engine, EventType.DIVERTED)) == 1, timeout=5000)


def test_guide_slip_escpos_bytes_carry_the_qr_of_the_alternative(office_config, now, tmp_path: Path) -> None:
    offer = offer_for_certificates(office_config, {"juminhyo": 1, "kazei": 2})
    assert offer is not None and offer.services == ("RES", "TAX") and offer.kind == "konbini"
    slip = guide_slip(offer, "ja", office_config.name["ja"], now)
    image = render_guide(slip, 576)
    data = escpos_job(image, profile="TM-T20II")
    assert data.startswith(b"\x1b@") and b"\x1dV" in data[-8:]
    assert b"\x1bt" not in data and b"\x1b!" not in data  # no text commands: everything is in the raster
    page, headers = parse_escpos_raster(data)
    assert all(x == 72 for x, _ in headers) and page.size == image.size
    assert ImageChops.difference(page.convert("L"), image.convert("L")).getbbox() is None
    assert decode_qr(page, tmp_path) == ["https://www.lg-waps.go.jp/"]
    online = offer_for_service(office_config, "MOVE")
    assert online is not None
    page2 = render_guide(guide_slip(online, "en", "Minato", now), 576)
    assert decode_qr(page2, tmp_path) == ["https://myna.go.jp/"]


def test_the_guide_reaches_a_network_escpos_printer(
    qtbot, make_kiosk, engine, office_config: OfficeConfig, tmp_path: Path
) -> None:
    """The real printer path: the kiosk's print queue, EscposPrinter, TCP to a printer on port 9100 style."""
    cfg = with_printer(office_config, {"kind": "network", "host": "127.0.0.1", "port": closed_port()})
    w = make_kiosk(config=cfg, printer_make=None)
    w.set_language("en")
    _pick_juminhyo(qtbot, w)
    # the print queue builds its printer on first use: the fake printer (which waits 5 s for a job) starts now
    server = FakeNetworkPrinter({1: 0x12, 2: 0x12, 4: 0x12})
    try:
        w.printq.settings["port"] = server.port
        _tap(qtbot, w.alternative.take_button)
        qtbot.waitUntil(lambda: w.alternative.print_state == "printed", timeout=10000)
        assert server.done.wait(10)
        job = server.jobs[0]
        assert job.startswith(b"\x10\x04\x01\x10\x04\x04\x1b@")  # status requests, then ESC @
        page, _ = parse_escpos_raster(job[6:])
        guide = w.printq.last_guide
        assert guide is not None and page.size == guide.size
        assert ImageChops.difference(page.convert("L"), guide.convert("L")).getbbox() is None
        assert decode_qr(page, tmp_path) == ["https://www.lg-waps.go.jp/"]
        assert w.printq.last_image is None  # no ticket was printed
    finally:
        server.close()
