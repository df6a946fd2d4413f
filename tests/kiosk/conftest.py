"""Kiosk window fixtures: a real KioskWindow over the test's real SQLite file, offscreen, with a settable clock."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from kiosk.printing.api import PrinterError
from kiosk.window import KioskWindow
from shared.config import OfficeConfig


class Clock:
    """The kiosk's clock: tests move it, nothing is monkeypatched."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class RecordingPrinter:
    """A printer that records what it printed, or fails with ``fail`` (offline | paper_out | error)."""

    width_px = 576

    def __init__(self) -> None:
        self.images: list[Image.Image] = []
        self.tests = 0
        self.fail: str | None = None
        self.paper_near_end = False  # as EscposPrinter reports it after a status check

    def print_ticket(self, image: Image.Image) -> None:
        if self.fail == "offline":
            raise PrinterError.offline("test printer", "connection refused")
        if self.fail == "paper_out":
            raise PrinterError.paper_out("test printer")
        if self.fail:
            raise PrinterError.error("test printer", self.fail)
        self.images.append(image)

    def test_page(self) -> None:
        self.tests += 1


def with_printer(cfg: OfficeConfig, settings: dict[str, Any]) -> OfficeConfig:
    return dataclasses.replace(cfg, kiosk=dataclasses.replace(cfg.kiosk, printer=settings))


@pytest.fixture
def clock(now: datetime) -> Clock:
    return Clock(now)


@pytest.fixture
def printer() -> RecordingPrinter:
    return RecordingPrinter()


@pytest.fixture
def make_kiosk(
    qtbot: Any, db_path: Path, office_config: OfficeConfig, clock: Clock, printer: RecordingPrinter
) -> Iterator[Callable[..., KioskWindow]]:
    """``make_kiosk(config=..., size=(w, h), printer_make=..., **window_kwargs)`` -> a shown KioskWindow."""
    windows: list[KioskWindow] = []

    def make(
        config: OfficeConfig | None = None,
        size: tuple[int, int] = (1920, 1080),
        path: Path | None = None,
        printer_make: Any = "recording",
        **kwargs: Any,
    ) -> KioskWindow:
        cfg = config or with_printer(office_config, {"kind": "qt", "pdf_path": "unused.pdf"})
        make_fn = (lambda _settings: printer) if printer_make == "recording" else printer_make
        kwargs.setdefault("watch", False)
        w = KioskWindow(cfg, path or db_path, clock=clock, printer_make=make_fn, **kwargs)
        qtbot.addWidget(w)
        w.fit_to(*size)
        w.show()
        windows.append(w)
        return w

    yield make
    for w in windows:
        w.shutdown()
