"""書かない at the counter: the inline count of hand-written forms, through the console's keys on the real engine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter.window import CounterWindow
from shared.config import OfficeConfig, parse_config, read_config_text
from shared.engine import QueueEngine
from shared.errors import ConfigError, DomainError, worded
from shared.office import open_office
from tests.counter.conftest import Clock, press, settle


def _finished(engine: QueueEngine, ticket_id: int) -> list[dict[str, Any]]:
    return [e["data"] for e in engine.store.events(ticket_id=ticket_id, types=["finished"])]


def _digit(qtbot: Any, w: CounterWindow, n: int) -> None:
    if QApplication.activeWindow() is not w:
        with qtbot.waitActive(w):
            w.activateWindow()
    qtbot.keyClick(w, getattr(Qt.Key, f"Key_{n}"))


def test_a_life_event_step_logs_0_by_default_and_3_after_one_keypress(qtbot, console, kiosk, clock):
    t = kiosk.issue_bundle("move_in", {1: True}, now=clock()).ticket  # MOVE, then NHI
    w = console(4, services=("MOVE", "NHI"))
    clock.advance(2)
    press(qtbot, w, "call", "key")
    assert w.forms_prompt.isVisible() and w.forms_prompt.count.text() == "0 枚"
    press(qtbot, w, "finish", "key")  # nothing typed: 0 forms
    assert _finished(w.engine, t.id)[-1].items() >= {"forms": 0, "forms_by": "clerk"}.items()
    clock.advance(1)
    press(qtbot, w, "call", "key")  # NHI, same number
    assert w.view is not None and w.view.queue == "NHI"
    assert w.forms_prompt.count.text() == "0 枚"  # a new step starts at 0 again
    _digit(qtbot, w, 3)
    assert w.forms_prompt.count.text() == "3 枚"
    press(qtbot, w, "finish", "key")
    got = _finished(w.engine, t.id)
    assert [(d["forms"], d["forms_by"]) for d in got] == [(0, "clerk"), (3, "clerk")]
    assert "手書きの申請書 3 枚" in w.message.text()
    assert not w.forms_prompt.isVisible()  # nobody at the counter: nothing to ask


def test_a_digit_with_no_step_at_the_counter_changes_nothing(qtbot, console, kiosk, clock):
    t = kiosk.issue("RES", now=clock()).ticket  # a single-service ticket without a kiosk request
    w = console(1)
    _digit(qtbot, w, 5)
    clock.advance(1)
    press(qtbot, w, "call", "key")
    assert not w.forms_prompt.isVisible()
    _digit(qtbot, w, 5)
    press(qtbot, w, "finish", "key")
    assert "forms" not in _finished(w.engine, t.id)[0]


def test_a_kiosk_request_counts_as_0_and_is_marked(qtbot, console, kiosk, clock):
    t = kiosk.issue_route(
        ["RES"], now=clock(), request={"certificates": [{"code": "juminhyo", "copies": 2}]}
    ).ticket
    w = console(1)
    clock.advance(1)
    press(qtbot, w, "call", "key")
    assert w.forms_prompt.isVisible() and "発券機・Web で申請済み" in w.forms_prompt.note.text()
    press(qtbot, w, "finish", "key")
    got = _finished(w.engine, t.id)[0]
    assert (got["forms"], got["forms_by"], got["certs"]) == (0, "kiosk", {"juminhyo": 2})


@pytest.fixture
def form_free_config() -> OfficeConfig:
    """The built-in profile with 転入・転出 (MOVE) marked form-free by the office."""
    text, src = read_config_text()
    marked = text.replace('code = "MOVE"\n', 'code = "MOVE"\nform_free = true\n', 1)
    assert marked != text
    return parse_config(marked, src)


def test_a_form_free_service_never_shows_the_prompt(
    qtbot: Any, db_path: Path, form_free_config: OfficeConfig, clock: Clock
) -> None:
    e = open_office(db_path, form_free_config)
    t = e.issue_bundle("move_in", {1: True}, now=clock()).ticket
    e.open_counter(4, now=clock(), services=("MOVE", "NHI"))
    w = CounterWindow(e, db_path=db_path, clock=clock, watch_ms=40)
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    qtbot.waitExposed(w)
    w.start(4)
    clock.advance(1)
    press(qtbot, w, "call", "key")
    assert w.view is not None and w.view.queue == "MOVE"
    assert not w.forms_prompt.isVisible()
    _digit(qtbot, w, 4)  # ignored: nothing is asked
    press(qtbot, w, "finish", "key")
    assert _finished(e, t.id)[0].items() >= {"forms": 0, "forms_by": "form_free"}.items()
    press(qtbot, w, "call", "key")  # NHI is not form-free: asked
    assert w.forms_prompt.isVisible()
    settle(qtbot, w)
    w.close()
    e.store.close()


def test_the_engine_refuses_a_bad_count(db_path: Path, office_config: OfficeConfig, clock: Clock) -> None:
    """Not through keys (the console only sends 0–9): a script passing a wrong count gets a worded error."""
    e = open_office(db_path, office_config)
    e.issue_bundle("move_in", {}, now=clock())
    e.open_counter(4, now=clock())
    e.call_next(4, now=clock())
    for bad in (-1, 100, True, 2.5):
        with pytest.raises(DomainError) as err:
            e.finish(4, now=clock(), forms=bad)  # type: ignore[arg-type]
        assert "申請書の枚数" in worded(err.value)
    assert e.current(4) is not None  # nothing finished
    e.store.close()


def test_form_free_must_be_true_or_false() -> None:
    """The profile's one validator words a wrong value (config check prints it; nothing starts on it)."""
    text, src = read_config_text()
    bad = text.replace('code = "MOVE"\n', 'code = "MOVE"\nform_free = "yes"\n', 1)
    with pytest.raises(ConfigError) as err:
        parse_config(bad, src)
    assert "form_free" in str(err.value) and "true or false" in str(err.value)


def test_the_command_line_finish_logs_forms(
    db_path: Path, office_config: OfficeConfig, clock: Clock, capsys
) -> None:  # type: ignore[no-untyped-def]
    from shared import cli as madoguchi

    e = open_office(db_path, office_config)
    t = e.issue_bundle("move_out", {}, now=clock()).ticket
    e.open_counter(4, now=clock())
    e.call_next(4, now=clock())
    assert madoguchi.main(["--db", str(db_path), "finish", "4", "--forms", "100"]) == 2
    assert "申請書の枚数" in capsys.readouterr().err
    assert madoguchi.main(["--db", str(db_path), "finish", "4", "--forms", "2"]) == 0
    assert _finished(e, t.id)[0].items() >= {"forms": 2, "forms_by": "clerk"}.items()
    e.store.close()
