"""CI's static checks run as tests, so the README's one test command is all CI runs: ruff and mypy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / cmd[0]), *cmd[1:]], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_ruff_check():
    r = _run("ruff", "check", "--no-cache", ".")
    assert r.returncode == 0, r.stdout + r.stderr


def test_ruff_format():
    r = _run("ruff", "format", "--check", "--no-cache", ".")
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.slow
def test_mypy_on_shared():
    """The core is type-checked ([tool.mypy] in pyproject.toml: files = shared)."""
    r = _run("mypy")
    assert r.returncode == 0, r.stdout[-5000:] + r.stderr
    assert "Success: no issues found" in r.stdout
