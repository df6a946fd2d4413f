"""Checking where an output goes before any work is done: a report file, a screenshot PNG, a screenshot folder.

A missing folder is refused with one line, never created: a typo such as ``/nonexistent/dir/k.png`` must not leave
new folders behind (at the file-system root, as root).
"""

from __future__ import annotations

import os
from pathlib import Path

from shared.errors import MadoguchiError


def _existing_folder(folder: Path) -> Path:
    folder = folder if str(folder) else Path(".")
    if not folder.is_dir():
        raise MadoguchiError(f"出力先のフォルダがありません: {folder} / the output directory does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise MadoguchiError(f"出力先に書き込めません: {folder} / cannot write to {folder}")
    return folder


def check_writable(path: Path) -> None:
    """Raise now, before minutes of work, if the file ``path`` cannot be written into an existing folder."""
    if path.is_dir():
        raise MadoguchiError(f"出力先がフォルダです: {path} / the output path is a directory")
    _existing_folder(path.parent)
    if path.exists() and not os.access(path, os.W_OK):
        raise MadoguchiError(f"出力先に書き込めません: {path} / cannot write to {path}")


def check_output_dir(folder: Path) -> None:
    """An output folder may be new, but the folder it goes in must exist (``mkdir`` without ``-p``)."""
    if folder.exists() and not folder.is_dir():
        raise MadoguchiError(f"出力先がファイルです: {folder} / the output folder is a file")
    if not folder.is_dir():
        _existing_folder(folder.parent)
