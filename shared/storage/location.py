"""Where the SQLite file may live: on a local disk of this PC, never on a network drive and never a server URL.

SQLite's WAL needs shared memory and byte-range locks that SMB/CIFS and NFS do not provide faithfully; a file
shared between counter PCs that way corrupts or loses tickets under load. Offices whose counters sit on
several PCs need the PostgreSQL backend (``--db postgresql://…``, see backend.py); a server URL that reaches
the SQLite opener gets a clear answer instead of a file named ``postgresql:``.
"""

from __future__ import annotations

import ntpath
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

from shared.errors import StorageError
from shared.storage.target import PG_SCHEMES, mask, parse_target

# filesystems that reach another machine (Linux /proc/mounts names)
NETWORK_FS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "ceph",
        "glusterfs",
        "lustre",
        "davfs",
        "fuse.sshfs",
        "fuse.davfs2",
        "fuse.rclone",
        "fuse.glusterfs",
        "fuse.cephfs",
    }
)
DRIVE_REMOTE = 4  # GetDriveTypeW
_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):/")  # also after Path() folded "//" into "/"
_SERVER_SCHEMES = ("postgres", "postgresql", "mysql", "mariadb", "sqlserver", "mssql", "oracle")


def check_local_db_path(
    path: str | Path,
    *,
    fs_type: Callable[[Path], str | None] | None = None,
    drive_type: Callable[[str], int] | None = None,
) -> None:
    """Raise :class:`StorageError` unless ``path`` is a file path on a local disk. ``fs_type`` and
    ``drive_type`` are the platform probes, passed in by tests."""
    text = str(path)
    m = _URL.match(text)
    if m:
        scheme = m.group(1).lower()
        if scheme.split("+")[0] in _SERVER_SCHEMES:
            shown = mask(str(parse_target(text)) if scheme.split("+")[0] in PG_SCHEMES else text)
            raise StorageError(
                f"{shown}: データベースサーバーのURLはSQLiteファイルではありません / a database server URL is not "
                "a SQLite file: give it as --db or MADOGUCHI_DB (postgresql://user@host:5432/dbname)"
            )
        raise StorageError(f"{mask(text)}: ファイルのパスではありません / not a file path (scheme {scheme}:)")
    if text.startswith(("\\\\", "//")):
        raise _network(text, "a UNC network path")
    if sys.platform == "win32" or drive_type is not None:
        drive = ntpath.splitdrive(ntpath.abspath(text))[0]
        if drive and (drive_type or _windows_drive_type)(drive + "\\") == DRIVE_REMOTE:
            raise _network(text, f"drive {drive} is a network drive")
    else:
        kind = (fs_type or linux_fs_type)(Path(os.path.abspath(text)))
        if kind is not None and kind.lower() in NETWORK_FS:
            raise _network(text, f"it is on a {kind} network filesystem")


def _network(text: str, why: str) -> StorageError:
    return StorageError(
        f"{text}: ネットワークドライブ上のSQLiteは共有できません（データが壊れます）。このPCのローカルディスクに"
        f"置いてください / SQLite must not be shared over a network drive: {why}. Keep the file on this PC's "
        "local disk; counters on several PCs need the database-server setup"
    )


def linux_fs_type(path: Path) -> str | None:
    """The filesystem type holding ``path`` (its nearest existing ancestor); None without /proc."""
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return mount_fs_type(_existing_ancestor(path), mounts)


def mount_fs_type(path: Path, mounts: str) -> str | None:
    """The type of the longest mount point in ``mounts`` (/proc/mounts text) that holds ``path``."""
    best, best_len = None, -1
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        if _under(path, point) and len(point) > best_len:
            best, best_len = parts[2], len(point)
    return best


def _existing_ancestor(path: Path) -> Path:
    p = path
    while not p.exists() and p != p.parent:
        p = p.parent
    try:
        return p.resolve()
    except OSError:
        return p


def _under(path: Path, mount_point: str) -> bool:
    if mount_point == "/":
        return True
    s = path.as_posix()
    return s == mount_point or s.startswith(mount_point.rstrip("/") + "/")


def _windows_drive_type(root: str) -> int:
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]
