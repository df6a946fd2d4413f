"""The standing fault suite: real files, real filesystems, real processes and real sockets, in bounded time.

Helpers here build the faults themselves: a small real filesystem (tmpfs when this machine lets us mount,
which CI as root does), a read-only folder, damaged database files, the CLI as a subprocess.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from shared.paths import asset_path

ROOT = Path(__file__).resolve().parents[2]
PROFILE = asset_path("offices/yokohama-ward.toml")


def open_profile(folder: Path) -> Path:
    """The shipped profile, open around the clock (tickets can be issued whenever the test runs)."""
    cfg = folder / "open.toml"
    text = PROFILE.read_text(encoding="utf-8")
    cfg.write_text(
        text.replace("public_holidays = true", "public_holidays = true\nalways_open = true"), "utf-8"
    )
    return cfg


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    return open_profile(tmp_path)


def new_office(db: Path, config: Path, tickets: int = 0) -> Path:
    """An office made the way ``madoguchi init`` makes it (in this process: set-up, not the subject)."""
    from shared.office import open_office
    from shared.timeutil import now_tokyo

    e = open_office(db, config, create=True, verify=True)
    try:
        for _ in range(tickets):
            e.issue("RES", now=now_tokyo())
    finally:
        e.store.close()
    return db


def run_cli(
    *args: str, config: Path, cwd: Path = ROOT, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """``madoguchi ARGS`` as a real process; MADOGUCHI_DB is unset so only ``--db`` names the database."""
    full = {k: v for k, v in os.environ.items() if k != "MADOGUCHI_DB"}
    full.update(env or {}, MADOGUCHI_CONFIG=str(config), PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "shared", *args],
        cwd=cwd,
        env=full,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def one_line_error(r: subprocess.CompletedProcess[str]) -> str:
    """The CLI's contract for bad input: exit 2, exactly one line on stderr, never a traceback."""
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr and r.stderr.count("\n") == 1, r.stderr
    assert r.stderr.startswith("エラー / error: "), r.stderr
    return r.stderr.strip()


def can_mount() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and Path("/proc/mounts").exists()


@contextlib.contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path | None]:
    """A real tmpfs of ``size`` at ``where``; None when this machine does not let us mount (not root)."""
    where.mkdir(parents=True, exist_ok=True)
    if not can_mount():
        yield None
        return
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        yield None
        return
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def fill(folder: Path) -> Path:
    """Take every free byte of ``folder``'s filesystem with one file (deleted again to free the disk)."""
    filler = folder / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        for size in (1 << 20, 65536, 4096, 512, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * size)
    finally:
        os.close(fd)
    return filler
