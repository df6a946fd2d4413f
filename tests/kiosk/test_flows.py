"""Each kiosk flow end to end: taps on the real window, the ticket and its request checked in the SQLite file."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

from PySide6.QtCore import Qt

from kiosk.window import KioskWindow
from shared.config import OfficeConfig
from shared.engine import QueueEngine
from shared.timeutil import TOKYO
from tests.conftest import always_open
from tests.kiosk.conftest import Clock, RecordingPrinter

LEFT = Qt.MouseButton.LeftButton


def _tap(qtbot, widget) -> None:
    qtbot.mouseClick(widget, LEFT)


def _wait_ticket(qtbot, w: KioskWindow) -> None:
    qtbot.waitUntil(lambda: w.current() == "ticket", timeout=5000)


def _only_ticket(engine: QueueEngine, now: datetime):
    tickets = engine.store.tickets_of_day(engine.day(now))
    assert len(tickets) == 1, [t.display for t in tickets]
    return tickets[0]


def test_service_tile_issues_one_ticket_shown_and_printed(qtbot, make_kiosk, engine, now, printer) -> None:
    w = make_kiosk()
    _tap(qtbot, w.home.buttons["NHI"])
    _wait_ticket(qtbot, w)
    t = _only_ticket(engine, now)
    assert (t.display, t.route, t.channel, t.lang, t.priority, t.access) == (
        "F001",
        ("NHI",),
        "kiosk",
        "ja",
        0,
        (),
    )
    assert w.ticket.number.text() == "F001"
    assert w.ticket.url.text() == engine.config.status_url(t.token)
    assert not w.ticket.qr.pixmap().isNull()
    qtbot.waitUntil(lambda: len(printer.images) == 1, timeout=5000)
    qtbot.waitUntil(lambda: w.ticket.print_state == "printed", timeout=2000)
    assert "下の取り出し口" in w.ticket.status.text.text()
    issued = engine.store.events(ticket_id=t.id, types=["issued"])
    assert [e["actor"] for e in issued] == ["kiosk-1"]


def test_certificate_flow_carries_the_request(qtbot, make_kiosk, engine, now) -> None:
    w = make_kiosk()
    _tap(qtbot, w.home.buttons["certificates"])
    assert w.current() == "certificates"
    assert not w.certificates.issue_button.isEnabled()  # nothing chosen yet
    rows = w.certificates.rows
    for _ in range(2):
        _tap(qtbot, rows["juminhyo"].plus)
    _tap(qtbot, rows["koseki_zenbu"].plus)
    _tap(qtbot, rows["kazei"].plus)
    _tap(qtbot, rows["kazei"].minus)  # changed their mind
    assert rows["juminhyo"].count.text() == "2通"
    assert "2種類 3通" in w.certificates.summary.text()
    _tap(qtbot, w.certificates.issue_button)
    assert w.current() == "alternative"  # both are at the convenience store too (行かない): offered first
    _tap(qtbot, w.alternative.counter_button)  # 「窓口で受け取る」: the ticket as before
    _wait_ticket(qtbot, w)
    t = _only_ticket(engine, now)
    # RES and KOSEKI_CERT share the merged certificate window: one call, one leg, both documents listed.
    assert t.route == ("RES",)
    assert t.request == {
        "certificates": [{"code": "juminhyo", "copies": 2}, {"code": "koseki_zenbu", "copies": 1}]
    }
    assert t.display.startswith("A")
    assert w.certificates.picks() == {}  # forgotten after the ticket


def test_certificates_of_separate_sections_get_a_route(qtbot, make_kiosk, engine, now, office_config) -> None:
    cfg = dataclasses.replace(office_config, merged_windows={})
    cfg = dataclasses.replace(
        cfg,
        counters=tuple(
            dataclasses.replace(c, services=("TAX",))
            if c.number == 3
            else dataclasses.replace(c, services=tuple(s for s in c.services if s != "TAX"))
            for c in cfg.counters
        ),
    )
    w = make_kiosk(config=cfg)
    w.home.certificates_chosen.emit()
    w.certificates.rows["nozei"].step(+1)
    w.certificates.rows["inkan"].step(+1)
    _tap(qtbot, w.certificates.issue_button)
    _wait_ticket(qtbot, w)
    t = _only_ticket(engine, now)
    assert t.route == (
        "RES",
        "TAX",
    )  # config order: RES first; tax certificates are a later step of the ticket
    assert [c["code"] for c in t.request["certificates"]] == ["inkan", "nozei"]


def test_life_event_questions_build_the_route(qtbot, make_kiosk, engine, now) -> None:
    w = make_kiosk()
    _tap(qtbot, w.home.buttons["lifeevents"])
    _tap(qtbot, w.lifeevents.event_buttons["move_in"])
    assert "国民健康保険" in w.lifeevents.question.text()
    assert w.lifeevents.q_count.text() == "質問 1 / 4"
    for answer in (
        w.lifeevents.yes,
        w.lifeevents.no,
        w.lifeevents.yes,
        w.lifeevents.no,
    ):  # NHI, PENSION, CHILD, MYNA
        _tap(qtbot, answer)
    assert w.lifeevents.pages.currentIndex() == 2
    assert w.lifeevents.route.text().splitlines()[1:] == ["2. 国民健康保険", "3. 児童手当・子ども医療"]
    _tap(qtbot, w.lifeevents.r_issue)
    _wait_ticket(qtbot, w)
    t = _only_ticket(engine, now)
    assert t.bundle == "move_in"
    assert t.route == ("MOVE", "NHI", "CHILD")
    assert t.request["answers"] == {"1": True, "2": False, "3": True, "4": False}
    assert w.ticket.route.isVisible() and "児童手当" in w.ticket.route.text()


def test_the_unsure_visitor_gets_a_ticket_for_the_information_desk(qtbot, make_kiosk, engine, now) -> None:
    w = make_kiosk()
    tile = w.home.buttons["INFO"]
    assert tile.name.text() == "わからない方・ご案内"
    # staff mode says what it is: no "call staff" look-alike
    assert w.home.staff.text() == "職員用（暗証番号）"
    _tap(qtbot, tile)
    _wait_ticket(qtbot, w)
    assert _only_ticket(engine, now).route == ("INFO",)
    # the ticket says where to wait (the service's area in the profile), on screen and on the slip
    assert w.ticket.area.text() == "お待ちいただく場所: 1階 総合案内"
    assert w.ticket.slip is not None and w.ticket.slip.area_ja == "1階 総合案内"


def test_unsure_keeps_the_step_for_the_clerk_to_confirm(qtbot, make_kiosk, engine, now) -> None:
    w = make_kiosk()
    _tap(qtbot, w.home.buttons["lifeevents"])
    _tap(qtbot, w.lifeevents.event_buttons["move_in"])
    # three answers of one kind: 「はい」 is no green primary beside a grey 「いいえ」
    roles = {b.property("role") for b in (w.lifeevents.yes, w.lifeevents.no, w.lifeevents.unsure)}
    assert roles == {"answer"} and w.lifeevents.unsure.text() == "わからない"
    for answer in (w.lifeevents.unsure, w.lifeevents.no, w.lifeevents.no, w.lifeevents.no):
        _tap(qtbot, answer)
    _tap(qtbot, w.lifeevents.r_issue)
    _wait_ticket(qtbot, w)
    t = _only_ticket(engine, now)
    assert t.route == ("MOVE", "NHI")  # the unsure step stays on the route
    assert t.request["answers"] == {
        "1": "unsure",
        "2": False,
        "3": False,
        "4": False,
    }  # as the web records it


def test_life_event_back_button_revisits_a_question(qtbot, make_kiosk) -> None:
    w = make_kiosk()
    w.home.lifeevents_chosen.emit()
    w.lifeevents.start("birth")  # one question (NHI)
    _tap(qtbot, w.lifeevents.yes)
    assert w.lifeevents.pages.currentIndex() == 2
    _tap(qtbot, w.lifeevents.r_back)
    assert w.lifeevents.pages.currentIndex() == 1
    _tap(qtbot, w.lifeevents.no)
    assert w.lifeevents.plan is not None and w.lifeevents.plan.route == ("KOSEKI", "CHILD")


def test_assistance_flags_reach_the_ticket_but_not_the_slip(qtbot, make_kiosk, engine, now, printer) -> None:
    w = make_kiosk()
    _tap(qtbot, w.home.help)
    _tap(qtbot, w.assistance.buttons["wheelchair"])
    _tap(qtbot, w.assistance.buttons["interpreter"])
    assert w.assistance.buttons["wheelchair"].text().startswith("✓")
    _tap(qtbot, w.assistance.ok)
    assert w.current() == "home" and "✓" in w.home.help.text()
    _tap(qtbot, w.home.buttons["PENSION"])
    _wait_ticket(qtbot, w)
    t = _only_ticket(engine, now)
    assert t.access == ("wheelchair", "interpreter")
    assert t.priority == 1  # a wheelchair user does not wait standing in line
    assert w.flags == () and "✓" not in w.home.help.text()  # forgotten for the next visitor
    shown = " ".join(lab.text() for lab in w.ticket.findChildren(type(w.ticket.number)))
    assert "車いす" not in shown and "wheelchair" not in shown
    qtbot.waitUntil(lambda: len(printer.images) == 1, timeout=5000)


def test_interpreter_alone_is_not_priority(qtbot, make_kiosk, engine, now) -> None:
    w = make_kiosk()
    w.set_language("vi")
    w.home.help_chosen.emit()
    w.assistance.toggle("interpreter")
    w.assistance.done.emit(("interpreter",))
    w.controller.issue_service("NHI")
    _wait_ticket(qtbot, w)
    t = _only_ticket(engine, now)
    assert (t.priority, t.access, t.lang) == (0, ("interpreter",), "vi")


def test_a_nervous_triple_tap_issues_one_ticket(qtbot, make_kiosk, engine, now) -> None:
    w = make_kiosk()
    tile = w.home.buttons["NHI"]  # a service with no alternative to offer first
    for _ in range(3):
        _tap(qtbot, tile)
    _wait_ticket(qtbot, w)
    for _ in range(2):  # the rest of the burst lands on the ticket screen
        _tap(qtbot, w.ticket.done)
        _tap(qtbot, tile)
    qtbot.waitUntil(lambda: w.writer.pending == 0, timeout=5000)  # any write a tap started has landed
    assert len(engine.store.tickets_of_day(engine.day(now))) == 1
    assert w.current() == "ticket"  # "done" ignores taps for a moment


def test_the_next_visitor_gets_a_ticket_after_the_guard(qtbot, make_kiosk, engine, now) -> None:
    w = make_kiosk(guard_s=0.2)
    w.controller.issue_service("NHI")
    _wait_ticket(qtbot, w)
    qtbot.waitUntil(w.controller.guard_over, timeout=5000)
    w.go_home()
    _tap(qtbot, w.home.buttons["NHI"])
    qtbot.waitUntil(lambda: len(engine.store.tickets_of_day(engine.day(now))) == 2, timeout=5000)


def test_closed_screen_shows_the_next_opening(qtbot, make_kiosk, clock: Clock) -> None:
    clock.now = datetime(
        2026, 11, 28, 13, 0, tzinfo=TOKYO
    )  # Saturday the 28th: the 4th Saturday, after 12:00
    w = make_kiosk()
    assert w.current() == "closed"
    assert "2026年11月30日月曜日 8:45" in w.closed.next_line.text()
    w.set_language("en")
    assert w.closed.next_line.text() == "Tickets from: Monday, November 30, 2026 8:45"
    clock.now = datetime(2026, 11, 30, 8, 45, tzinfo=TOKYO)
    w.tick()
    assert w.current() == "home"


def test_office_closing_moves_the_kiosk_to_the_closed_screen(qtbot, make_kiosk, clock: Clock) -> None:
    clock.now = datetime(2026, 11, 24, 16, 59, tzinfo=TOKYO)
    w = make_kiosk()
    w.home.certificates_chosen.emit()
    clock.now += timedelta(minutes=1)
    w.tick()
    assert w.current() == "closed"
    assert "11月25日" in w.closed.next_line.text()


def test_cutoff_greys_the_service_with_its_reason(qtbot, make_kiosk, clock: Clock) -> None:
    clock.now = datetime(2026, 11, 24, 16, 50, tzinfo=TOKYO)  # MOVE and KOSEKI stop at 16:45, MYNA at 16:30
    w = make_kiosk()
    move = w.home.buttons["MOVE"]
    assert not move.isEnabled()
    assert "本日の受付は終了" in move.wait.text()
    assert move.name.property("off") == "true"  # greyed text, plus the written reason and a dashed border
    assert w.home.buttons["NHI"].isEnabled()
    assert not w.lifeevents.event_buttons["move_in"].isEnabled()  # its first step is MOVE
    assert "本日の受付は終了" in w.lifeevents.event_buttons["move_in"].text()


def test_daily_cap_greys_the_service(qtbot, make_kiosk, office_config: OfficeConfig, engine, now) -> None:
    cfg = dataclasses.replace(
        office_config,
        services=tuple(
            dataclasses.replace(s, daily_cap=2) if s.code == "MYNA" else s for s in office_config.services
        ),
    )
    w = make_kiosk(config=cfg, guard_s=0)
    for _ in range(2):
        w.go_home()
        w.controller.issue_service("MYNA")
        _wait_ticket(qtbot, w)
    w.go_home()
    tile = w.home.buttons["MYNA"]
    assert not tile.isEnabled()
    assert "上限" in tile.wait.text()
    w.controller.issue_service("MYNA")  # a tap that raced the refresh: refused by the engine, said kindly
    qtbot.waitUntil(lambda: w.flash_banner.isVisible(), timeout=5000)
    assert "上限" in w.flash_banner.text.text()
    assert len(engine.store.tickets_of_day(engine.day(now))) == 2


def test_language_switch_changes_visible_strings_and_names(qtbot, make_kiosk) -> None:
    w = make_kiosk()
    assert w.home.title.text() == "ご用件をお選びください"
    assert w.home.buttons["NHI"].name.text() == "国民健康保険"
    _tap(qtbot, w.langbar.buttons["en"])
    assert w.lang == "en"
    assert w.home.title.text() == "Please choose what you came for"
    assert w.home.buttons["NHI"].name.text() == "National Health Insurance"
    assert w.home.buttons["NHI"].sub.text() == "国民健康保険"  # Japanese kept for the visitor to match signs
    assert w.langbar.buttons["en"].text() == "✓ English"
    _tap(qtbot, w.langbar.buttons["ja_easy"])
    assert w.home.title.text() == "なにを しに きましたか？ えらんで ください"
    assert w.home.buttons["NHI"].name.text() == "こくみん けんこう ほけん"
    _tap(qtbot, w.langbar.buttons["ne"])
    assert w.home.title.text() == "तपाईं केका लागि आउनुभयो, छान्नुहोस्"
    assert "जना पर्खिरहेका" in w.home.buttons["NHI"].wait.text()


def test_ticket_in_the_visitors_language_with_japanese_for_staff(
    qtbot, make_kiosk, engine, now, printer
) -> None:
    w = make_kiosk()
    w.set_language("ko")
    w.controller.issue_service("NHI")
    _wait_ticket(qtbot, w)
    assert w.ticket.service.text() == "국민건강보험"
    assert w.ticket.service_ja.text() == "国民健康保険"
    assert w.ticket.caption.text() == "접수 번호"
    assert _only_ticket(engine, now).lang == "ko"
    qtbot.waitUntil(lambda: w.controller.printq.last_image is not None, timeout=5000)


def test_idle_reset_returns_home_in_japanese(qtbot, make_kiosk, engine, now) -> None:
    w = make_kiosk(idle_ms=200)
    w.set_language("pt")
    w.home.help_chosen.emit()
    w.assistance.toggle("vision")
    w.assistance.done.emit(("vision",))
    w.home.certificates_chosen.emit()
    w.certificates.rows["inkan"].step(+1)
    qtbot.waitUntil(lambda: w.current() == "home" and w.lang == "ja", timeout=3000)
    assert w.flags == ()
    assert w.certificates.picks() == {}
    assert w.home.title.text() == "ご用件をお選びください"
    assert engine.store.tickets_of_day(engine.day(now)) == []


def test_touching_the_screen_postpones_the_idle_reset(qtbot, make_kiosk) -> None:
    w = make_kiosk(idle_ms=60_000)  # far longer than the test: only a touch can move it
    idle = w._idle
    idle.setTimerType(Qt.TimerType.PreciseTimer)  # remainingTime() to the ms (a coarse timer has 5 % slack)
    idle.start()
    w.home.certificates_chosen.emit()
    for _ in range(3):
        left = idle.remainingTime()
        qtbot.waitUntil(lambda left=left: idle.remainingTime() < left - 50, timeout=5000)  # time has passed
        before = idle.remainingTime()
        _tap(qtbot, w.certificates.rows["inkan"].plus)
        assert idle.remainingTime() > before  # the touch started the idle time again
    assert w.current() == "certificates"
    idle.setInterval(100)
    _tap(qtbot, w.certificates.rows["inkan"].plus)  # the last touch, then nobody
    qtbot.waitUntil(lambda: w.current() == "home", timeout=3000)


def test_issuing_paused_for_everything(qtbot, make_kiosk, engine, now) -> None:
    engine.set_issuing("all", "paused", now=now)
    w = make_kiosk()
    assert all(not b.isEnabled() for b in w.home.buttons.values())
    assert w.home.status.isVisible() and "停止" in w.home.status.text.text()


def test_live_refresh_through_the_watcher(qtbot, make_kiosk, engine, now, office_config) -> None:
    w = make_kiosk(config=always_open(office_config), watch=True)
    before = w.home.buttons["NHI"].wait.text()
    assert before.startswith("あと0人")
    engine.issue("NHI", now=now)  # another kiosk or the web, through another connection
    qtbot.waitUntil(lambda: w.home.buttons["NHI"].wait.text().startswith("あと1人"), timeout=3000)


def test_printer_failure_keeps_the_ticket_and_alerts_staff(
    qtbot, make_kiosk, engine, now, printer: RecordingPrinter
) -> None:
    printer.fail = "paper_out"
    w = make_kiosk(guard_s=0)
    w.controller.issue_service("RES")
    _wait_ticket(qtbot, w)
    qtbot.waitUntil(lambda: w.ticket.print_state == "failed", timeout=5000)
    t = _only_ticket(engine, now)
    assert t.state == "open" and w.ticket.number.text() == t.display  # the ticket is valid and on screen
    assert not w.ticket.qr.pixmap().isNull()
    assert w.ticket.status.property("level") == "alert"
    assert "用紙" in w.ticket.status.text.text()
    # the title says how to keep the number, not 「番号札をお受け取りください」 above the out-of-paper banner
    assert "撮影" in w.ticket.title.text() and "お受け取り" not in w.ticket.title.text()
    qtbot.waitUntil(lambda: len(engine.alerts()) == 1, timeout=5000)
    alert = engine.alerts()[0]
    assert (alert.source, alert.kind) == ("kiosk-1", "paper_out") and "用紙" in alert.message
    w.go_home()
    w.controller.issue_service("RES")  # still failing: no second alert
    qtbot.waitUntil(
        lambda: w.ticket.number.text() == "A002" and w.ticket.print_state == "failed", timeout=5000
    )
    qtbot.waitUntil(lambda: w.writer.pending == 0, timeout=5000)  # an alert write, if any, has landed
    assert len(engine.alerts()) == 1
    printer.fail = None  # paper loaded
    w.go_home()
    w.controller.issue_service("RES")
    qtbot.waitUntil(lambda: w.ticket.print_state == "printed", timeout=5000)
    assert w.ticket.title.text() == "番号札をお受け取りください"
    qtbot.waitUntil(lambda: engine.alerts() == [], timeout=5000)


def test_paper_near_end_is_a_gentle_staff_notice(
    qtbot, make_kiosk, engine, now, printer: RecordingPrinter
) -> None:
    printer.paper_near_end = True
    w = make_kiosk(guard_s=0)
    w.controller.issue_service("RES")
    qtbot.waitUntil(lambda: w.ticket.print_state == "printed", timeout=5000)  # the visitor is not bothered
    qtbot.waitUntil(lambda: [a.kind for a in engine.alerts()] == ["paper_low"], timeout=5000)
    printer.paper_near_end = False  # a new roll
    w.go_home()
    w.controller.issue_service("RES")
    qtbot.waitUntil(lambda: engine.alerts() == [], timeout=5000)


def test_todays_notice_from_the_floor_manager_shows_on_the_home_screen(
    make_kiosk, clock, db_path, office_config
):
    from shared.office import open_office

    w = make_kiosk()
    sup = open_office(db_path, office_config)  # the supervisor console, another connection
    sup.set_notice(
        {"ja": "2階の窓口もご利用ください", "en": "Counters on floor 2 are open too"},
        now=clock(),
        actor="山田",
    )
    sup.store.close()
    w.refresh()  # what the change signal triggers
    assert "2階の窓口もご利用ください" in w.home.notice.text.text()
    w.set_language("en")
    assert "Counters on floor 2 are open too" in w.home.notice.text.text()
