"""Where files live: the repo's assets/ and the per-user data directory (shared by every app on a PC)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"


def asset_path(relative: str) -> Path:
    """The one way to find a file under assets/."""
    return ASSETS / relative


def default_db_path() -> Path:
    """``MADOGUCHI_DB`` or the platform's user data directory, so every app on one PC shares one file."""
    env = os.environ.get("MADOGUCHI_DB")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("madoguchi", appauthor=False)) / "madoguchi.db"
