"""Counter console fixtures: a settable clock, and real consoles over the real temp SQLite file."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter.window import CounterWindow
from shared.config import OfficeConfig
from shared.engine import QueueEngine
from shared.office import open_office

KEYS = {
    "call": "F1",
    "recall": "F2",
    "no_show": "F3",
    "start": "F4",
    "hold": "F5",
    "transfer": "F6",
    "finish": "F7",
    "call_number": "F8",
    "pause": "F9",
    "close": "F10",
}


class Clock:
    """``now`` for the console, advanced by the test (time is an argument, never monkeypatched)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: float = 0.0, seconds: float = 0.0) -> datetime:
        self.now += timedelta(minutes=minutes, seconds=seconds)
        return self.now


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread() -> Iterator[None]:
    """A console sits in reference cycles (its action table of bound methods). Collect it here, on the GUI
    thread, after pytest-qt closed it, not whenever a later test's server thread happens to run the collector:
    PySide objects freed on a foreign thread can crash the interpreter."""
    yield
    gc.collect()


@pytest.fixture
def clock(now: datetime) -> Clock:
    return Clock(now)


@pytest.fixture
def office(db_path: Path, office_config: OfficeConfig) -> Iterator[Callable[[], QueueEngine]]:
    """Open another connection to the same office DB (another process's view). All closed at the end."""
    opened: list[QueueEngine] = []

    def make() -> QueueEngine:
        e = open_office(db_path, office_config)
        opened.append(e)
        return e

    yield make
    for e in opened:
        e.store.close()


@pytest.fixture
def kiosk(office: Callable[[], QueueEngine]) -> QueueEngine:
    """A separate connection that issues tickets, as the kiosk process does."""
    return office()


@pytest.fixture
def console(
    qtbot: Any, db_path: Path, office: Callable[[], QueueEngine], clock: Clock
) -> Callable[..., CounterWindow]:
    def make(
        counter: int = 1,
        *,
        services: tuple[str, ...] | None = None,
        open_counter: bool = True,
        clerk: str | None = None,
        size: tuple[int, int] = (1920, 1080),
    ) -> CounterWindow:
        e = office()
        if open_counter:
            e.open_counter(counter, now=clock(), services=services, clerk=clerk)
        w = CounterWindow(e, db_path=db_path, clock=clock, watch_ms=40)
        qtbot.addWidget(w)
        w.resize(*size)
        w.show()
        qtbot.waitExposed(w)
        with qtbot.waitActive(w):
            w.activateWindow()
        w.start(counter)
        return w

    return make


def press(qtbot: Any, w: CounterWindow, action: str, via: str) -> None:
    """Trigger an action by clicking its button or pressing its F-key."""
    if via == "button":
        qtbot.mouseClick(w.action_bar.buttons[action], Qt.MouseButton.LeftButton)
    else:
        if QApplication.activeWindow() is not w:  # F-keys go to the active window only
            with qtbot.waitActive(w):
                w.activateWindow()
        qtbot.keyClick(w, getattr(Qt.Key, f"Key_{KEYS[action]}"))
    settle(qtbot, w)


def settle(qtbot: Any, w: CounterWindow) -> None:
    """Wait until the console's background writer has delivered every result (the screen is re-read then)."""
    qtbot.waitUntil(lambda: w.writer.pending == 0, timeout=10000)


def event_types(engine: QueueEngine, ticket_id: int) -> list[str]:
    return [e["type"] for e in engine.store.events(ticket_id=ticket_id)]
