"""The console's demo screens, for ``--screenshot``, ``--contact-sheet`` and the layout test.

Each screen is a counter of the built-in demo morning (counter/demo.py) at its fixed clock:

- ``called``: counter 1 has just called a visitor with the longest access banner (hearing, wheelchair, and an
  interpreter when the visitor's language is not Japanese); a priority wheelchair ticket waits next;
- ``serving``: counter 7 serves a moving-in family's second step (a route, the kiosk's answers, Vietnamese);
- ``idle``: counter 4, open with nobody called;
- ``signin``: the sign-in page.

The console's own words are Japanese (it is for the office's staff); ``lang`` is the called visitor's kiosk
language, which the console shows in the ticket panel and the queue's 配慮・言語 column.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtWidgets import QApplication

from counter.demo import DEMO_NOW, SCREENS, build_demo
from counter.window import CounterWindow
from shared.config import OfficeConfig
from shared.errors import MadoguchiError
from shared.office import open_office
from shared.storage.target import parse_target

PANELS = ((1920, 1080), (1366, 768), (1024, 768))


_BUILT: dict[tuple[str, str], Path] = {}  # (profile, language) -> a demo morning built once per process


def _built_demo(config: OfficeConfig | str | Path | None, lang: str) -> Path:
    """The demo morning's database for ``config`` and ``lang``, built once (a contact sheet or the layout test
    asks for the same morning dozens of times; building it takes most of a second)."""
    key = (repr(config), lang)
    if key not in _BUILT:
        folder = Path(tempfile.mkdtemp(prefix="madoguchi-counter-demo-"))
        atexit.register(shutil.rmtree, folder, True)
        engine = open_office(parse_target(folder / "demo.db"), config)
        try:
            build_demo(engine, lang)
        finally:
            engine.store.close()
        _BUILT[key] = folder / "demo.db"
    return _BUILT[key]


@contextmanager
def demo_window(config: OfficeConfig | str | Path | None, lang: str = "ja") -> Iterator[CounterWindow]:
    """A console over a throwaway copy of the demo morning (``lang``: the called visitor's language)."""
    built = _built_demo(config, lang)
    with tempfile.TemporaryDirectory(prefix="madoguchi-counter-") as tmp:
        for f in built.parent.glob(built.name + "*"):  # the file, and a -wal beside it if there is one
            shutil.copy(f, Path(tmp) / f.name)
        engine = open_office(parse_target(Path(tmp) / "demo.db"), config)
        try:
            w = CounterWindow(engine, db_path=None, clock=lambda: DEMO_NOW)
            try:
                yield w
            finally:
                w.close()
                w.deleteLater()
        finally:
            engine.store.close()


def show(w: CounterWindow, screen: str, size: tuple[int, int]) -> None:
    """Show ``screen`` in ``w`` at ``size`` and let the layouts settle."""
    if screen not in SCREENS:
        raise ValueError(f"unknown screen {screen!r}: one of {', '.join(SCREENS)}")
    w.setFixedSize(*size)
    w.show()
    counter = SCREENS[screen]
    if counter is None:
        w.show_signin(1)
    elif w.number != counter:
        w.start(counter)
    else:
        w.refresh()
    for _ in range(5):
        QApplication.processEvents()


def save(w: CounterWindow, path: Path) -> None:
    if not w.grab().save(str(path), "PNG"):
        raise MadoguchiError(f"cannot write {path}")


def render(
    config: OfficeConfig | str | Path | None, path: Path, screen: str, lang: str, size: tuple[int, int]
) -> None:
    """One demo screen as a PNG at ``path``."""
    with demo_window(config, lang) as w:
        show(w, screen, size)
        save(w, path)


def contact_sheet(
    config: OfficeConfig | str | Path | None,
    path: Path,
    langs: tuple[str, ...],
    panels: tuple[tuple[int, int], ...] = PANELS,
) -> int:
    """The called screen in every language of ``langs``, then the other screens in Japanese, on each panel
    (1920×1080, 1366×768 and 1024×768), in one PNG grid; returns the number of tiles."""
    from shared.qt.contact_sheet import contact_sheet as grid

    rows = [f"called/{lang}" for lang in langs] + [f"{s}/ja" for s in SCREENS if s != "called"]

    def tile(row: str, panel: tuple[int, int], shot: Path) -> None:
        screen, lang = row.split("/")
        render(config, shot, screen, lang, panel)

    return grid(path, rows, panels, tile)
