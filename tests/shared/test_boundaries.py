"""Architecture rules (import-linter): shared/ is Qt-free, knows no app and is layered; apps are independent."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    lint = Path(sys.executable).with_name("lint-imports")
    env = dict(os.environ, PYTHONPATH=str(root))
    return subprocess.run(
        [str(lint), "--no-cache", "--config", str(root / "pyproject.toml")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_import_contracts_hold():
    r = _lint(ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Contracts: 3 kept, 0 broken" in r.stdout


def test_every_source_folder_is_a_package():
    """import-linter silently skips a folder without ``__init__.py`` (shared/web/ was skipped that way)."""
    missing = [
        str(d.relative_to(ROOT))
        for top in ("shared", "kiosk", "counter", "display")
        for d in [ROOT / top, *(ROOT / top).rglob("*")]
        if d.is_dir() and any(d.glob("*.py")) and not (d / "__init__.py").exists()
    ]
    assert missing == []


# (file to plant in, line to add, contract that must then break)
PLANTS = [
    ("shared/web/qr.py", "import PySide6", "shared is Qt-free and knows no app"),
    ("shared/storage/store.py", "import shared.engine", "shared is layered"),
    ("shared/config.py", "from shared.predict import state", "shared is layered"),
    ("shared/extra.py", "", "shared is layered"),  # a new top-level module of shared/ must get a layer
    ("kiosk/slip.py", "import counter.texts", "apps are independent"),
]


def test_planted_imports_break_the_contracts(tmp_path):
    """On a copy of the tree, each forbidden import makes ``lint-imports`` fail and name the contract."""
    for top in ("shared", "kiosk", "counter", "display"):
        shutil.copytree(ROOT / top, tmp_path / top, ignore=shutil.ignore_patterns("__pycache__", "assets"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    assert _lint(tmp_path).returncode == 0
    for rel, line, contract in PLANTS:
        path = tmp_path / rel
        before = path.read_text() if path.exists() else None
        path.write_text((before or "") + "\n" + line + "\n")
        r = _lint(tmp_path)
        assert r.returncode == 1, (rel, line, r.stdout)
        assert contract in r.stdout and "BROKEN" in r.stdout, r.stdout
        if before is None:
            path.unlink()
        else:
            path.write_text(before)


def test_core_imports_without_qt():
    code = (
        "import sys, shared.cli, shared.engine, shared.office, shared.status, shared.estimate, shared.replay, "
        "shared.changes; assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)


BOOL_SIGNALS = """
import sys
from PySide6.QtCore import QObject, Signal, QCoreApplication
class Emitter(QObject):
    flag = Signal(bool)
app = QCoreApplication(sys.argv)
e = Emitter()
seen = []
e.flag.connect(seen.append)
for i in range(1000):
    e.flag.emit(i % 2 == 0)
assert len(seen) == 1000
"""


def test_thousand_bool_signals_exit_cleanly():
    """PySide6 6.12.0 on CPython 3.11 aborts at exit (bool_dealloc, 134); our pins must avoid it."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    r = subprocess.run(
        [sys.executable, "-c", BOOL_SIGNALS], env=env, capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 0, (r.returncode, r.stderr[-2000:])
