"""Bad database files and paths, through the real CLI and apps: each gives one line that names the file and
what to do, exit 2, no traceback, and nothing is written to a file that failed the check."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.conftest import can_mount, new_office, one_line_error, run_cli, tmpfs

COMMANDS = (("status",), ("issue", "RES"), ("counter", "open", "1"), ("init",))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def office(folder: Path, profile: Path, tickets: int = 0) -> Path:
    return new_office(folder / "office.db", profile, tickets)


def refused(db: Path, profile: Path, words: tuple[str, ...], commands=COMMANDS) -> None:  # noqa: ANN001
    for cmd in commands:
        err = one_line_error(run_cli("--db", str(db), *cmd, config=profile))
        assert str(db) in err or str(db.parent) in err, (cmd, err)
        assert any(w in err for w in words), (cmd, err)


def test_a_mistyped_db_makes_no_second_office(tmp_path: Path, profile: Path) -> None:
    db = tmp_path / "nope" / "x.db"
    refused(db, profile, ("init` first",), COMMANDS[:3])
    assert not (tmp_path / "nope").exists()  # no folder, no empty office
    apps = (
        ("kiosk", "--first-frame"),
        ("display", "--screenshot", "d.png"),
        ("counter", "--screenshot", "c.png"),
    )
    for app in apps:
        r = run_cli(
            app[0],
            "--db",
            str(db),
            *app[1:],
            config=profile,
            cwd=tmp_path,
            env={"QT_QPA_PLATFORM": "offscreen"},
        )
        assert r.returncode == 2 and "init` first" in r.stderr and "Traceback" not in r.stderr, (
            app,
            r.stderr,
        )
    r = run_cli("--db", str(db), "scheduler", "plan", config=profile)
    assert "init` first" in one_line_error(r)
    r = run_cli("web", "--db", str(db), "--port", "1", config=profile)  # refused before it binds anything
    assert r.returncode == 2 and "init` first" in r.stdout + r.stderr
    assert not (tmp_path / "nope").exists()
    assert run_cli("--db", str(db), "init", config=profile).returncode == 0  # init is the one way in
    assert run_cli("--db", str(db), "issue", "RES", config=profile).returncode == 0


def test_a_zero_byte_file_is_not_a_new_office(tmp_path: Path, profile: Path) -> None:
    db = tmp_path / "office.db"
    db.touch()
    refused(db, profile, ("zero-byte",))
    assert db.stat().st_size == 0 and not Path(f"{db}-wal").exists()


def test_damaged_pages_are_refused_and_left_alone(tmp_path: Path, profile: Path) -> None:
    db = office(tmp_path, profile, tickets=5)
    data = bytearray(db.read_bytes())
    page = 4096
    for n in (3, 5, 8):  # a few pages in the middle, never the header page
        data[n * page + 16 : n * page + 400] = os.urandom(384)
    db.write_bytes(bytes(data))
    before = digest(db)
    refused(db, profile, ("restore the nightly backup",))
    assert digest(db) == before  # nothing written, init included (it printed "initialised" before)


def test_a_database_from_a_newer_madoguchi(tmp_path: Path, profile: Path) -> None:
    db = office(tmp_path, profile)
    with sqlite3.connect(db) as c:
        c.execute("PRAGMA user_version = 999")
    c.close()
    before = digest(db)
    refused(db, profile, ("upgrade madoguchi",))
    assert digest(db) == before


def test_a_path_whose_parent_is_a_file(tmp_path: Path, profile: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a folder")
    refused(tmp_path / "notes.txt" / "office.db", profile, ("is a file, not a folder",))


@pytest.fixture
def read_only_office(tmp_path: Path, profile: Path) -> Iterator[Path]:
    """An office on a filesystem mounted read-only (root), or in a folder without write permission."""
    with tmpfs(tmp_path / "ro", "8m") as where:
        if where is None:  # not root: permissions are enough
            if hasattr(os, "geteuid") and os.geteuid() == 0:
                pytest.skip("root ignores file permissions and may not mount here: no read-only file to test")
            folder = tmp_path / "ro"
            db = office(folder, profile, tickets=2)
            db.chmod(0o444)
            folder.chmod(0o555)
            yield db
            folder.chmod(0o755)
            return
        db = office(where, profile, tickets=2)
        subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)
        yield db


def test_a_read_only_database_can_be_read_but_not_written(read_only_office: Path, profile: Path) -> None:
    db = read_only_office
    before = digest(db)
    err = one_line_error(run_cli("--db", str(db), "issue", "RES", config=profile))
    assert "fix the permissions" in err and str(db) in err
    r = run_cli("--db", str(db), "status", "--json", config=profile)  # reading needs no write access
    assert r.returncode == 0 and '"waiting": 2' in r.stdout, r.stderr
    assert digest(db) == before
    print(f"\nread-only ({'ro mount' if can_mount() else 'permissions'}): issue said: {err}")
