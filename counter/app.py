"""``madoguchi counter``: the clerk's console, one per counter PC.

    madoguchi counter [--counter N] [--clerk NAME] [--db PATH] [--config PATH] [--screenshot PATH] [--size WxH]
    madoguchi counter --screenshot PATH --screen called|serving|idle|signin [--lang LANG] [--size WxH]
    madoguchi counter --contact-sheet PATH

With ``--counter N`` (or, without it, the counter this PC served last) open or paused in the DB, the console comes
straight back with its current ticket (restart recovery); otherwise the sign-in page opens.
``--screenshot PATH`` renders offscreen and exits; without ``--db`` (and without $MADOGUCHI_DB) it renders a
built-in demo morning at a fixed time, so the picture is reproducible.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from counter.demo import SCREENS
from shared.errors import MadoguchiError, report_error
from shared.i18n import LANGS
from shared.outpath import check_writable
from shared.qt.scale import apply_scale, geometry_arg, place, scale_arg
from shared.screen import parse_size
from shared.timeutil import now_tokyo

if TYPE_CHECKING:
    from counter.window import CounterWindow

log = logging.getLogger("counter")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="madoguchi counter",
        description="窓口の操作画面（職員用） / the clerk's console: call, recall, start, hold, transfer, finish",
        epilog="a counter's state without the console (madoguchi counter open --help):\n"
        "  madoguchi counter open|pause|resume|close|services N [--services CODE …] [--reason TEXT] [--clerk NAME]",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--counter", type=int, help="窓口番号（指定すると、開局中ならそのまま再開）")
    p.add_argument("--clerk", help="担当者名（任意）")
    p.add_argument(
        "--db", help="SQLite file or postgresql:// URL (default: $MADOGUCHI_DB or the user data directory)"
    )
    p.add_argument(
        "--config", help="office profile TOML (default: $MADOGUCHI_CONFIG or the built-in profile)"
    )
    p.add_argument("--screenshot", metavar="PATH", help="render offscreen to a PNG and exit")
    p.add_argument(
        "--contact-sheet",
        metavar="PATH",
        help="render the demo's screens (the called visitor in all nine languages) on 1920x1080, 1366x768 and "
        "1024x768 into one PNG grid and exit",
    )
    p.add_argument(
        "--screen",
        choices=tuple(SCREENS),
        help="with --screenshot of the demo: called (counter 1), serving (7), idle (4) or signin",
    )
    p.add_argument(
        "--lang",
        choices=LANGS,
        default="ja",
        help="with --screenshot of the demo: the called visitor's language (the console itself is Japanese)",
    )
    p.add_argument(
        "--autopilot", type=float, metavar="SPEED", help="demo: a simulated clerk at SPEED × real time"
    )
    p.add_argument(
        "--size", type=parse_size, default=(1920, 1080), help="window size WxH (default 1920x1080)"
    )
    p.add_argument(
        "--geometry", type=geometry_arg, metavar="WxH+X+Y", help="the window's size and screen position"
    )
    p.add_argument(
        "--scale",
        type=scale_arg,
        help="draw everything this much larger or smaller (e.g. 0.7), or 'auto' to fit 1920x1080 to the screen",
    )
    return p


def remembered_counter() -> int | None:
    """The counter this PC served last (a counter PC serves one counter): a reboot comes straight back to it."""
    from PySide6.QtCore import QSettings

    value = QSettings("madoguchi", "counter").value("last_counter")
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def remember_counter(number: int) -> None:
    from PySide6.QtCore import QSettings

    QSettings("madoguchi", "counter").setValue("last_counter", number)


def _fail(text: str, gui: bool) -> int:
    code = report_error(text)
    if gui:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, "窓口の操作画面", text)
    return code


def restore_order(argv: list[str], sys_argv: list[str]) -> list[str]:
    """shared/cli.py hands apps ``rest + unknown``, which moves options after their values
    (``--screenshot x.png`` arrives as ``x.png --screenshot``). If ``argv`` is exactly the tokens that followed
    ``counter`` on the real command line, take them in their real order; otherwise leave ``argv`` alone."""
    if "counter" not in sys_argv[1:]:
        return argv
    tail = sys_argv[sys_argv.index("counter", 1) + 1 :]
    return tail if sorted(tail) == sorted(argv) and tail != argv else argv


def main(argv: list[str]) -> int:
    args = parser().parse_args(restore_order(list(argv), sys.argv))
    shot = args.screenshot is not None or args.contact_sheet is not None
    if shot:
        try:
            check_writable(Path(args.screenshot or args.contact_sheet))
        except MadoguchiError as exc:
            return _fail(str(exc), gui=False)
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.scale is not None and not (shot and args.scale == "auto"):
        apply_scale(args.scale)  # before the QApplication exists
    from PySide6.QtWidgets import QApplication

    from shared.qt import fonts

    fonts.prepare()  # before the QApplication: Nepali text gets its own face, without a warning
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "madoguchi-counter"])
    assert isinstance(app, QApplication)
    app.setFont(fonts.ui_font(12))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")

    from counter.demo import DEMO_NOW, build_demo
    from counter.window import CounterWindow
    from shared.office import open_office
    from shared.storage.target import parse_target

    demo = shot and args.db is None and not os.environ.get("MADOGUCHI_DB")
    if args.contact_sheet or (demo and args.screen):
        return _demo_pictures(args)
    tmp: tempfile.TemporaryDirectory[str] | None = None
    clock: Callable[[], datetime] = now_tokyo
    try:
        if demo:
            tmp = tempfile.TemporaryDirectory(prefix="madoguchi-counter-")
            db_path = parse_target(Path(tmp.name) / "demo.db")
            engine = open_office(db_path, args.config)
            build_demo(engine, args.lang)
            clock = lambda: DEMO_NOW  # noqa: E731 - a fixed clock makes the picture reproducible
            counter = args.counter if args.counter is not None else 1
        else:
            db_path = parse_target(args.db)
            engine = open_office(db_path, args.config, create=False, verify=True)
            counter = args.counter if args.counter is not None else remembered_counter()
    except MadoguchiError as exc:
        return _fail(str(exc), gui=not shot)
    try:
        window = CounterWindow(engine, db_path=db_path, clock=clock)
        window.resize(*args.size)
        window.start(counter, args.clerk)
        if shot:
            return _screenshot(window, Path(args.screenshot), args.size)
        window.entered.connect(remember_counter)
        _install_excepthook(window)
        if args.autopilot:
            from counter.autopilot import Autopilot

            pilot = Autopilot(window, args.autopilot)  # noqa: F841 - lives as long as the app
        from shared.qt.lifecycle import quit_on_signals

        quit_on_signals(app)
        if args.geometry:
            place(window, args.geometry)
        window.show()
        return app.exec()
    finally:
        engine.store.close()
        if tmp is not None:
            tmp.cleanup()


def _demo_pictures(args: argparse.Namespace) -> int:
    """--contact-sheet, or --screenshot of one demo --screen (counter/shots.py)."""
    from counter import shots

    try:
        if args.contact_sheet:
            n = shots.contact_sheet(args.config, Path(args.contact_sheet), LANGS)
            print(f"wrote {args.contact_sheet} ({n} tiles)")
        else:
            shots.render(args.config, Path(args.screenshot), args.screen, args.lang, args.size)
            print(f"screenshot: {args.screenshot} ({args.size[0]}x{args.size[1]})")
    except (MadoguchiError, OSError, ValueError) as exc:
        return _fail(str(exc), gui=False)
    return 0


def _screenshot(window: CounterWindow, path: Path, size: tuple[int, int]) -> int:
    from PySide6.QtWidgets import QApplication

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


def _install_excepthook(window: CounterWindow) -> None:
    """A bug must not show a traceback to the clerk: log it and show one line."""

    def hook(typ: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.error("unexpected error", exc_info=(typ, exc, tb))
        try:
            window.say(
                f"予期しないエラーが起きました（記録しました）: {typ.__name__}。操作をやり直してください",
                error=True,
            )
            window.refresh()
        except Exception:  # noqa: BLE001 - the hook itself must never raise
            pass

    sys.excepthook = hook


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
