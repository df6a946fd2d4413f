"""Queue panel (oldest highlighted not by colour alone, counts per service), status bar figures, and the
current-ticket panel's request, flags and language."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from counter.queue_model import COLUMNS, QueueModel
from shared.storage.counter_stats import counter_day_stats
from tests.counter.conftest import press, settle


def _cell(model: QueueModel, row: int, col: str, role: int = Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, COLUMNS.index(col)), role)


def test_queue_panel_marks_the_oldest_and_counts_per_service(qtbot, console, kiosk, clock):
    t0 = clock()
    web = kiosk.issue("RES", now=t0 - timedelta(minutes=30), channel="web").ticket  # booked, not arrived
    old = kiosk.issue("TAX", now=t0 - timedelta(minutes=25), lang="en").ticket
    kiosk.issue("RES", now=t0 - timedelta(minutes=10), access=("wheelchair",))
    kiosk.issue("RES", now=t0 - timedelta(minutes=5))
    w = console(1)
    m = w.queue_panel.model
    # the ticket 呼出 takes next heads the list; then oldest first (the web booking has not arrived)
    assert [r.display for r in m.rows][:2] == [old.display, web.display]
    i = m.row_of(old.display)
    assert _cell(m, i, "状態") == "▶次 ★最長"  # words, not only colour
    assert _cell(m, i, "待ち") == "25分"
    assert _cell(m, i, "配慮・言語") == "English"
    assert _cell(m, i, "番号", Qt.ItemDataRole.FontRole).bold()
    assert _cell(m, i, "番号", Qt.ItemDataRole.BackgroundRole) is not None
    assert "未到着" in _cell(m, m.row_of(web.display), "状態")
    assert "車いす" in _cell(m, 2, "配慮・言語")
    text = w.queue_panel.counts.text()
    assert "待ち 合計 4人" in text
    assert "住民票・印鑑証明　待ち 3人・最長 10分" in text  # the web booking has not arrived
    assert "税証明　待ち 1人・最長 25分" in text
    clock.advance(2)
    w.tick()
    assert _cell(m, i, "待ち") == "27分"  # running times move without a DB read
    clock.advance(3)  # past the profile's long_wait_min (30)
    w.tick()
    assert _cell(m, i, "待ち") == "30分 ⚠"
    assert _cell(m, i, "待ち", Qt.ItemDataRole.ToolTipRole) == "30分以上お待ちです"


def test_current_ticket_shows_request_flags_language_and_wait(qtbot, console, kiosk, clock):
    req = {"certificates": [{"code": "juminhyo", "copies": 2}, {"code": "inkan", "copies": 1}]}
    t = kiosk.issue(
        "RES", now=clock(), request=req, access=("hearing", "wheelchair"), lang="vi", priority=1
    ).ticket
    w = console(1)
    clock.advance(18)
    press(qtbot, w, "call", "key")
    p = w.ticket_panel
    assert p.number.text() == t.display and p.service.text() == "住民票・印鑑証明"
    assert p.request.text() == "・住民票の写し × 2通\n・印鑑登録証明書 × 1通"
    assert p.access.isVisible()
    assert p.access.text().splitlines()[0].startswith("聴覚: お席までお迎えに行ってください")
    assert "車いす" in p.access.text()
    assert p.priority.isVisible()
    assert p.fields["lang"].text() == "Tiếng Việt"
    assert p.fields["waited"].text() == "18分"
    assert "完了で手続きはすべて終わり" in p.after.text()


def test_status_bar_counts_this_counters_day(qtbot, console, kiosk, clock):
    for i in range(3):
        kiosk.issue("RES", now=clock() + timedelta(seconds=i))
    w = console(1)
    other = console(2, services=("RES",))
    for minutes in (4, 6):
        press(qtbot, w, "call", "key")
        press(qtbot, w, "start", "key")
        clock.advance(minutes)
        press(qtbot, w, "finish", "key")
    press(qtbot, other, "call", "key")  # another counter's work is not counted here
    press(qtbot, other, "finish", "key")
    assert w.status.stats.text() == "本日この窓口: 完了 2件・平均対応 5分00秒"
    s = counter_day_stats(w.engine.store, 1, w.engine.day(clock()))
    assert (s.served, s.called, s.avg_service_s) == (2, 2, 300.0)
    assert counter_day_stats(w.engine.store, 1, "2026-11-25").served == 0  # another day


def test_portrait_layout_stacks_panels(qtbot, console):
    w = console(1, size=(1080, 1920))
    assert w.body.direction().name == "TopToBottom"
    grid = w.action_bar._grid
    pos = [grid.getItemPosition(grid.indexOf(b))[:2] for b in w.action_bar.buttons.values()]
    assert pos[4] == (0, 4) and pos[5] == (1, 0)  # two rows of five
    w.resize(1920, 1080)
    qtbot.waitUntil(lambda: w.body.direction().name == "LeftToRight", timeout=2000)
    assert grid.getItemPosition(grid.indexOf(w.action_bar.buttons["close"]))[:2] == (0, 9)


def test_a_clerk_acknowledges_a_kiosk_alert(qtbot, console, kiosk, clock):
    from PySide6.QtCore import Qt

    kiosk.raise_alert("kiosk-1", "paper_out", "用紙切れです", now=clock())
    w = console(1)
    w.refresh()
    assert w.status.ack.isVisible() and "用紙切れ" in w.status.alerts.text()
    qtbot.mouseClick(w.status.ack, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    assert kiosk.alerts() == []
    assert not w.status.ack.isVisible() and not w.status.alerts.isVisible()
