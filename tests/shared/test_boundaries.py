"""Architecture rules: shared/ is Qt-free and knows no app; apps are independent (import-linter)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run(
        [str(lint), "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Contracts: 2 kept, 0 broken" in r.stdout


def test_core_imports_without_qt():
    code = (
        "import sys, shared.cli, shared.engine, shared.office, shared.status, shared.estimate, shared.replay, "
        "shared.watcher; assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'"
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
