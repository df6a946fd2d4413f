"""``madoguchi display``: the hall (lobby) monitor, full screen.

    madoguchi display [--profile NAME] [--db PATH] [--config PATH] [--windowed] [--mute]
                      [--screenshot PATH [--size 1920x1080|1080x1920] [--lang CODE]] [--contact-sheet PATH]

``--profile`` picks a ``[[displays]]`` entry of the office profile (default: ``main``, else the first one); an
unknown name prints one line naming the known profiles and exits with code 2. ``--screenshot PATH`` renders
offscreen and exits; without ``--db`` (and without $MADOGUCHI_DB) it renders a built-in demo day at 13:05, so the
picture is reproducible. ``--contact-sheet PATH`` renders the same in all nine languages on 1920×1080, 1366×768 and
1080×1920 into one PNG grid (display/contact_sheet.py). Ctrl+Q closes the window.
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

from shared.config import DisplayProfile, OfficeConfig, load_config
from shared.engine import QueueEngine
from shared.errors import MadoguchiError, report_error
from shared.i18n import LANGS
from shared.office import current_config
from shared.outpath import check_writable
from shared.qt.scale import geometry_arg, place
from shared.screen import parse_size
from shared.storage.target import DbTarget
from shared.timeutil import now_tokyo

log = logging.getLogger("display")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="madoguchi display", description="呼出表示モニター（待合ホール）")
    p.add_argument("--profile", help="display profile from the office profile's [[displays]] (default: main)")
    p.add_argument(
        "--db", help="SQLite file or postgresql:// URL (default: $MADOGUCHI_DB or the user data directory)"
    )
    p.add_argument(
        "--config", help="office profile TOML (default: $MADOGUCHI_CONFIG or the built-in profile)"
    )
    p.add_argument("--windowed", action="store_true", help="a normal window instead of full screen")
    p.add_argument("--mute", action="store_true", help="no sound, whatever the profile says")
    p.add_argument("--screenshot", metavar="PATH", help="render offscreen to a PNG and exit")
    p.add_argument("--size", type=parse_size, default=None, help="window size WxH (default 1920x1080)")
    p.add_argument(
        "--geometry",
        type=geometry_arg,
        metavar="WxH+X+Y",
        help="a window of this size at this screen position (implies --windowed)",
    )
    p.add_argument("--lang", choices=LANGS, help="with --screenshot: the label language to render")
    p.add_argument(
        "--contact-sheet",
        metavar="PATH",
        help="render every language on 1920x1080, 1366x768 and 1080x1920 into one PNG grid and exit",
    )
    return p


def pick_profile(config: OfficeConfig, name: str | None) -> DisplayProfile:
    """The named profile; without a name ``main`` or the first one. Raises ConfigError for an unknown name."""
    if name is not None:
        return config.display(name)
    names = [d.name for d in config.displays]
    return config.display("main" if "main" in names else names[0])


def main(argv: list[str]) -> int:
    args = parser().parse_args(list(argv))
    shot = args.screenshot is not None or args.contact_sheet is not None
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    demo = shot and args.db is None and not os.environ.get("MADOGUCHI_DB")
    try:
        for out in (args.screenshot, args.contact_sheet):
            if out is not None:
                check_writable(Path(out))
        # the office's current profile from the database (a screenshot of the demo office: the file)
        config = load_config(args.config) if demo else current_config(args.db, args.config)
        profile = pick_profile(config, args.profile)
    except MadoguchiError as exc:
        return report_error(str(exc))
    if shot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if "QT_LOGGING_RULES" not in os.environ:
        os.environ["QT_LOGGING_RULES"] = "qt.multimedia.*=false"
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from display.palette import FAMILY

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "madoguchi-display"])
    assert isinstance(app, QApplication)
    app.setFont(QFont(FAMILY))

    from display.demo import DEMO_NOW, build_demo
    from shared.office import open_office
    from shared.storage.target import parse_target

    tmp: tempfile.TemporaryDirectory[str] | None = None
    clock: Callable[[], datetime] = now_tokyo
    try:
        if demo:
            tmp = tempfile.TemporaryDirectory(prefix="madoguchi-display-")
            db_path = parse_target(Path(tmp.name) / "demo.db")
            engine = open_office(db_path, config)
            build_demo(engine)
            clock = lambda: DEMO_NOW  # noqa: E731 - a fixed clock makes the picture reproducible
        else:
            db_path = parse_target(args.db)
            engine = open_office(db_path, config, create=False, verify=True)
    except MadoguchiError as exc:
        if tmp is not None:
            tmp.cleanup()
        return report_error(str(exc))
    try:
        return _run(app, engine, profile, config, db_path, clock, args)
    finally:
        engine.store.close()
        if tmp is not None:
            tmp.cleanup()


def _run(
    app: object,
    engine: QueueEngine,
    profile: DisplayProfile,
    config: OfficeConfig,
    db_path: DbTarget,
    clock: Callable[[], datetime],
    args: argparse.Namespace,
) -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from display.announcer import Announcer
    from display.sinks import NullSink
    from display.window import DisplayWindow
    from shared.office import open_office
    from shared.qt.lifecycle import quit_on_signals

    assert isinstance(app, QApplication)
    shot = args.screenshot is not None or args.contact_sheet is not None
    if shot:  # never make a sound while rendering a picture
        announcer = Announcer(NullSink("screenshot"), muted=True)
    else:
        announcer = Announcer(muted=args.mute or not profile.sound)
    window = DisplayWindow(
        engine,
        profile,
        db_path=db_path,
        clock=clock,
        announcer=announcer,
        reopen=lambda: open_office(db_path, config, create=False),
        rotate=not shot,
    )
    announcer.setParent(window)
    size = args.size or (1920, 1080)
    if args.contact_sheet is not None:
        return _contact_sheet(window, Path(args.contact_sheet))
    if shot:
        return _screenshot(window, Path(args.screenshot), size, args.lang or profile.languages[0])
    _install_excepthook()
    # Ctrl-C, systemd's SIGTERM, the demo's CTRL_BREAK on Windows: quit cleanly, the last call stays logged
    quit_on_signals(app)
    if args.geometry:
        place(window, args.geometry)
        window.show()
    elif args.windowed:
        window.resize(*size)
        window.show()
    else:
        window.setCursor(Qt.CursorShape.BlankCursor)
        window.showFullScreen()
    log.info("display %r on %s (%s)", profile.name, db_path, "sound" if not announcer.muted else "muted")
    code = app.exec()
    window.stop()
    return code


def _screenshot(window: object, path: Path, size: tuple[int, int], lang: str) -> int:
    from PySide6.QtWidgets import QApplication

    from display.window import DisplayWindow

    assert isinstance(window, DisplayWindow)
    window.setFixedSize(*size)
    window.show()
    QApplication.processEvents()
    window.set_lang(lang)
    if window.board.calling:  # show what a fresh call looks like: its first, light flash phase
        window.calling.flash(window.board.calling[0].leg_id)
    for _ in range(3):
        QApplication.processEvents()
    ok = window.grab().save(str(path), "PNG")
    window.stop()
    window.close()
    if not ok:
        return report_error(f"cannot write {path}")
    print(f"screenshot: {path} ({size[0]}x{size[1]}, {window.profile.name}, {lang})")
    return 0


def _contact_sheet(window: object, path: Path) -> int:
    from display.contact_sheet import contact_sheet
    from display.window import DisplayWindow

    assert isinstance(window, DisplayWindow)
    try:
        n = contact_sheet(window, path)
    except OSError as exc:
        return report_error(f"cannot write {path}: {exc}")
    finally:
        window.stop()
        window.close()
    print(f"contact sheet: {path} ({n} tiles, {window.profile.name})")
    return 0


def _install_excepthook() -> None:
    """A bug must not put a traceback on the lobby screen or stop it: log it and keep showing calls."""

    def hook(typ: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.error("unexpected error (the display keeps running)", exc_info=(typ, exc, tb))

    sys.excepthook = hook


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
