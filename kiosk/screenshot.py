"""``--screenshot``: one screen rendered offscreen over a temporary demo office, saved as PNG."""

from __future__ import annotations

import dataclasses
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication

from kiosk.demo import seed_demo
from kiosk.flows.divert import offer_for_certificates
from kiosk.printing.printers import NullPrinter
from kiosk.window import KioskWindow
from shared.config import OfficeConfig
from shared.errors import MadoguchiError
from shared.office import open_office


def wait_until(done: Callable[[], bool], timeout_s: float = 10.0) -> bool:
    app = QApplication.instance()
    deadline = time.monotonic() + timeout_s
    while not done():
        if time.monotonic() > deadline:
            return False
        if app is not None:
            app.processEvents()
        time.sleep(0.005)
    return True


def _prepare(w: KioskWindow, screen: str) -> None:
    if screen == "certificates":
        w.home.certificates_chosen.emit()
        codes = [c.code for c in w.config.certificates]
        for code, copies in zip(codes[:3:2], (2, 1), strict=False):
            for _ in range(copies):
                w.certificates.rows[code].step(+1)
    elif screen in ("lifeevent", "question", "route"):
        w.home.lifeevents_chosen.emit()
        if screen != "lifeevent" and w.config.bundles:
            w.lifeevents.start(w.config.bundles[0].code)
            if screen == "route":
                for i in range(len(w.lifeevents.asked)):
                    w.lifeevents.answer(i % 2 == 0)
    elif screen == "assistance":
        w.home.help_chosen.emit()
        w.assistance.toggle("wheelchair")
    elif screen == "checkin":
        w.home.checkin_chosen.emit()
        w.checkin.field.setText("W012")
    elif screen == "staff":
        w.staff.start()
        w.show_screen("staff")
        w.staff.pin_field.setText(w.config.kiosk.staff_pin)
        w.staff._check_pin()
        w.update_staff_info()
    elif screen == "ticket":
        first = w.home.tiles[0] if w.home.tiles else None
        if first is not None and first.kind == "certificates":
            w.controller.issue_certificates({w.config.certificates[0].code: 2})
        elif first is not None:
            w.controller.issue_service(first.code)
        if not wait_until(lambda: w.current() == "ticket"):
            raise MadoguchiError("the demo ticket was not issued")
    elif screen in ("alternative", "alternative_taken"):
        first = next(
            (c.code for c in w.config.certificates if offer_for_certificates(w.config, {c.code: 1})), None
        )
        if first is None:
            raise MadoguchiError("the office profile offers no alternative for any certificate")
        w.home.certificates_chosen.emit()
        w.certificates.rows[first].step(+1)
        w.controller.request_certificates(w.certificates.picks())
        if screen == "alternative_taken":
            w.controller.take_alternative()
    elif screen == "unavailable":
        w.unavailable.set_detail("データベースに接続できません / database unavailable: (demo)")
        w.show_screen("unavailable")


def render(
    config: OfficeConfig,
    path: Path,
    screen: str,
    lang: str,
    size: tuple[int, int],
    now: datetime | None = None,
) -> None:
    """Render ``screen`` in ``lang`` at ``size`` to ``path`` over a throwaway demo DB."""
    from kiosk.app import DEMO_CLOSED, DEMO_NOW

    when = now or (DEMO_CLOSED if screen == "closed" else DEMO_NOW)
    cfg = dataclasses.replace(config, kiosk=dataclasses.replace(config.kiosk, printer={"kind": "none"}))
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        engine = open_office(db, cfg)
        seed_demo(engine, when)
        engine.store.close()
        w = KioskWindow(cfg, db, clock=lambda: when, watch=False, printer_make=lambda _s: NullPrinter())
        try:
            w.fit_to(*size)
            w.show()
            w.set_language(lang)
            w.refresh()
            w.tick()
            _prepare(w, screen)
            wait_until(lambda: w.writer.pending == 0, 5.0)
            app = QApplication.instance()
            if app is not None:
                app.processEvents()
            if not w.grab().save(str(path)):
                raise OSError(f"cannot write {path}")
        finally:
            w.shutdown()
            w.close()
            w.deleteLater()
