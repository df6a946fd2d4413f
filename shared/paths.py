"""Where files live: the packaged assets (``shared/assets/``) and the per-user data directory (shared by every app
on a PC).

The office profile, kiosk translations, voice clips, chime and scenarios ship inside the ``shared`` package, so a
wheel installed anywhere finds them through ``importlib.resources`` — never through the checkout's layout. The
top-level ``assets/`` folder of the repository holds only what is not read at run time (screenshots, deploy files).
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

# A wheel or editable install puts the package on the file system, so the resource folder is a real directory
# (Qt, the WAV player and glob() all need one).
ASSETS = Path(str(files("shared").joinpath("assets")))


def asset_path(relative: str) -> Path:
    """The one way to find a packaged asset, e.g. ``asset_path("offices/yokohama-ward.toml")``."""
    return ASSETS / relative


def absolute_path(path: str | os.PathLike[str]) -> Path:
    """A file path made absolute against the current folder (and ``~`` expanded), resolved once at start-up so
    a relative ``--db office.db`` means the same file in every part of an app. URLs are
    :func:`shared.storage.target.parse_target`'s business."""
    return Path(os.path.abspath(os.path.expanduser(os.fspath(path))))
