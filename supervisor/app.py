"""``madoguchi supervisor``: the floor manager's console.

    madoguchi supervisor [--db PATH] [--config PATH] [--screenshot PATH] [--size WxH] [--tab N] [--engine-reps N]
    madoguchi supervisor hash-pin [--name NAME]      (reads the PIN from the terminal or stdin)

The supervisor signs in with a name and a PIN whose scrypt hash is in the profile's ``[supervisor] pins``.
``--screenshot PATH`` renders offscreen and exits; without ``--db`` (and without $MADOGUCHI_DB) it renders a
built-in busy 繁忙期 morning (the March-30 scenario at 11:10) signed in as "demo", so the picture is reproducible.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from shared.errors import MadoguchiError, report_error
from shared.outpath import check_writable
from shared.pins import check_pin_text, hash_pin
from shared.screen import parse_size
from shared.timeutil import now_tokyo

log = logging.getLogger("supervisor")
TABS = ("フロア", "待ち番号", "お知らせ", "予測")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="madoguchi supervisor",
        description="フロアマネージャー画面 / the floor manager's console: the whole office live, counter and "
        "issuing actions, today's notice, what-if staffing plans",
        epilog="madoguchi supervisor hash-pin [--name NAME]: print a PIN hash for [supervisor] pins",
    )
    p.add_argument("--db", help="SQLite file (default: $MADOGUCHI_DB or the user data directory)")
    p.add_argument(
        "--config", help="office profile TOML (default: $MADOGUCHI_CONFIG or the built-in profile)"
    )
    p.add_argument("--screenshot", metavar="PATH", help="render offscreen to a PNG and exit")
    p.add_argument(
        "--size", type=parse_size, default=(1920, 1080), help="window size WxH (default 1920x1080)"
    )
    p.add_argument("--tab", type=int, default=0, choices=range(len(TABS)), help="screenshot: which tab (0–3)")
    p.add_argument(
        "--engine-reps",
        type=int,
        default=None,
        metavar="N",
        help="what-if: engine replications per plan; after the first answer (within the time budget) the rest run "
        "in the background (default 300)",
    )
    return p


def hash_pin_main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(
        prog="madoguchi supervisor hash-pin", description="print a supervisor PIN hash"
    )
    p.add_argument("--name", default="名前", help="the supervisor's name, for the TOML line printed")
    a = p.parse_args(argv)
    if sys.stdin.isatty():
        pin = getpass.getpass("PIN: ")
        again = getpass.getpass("PIN (again): ")
        if pin != again:
            return report_error("the two PINs differ")
    else:
        pin = sys.stdin.readline().strip()
    why = check_pin_text(pin)
    if why:
        return report_error(why)
    print("[supervisor.pins]")
    print(f'"{a.name}" = "{hash_pin(pin)}"')
    return 0


def main(argv: list[str]) -> int:
    argv = list(argv)
    if argv[:1] == ["hash-pin"]:
        return hash_pin_main(argv[1:])
    args = parser().parse_args(argv)
    shot = args.screenshot is not None
    if shot:
        try:
            check_writable(Path(args.screenshot))
        except MadoguchiError as exc:
            return report_error(exc)
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from shared.qt import fonts

    fonts.prepare()  # before the QApplication: Nepali text gets its own face, without a warning
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "madoguchi-supervisor"])
    assert isinstance(app, QApplication)
    app.setFont(fonts.ui_font(12))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")

    from shared.office import open_office
    from shared.storage.target import parse_target
    from supervisor.demo import build_demo
    from supervisor.window import SupervisorWindow

    demo = shot and args.db is None and not os.environ.get("MADOGUCHI_DB")
    tmp: tempfile.TemporaryDirectory[str] | None = None
    clock: Callable[[], datetime] = now_tokyo
    try:
        if demo:
            tmp = tempfile.TemporaryDirectory(prefix="madoguchi-supervisor-")
            db_path = parse_target(Path(tmp.name) / "demo.db")
            engine = open_office(db_path, args.config)
            fixed = build_demo(engine)
            clock = lambda: fixed  # noqa: E731 - a fixed clock makes the picture reproducible
        else:
            db_path = parse_target(args.db)
            engine = open_office(db_path, args.config, create=False, verify=True)
    except MadoguchiError as exc:
        if not shot:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(None, "フロアマネージャー画面", str(exc))
        return report_error(exc)
    try:
        compact = args.size[0] < 1600 or args.size[1] < 900
        window = SupervisorWindow(engine, db_path=db_path, clock=clock, watch=not shot, compact=compact)
        window.resize(*args.size)
        if args.engine_reps is not None:
            window.whatif.reps.setValue(args.engine_reps)
        if shot:
            return _screenshot(window, Path(args.screenshot), args.size, args.tab, demo)
        from shared.qt.lifecycle import quit_on_signals

        quit_on_signals(app)
        window.show()
        return app.exec()
    finally:
        engine.store.close()
        if tmp is not None:
            tmp.cleanup()


def _screenshot(window: object, path: Path, size: tuple[int, int], tab: int, demo: bool) -> int:
    from PySide6.QtWidgets import QApplication

    from supervisor.window import SupervisorWindow

    assert isinstance(window, SupervisorWindow)
    if demo:
        window.enter("demo")
        window.counters.selectRow(4)
        window.services.selectRow(3)
        if tab == 3:
            from shared.sim.whatif_pool import warm_up

            warm_up()  # as the console does when the tab opens: the first answer does not start the workers
            window.whatif.common.setText("pause 1 @11:30-12:15; pause 2 @12:15-13:00")
            window.whatif.plans[1].setText("+2 MOVE @now")
            window.whatif.plans[2].setText("serve 3 MOVE @11:30; close 5 @12:00")
            window.whatif.run()
            window.whatif.wait_idle()
            window.whatif.which.setCurrentIndex(2)
            window.whatif.apply()  # the later steps wait in the list below, with a cancel
    window.tabs.setCurrentIndex(tab)
    window.setFixedSize(*size)
    window.show()
    for _ in range(5):
        QApplication.processEvents()
    ok = window.grab().save(str(path), "PNG")
    window.close()
    if not ok:
        return report_error(f"cannot write {path}")
    print(f"screenshot: {path} ({size[0]}x{size[1]})")
    return 0
