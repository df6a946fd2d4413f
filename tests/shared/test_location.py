"""The SQLite file stays on this PC's local disk: server URLs and network drives get a clear error, and nothing
is created where they point."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from shared.errors import StorageError
from shared.storage.db import connect
from shared.storage.location import (
    DRIVE_REMOTE,
    NETWORK_FS,
    check_local_db_path,
    linux_fs_type,
    mount_fs_type,
)

ROOT = Path(__file__).resolve().parents[2]

MOUNTS = """\
/dev/sda2 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid 0 0
//fileserver/kuyakusho /mnt/office cifs rw,vers=3.0 0 0
fileserver:/export/share /srv/share nfs4 rw 0 0
/dev/sdb1 /srv/share/local-cache ext4 rw 0 0
/dev/sdc1 /media/usb\\040stick vfat rw 0 0
"""


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://clerk:s3cret@db.ward.local/madoguchi",
        "postgres://db/madoguchi",
        "postgresql+psycopg://db/madoguchi",
        str(Path("postgresql://db/madoguchi")),  # what argparse → Path leaves of it: "postgresql:/db/…"
    ],
)
def test_a_database_server_url_is_not_a_file(url: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StorageError, match="a database server URL is not a SQLite file") as err:
        connect(url)  # the SQLite opener; --db routes a server URL to the PostgreSQL backend instead
    assert "s3cret" not in str(err.value)
    assert "postgresql:/db" not in str(err.value)  # issue #12: shown as typed, not as Path() folded it
    assert list(tmp_path.iterdir()) == []  # no directory named "postgresql:" and no empty DB


def test_other_urls_are_not_paths_either(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StorageError, match="not a file path"):
        connect("https://example.org/madoguchi.db")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "path", ["//fileserver/kuyakusho/madoguchi.db", r"\\fileserver\kuyakusho\madoguchi.db"]
)
def test_unc_paths_are_refused(path: str) -> None:
    with pytest.raises(StorageError, match="network drive: a UNC network path"):
        check_local_db_path(path)


def test_the_longest_mount_point_decides() -> None:
    assert mount_fs_type(Path("/mnt/office/madoguchi/madoguchi.db"), MOUNTS) == "cifs"
    assert mount_fs_type(Path("/srv/share/madoguchi.db"), MOUNTS) == "nfs4"
    assert mount_fs_type(Path("/srv/share/local-cache/madoguchi.db"), MOUNTS) == "ext4"
    assert mount_fs_type(Path("/srv/shared/madoguchi.db"), MOUNTS) == "ext4"  # a prefix is not a parent
    assert mount_fs_type(Path("/media/usb stick/madoguchi.db"), MOUNTS) == "vfat"
    assert mount_fs_type(Path("/home/staff/.local/share/madoguchi/madoguchi.db"), MOUNTS) == "ext4"


def test_a_file_on_a_network_filesystem_is_refused() -> None:
    def probe(p: Path) -> str | None:
        return mount_fs_type(p, MOUNTS)

    with pytest.raises(StorageError, match="cifs network filesystem"):
        check_local_db_path("/mnt/office/madoguchi.db", fs_type=probe)
    with pytest.raises(StorageError, match="nfs4 network filesystem"):
        check_local_db_path("/srv/share/madoguchi.db", fs_type=probe)
    check_local_db_path("/srv/share/local-cache/madoguchi.db", fs_type=probe)
    check_local_db_path("/var/lib/madoguchi/madoguchi.db", fs_type=probe)
    assert {"nfs", "cifs", "smb3", "fuse.sshfs"} <= NETWORK_FS


def test_a_mapped_network_drive_on_windows_is_refused() -> None:
    drives = {"C:\\": 3, "Z:\\": DRIVE_REMOTE}  # DRIVE_FIXED, DRIVE_REMOTE

    with pytest.raises(StorageError, match="drive Z: is a network drive"):
        check_local_db_path(r"Z:\madoguchi\madoguchi.db", drive_type=drives.__getitem__)
    check_local_db_path(r"C:\ProgramData\madoguchi\madoguchi.db", drive_type=drives.__getitem__)


@pytest.mark.skipif(not Path("/proc/mounts").exists(), reason="needs Linux /proc")
def test_this_machines_temp_dir_is_local(tmp_path: Path) -> None:
    kind = linux_fs_type(tmp_path / "not-yet" / "madoguchi.db")
    assert kind is not None and kind not in NETWORK_FS
    conn = connect(tmp_path / "office.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_an_unreachable_server_is_one_line_without_the_password_and_creates_nothing(tmp_path: Path) -> None:
    """A postgresql:// URL goes to the server backend; when nothing listens there the CLI says so in one line,
    with the password masked (issue #15), and no file named "postgresql:" appears."""
    import socket

    with socket.socket() as s:  # a loopback port with nobody listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k not in ("MADOGUCHI_DB", "PGPASSWORD")}
    url = f"postgresql://clerk:s3cret@127.0.0.1:{port}/madoguchi"
    r = subprocess.run(
        [sys.executable, "-m", "shared", "--db", url, "status"],
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and "cannot connect to the database server" in r.stderr
    assert f"postgresql://clerk:***@127.0.0.1:{port}/madoguchi" in r.stderr
    assert "s3cret" not in r.stderr + r.stdout
    assert len(r.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []
