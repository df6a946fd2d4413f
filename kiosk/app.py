"""``madoguchi kiosk``: the full-screen touch ticket machine at the entrance.

    madoguchi kiosk [--db PATH] [--config PATH] [--kiosk-id N] [--windowed]
    madoguchi kiosk --screenshot PATH [--screen home|certificates|lifeevent|ticket|closed|staff|...]
                    [--lang ja] [--size 1920x1080|1080x1920] [--now 2026-11-24T10:00]

``--screenshot`` renders offscreen over a temporary demo database (the office DB is never touched) and exits.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from types import TracebackType

from shared.config import load_config
from shared.errors import MadoguchiError, report_error
from shared.i18n import LANGS
from shared.office import current_config
from shared.outpath import check_writable
from shared.qt.scale import apply_scale, geometry_arg, logical_size, place, scale_arg
from shared.screen import parse_size
from shared.timeutil import TOKYO

log = logging.getLogger("kiosk")

SCREENSHOT_SCREENS = (
    "home",
    "certificates",
    "lifeevent",
    "question",
    "route",
    "ticket",
    "closed",
    "staff",
    "assistance",
    "checkin",
    "unavailable",
    "alternative",
    "alternative_taken",
)
DEMO_NOW = datetime(2026, 11, 24, 10, 0, tzinfo=TOKYO)  # a Tuesday morning
DEMO_CLOSED = datetime(2026, 11, 24, 17, 30, tzinfo=TOKYO)


def _when(text: str) -> datetime:
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a time like 2026-11-24T10:00, got {text!r}") from None
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=TOKYO)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="madoguchi kiosk", description="Touch ticket machine (発券機).")
    p.add_argument(
        "--db", help="SQLite file or postgresql:// URL (default: $MADOGUCHI_DB or the user data directory)"
    )
    p.add_argument(
        "--config", help="office profile TOML (default: $MADOGUCHI_CONFIG or the built-in profile)"
    )
    p.add_argument(
        "--kiosk-id", type=int, default=1, help="this machine's number, for staff alerts (kiosk-N)"
    )
    p.add_argument("--windowed", action="store_true", help="a normal window instead of full screen")
    p.add_argument(
        "--autopilot", type=float, metavar="SPEED", help="demo: simulated visitors at SPEED × real time"
    )
    p.add_argument("--screenshot", metavar="PATH", help="render one screen offscreen to PATH (PNG) and exit")
    p.add_argument(
        "--contact-sheet",
        metavar="PATH",
        help="render --screen in all nine languages on 1920x1080, 1366x768 and 1080x1920 into one PNG grid",
    )
    p.add_argument("--screen", choices=SCREENSHOT_SCREENS, default="home")
    p.add_argument("--lang", choices=LANGS, default="ja")
    p.add_argument("--size", type=parse_size, default=(1920, 1080), help="WIDTHxHEIGHT (default 1920x1080)")
    p.add_argument(
        "--geometry",
        type=geometry_arg,
        metavar="WxH+X+Y",
        help="a window of this size at this screen position (implies --windowed)",
    )
    p.add_argument(
        "--scale",
        type=scale_arg,
        help="override the scale (default auto: the 1920x1080 design fitted to the screen, the --geometry "
        "window or the --size; e.g. x0.71 on 1366x768) with a factor such as 0.8",
    )
    p.add_argument(
        "--now",
        type=_when,
        help="the clock for --screenshot (default: a Tuesday 10:00, or 17:30 for --screen closed)",
    )
    p.add_argument(
        "--first-frame", action="store_true", help=argparse.SUPPRESS
    )  # benchmark: exit after frame 1
    return p


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """An unexpected error in a slot is logged for staff; the visitor never sees a traceback."""
    log.critical("unexpected error in the kiosk", exc_info=(kind, exc, tb))


def _application() -> object:
    from PySide6.QtWidgets import QApplication

    from shared.qt import fonts

    fonts.prepare()  # before the QApplication: Nepali text gets its own face, without a warning
    app = QApplication.instance() or QApplication(["madoguchi-kiosk"])
    app.setFont(fonts.ui_font())
    return app


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.screenshot or args.first_frame or args.contact_sheet:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.time()
    try:
        if args.screenshot:
            check_writable(Path(args.screenshot))
        if args.contact_sheet:
            check_writable(Path(args.contact_sheet))
        # the office's current profile from the database; a screenshot or contact sheet (which never touch the
        # office DB) or a first-frame probe without --db draws the profile file on a throwaway database
        own_db = not (args.screenshot or args.contact_sheet) and (args.db is not None or not args.first_frame)
        config = current_config(args.db, args.config) if own_db else load_config(args.config)
    except MadoguchiError as exc:
        return report_error(exc)
    # The kiosk fits the panel it gets with no option: the design scaled to the screen (full screen), to
    # --geometry's or --size's area (a window, a screenshot). --scale is only an override.
    if args.scale is None or args.scale == "auto":
        area = args.geometry[2:] if args.geometry else args.size
        factor = apply_scale(
            "auto",
            None
            if not (
                args.screenshot or args.first_frame or args.contact_sheet or args.windowed or args.geometry
            )
            else area,
        )
        log.info("screen scale: %s", factor if factor is not None else "unknown screen, 1.0")
        size = logical_size(*args.size)  # a screenshot of a 1366x768 panel: the design at x0.71, 1366x768 px
    else:
        apply_scale(
            args.scale
        )  # an explicit factor: --size is the layout, the PNG is --size times the factor
        size = args.size
    app = _application()
    if args.contact_sheet:
        from kiosk.contact_sheet import contact_sheet

        try:
            n = contact_sheet(config, Path(args.contact_sheet), args.screen, args.now)
        except (MadoguchiError, OSError, ValueError) as exc:
            return report_error(exc)
        print(f"wrote {args.contact_sheet} ({n} tiles)")
        return 0
    if args.screenshot:
        from kiosk.screenshot import render

        try:
            render(config, Path(args.screenshot), args.screen, args.lang, size, args.now)
        except (MadoguchiError, OSError, ValueError) as exc:
            return report_error(exc)
        print(f"wrote {args.screenshot}")
        return 0
    from kiosk.window import KioskWindow
    from shared.storage.target import parse_target

    sys.excepthook = _excepthook
    db = parse_target(args.db)
    tmp = None
    if args.first_frame and not args.db:
        tmp = tempfile.TemporaryDirectory()
        db = parse_target(Path(tmp.name) / "kiosk.db")
    else:
        from shared.office import open_office

        try:  # a missing, damaged or newer database: one line and exit, before any window opens
            open_office(db, config, create=False, verify=True).store.close()
        except MadoguchiError as exc:
            return report_error(exc)
    window = KioskWindow(config, db, kiosk_id=args.kiosk_id, create=tmp is not None)
    window.quit_requested.connect(app.quit)  # type: ignore[attr-defined]
    if args.first_frame:
        window.fit_to(*size)
        window.show()
        app.processEvents()  # type: ignore[attr-defined]
        window.grab()
        print(f"first_frame_s {time.time() - started:.4f} started {started:.4f} now {time.time():.4f}")
        window.shutdown()
        return 0
    from shared.qt.lifecycle import quit_on_signals

    quit_on_signals(app)  # type: ignore[arg-type]
    if args.autopilot:
        from kiosk.autopilot import Autopilot

        pilot = Autopilot(window, args.autopilot)  # noqa: F841 - lives as long as the app
    if args.geometry:  # a window at a given place (the demo tiles its windows this way)
        place(window, args.geometry, fit=window.fit_to)
        window.show()
    elif args.windowed:
        window.fit_to(*size)
        window.show()
    else:
        screen = app.primaryScreen()  # type: ignore[attr-defined]
        if screen is not None:
            geo = screen.geometry()
            window.fit_to(geo.width(), geo.height())
        window.showFullScreen()
    rc = int(app.exec())  # type: ignore[attr-defined]
    window.shutdown()
    return rc


if __name__ == "__main__":
    sys.exit(main())
