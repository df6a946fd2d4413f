"""One demo per demo folder: a second demo in the same folder is refused with the folder and the holder's pid;
a demo in another folder (another user, a test) is not blocked; the lock goes when its holder dies."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from shared.errors import MadoguchiError
from shared.tools.demo import acquire_lock

HOLD = "import pathlib, sys; from shared.tools.demo import acquire_lock; l = acquire_lock(pathlib.Path(sys.argv[1])); print('held', flush=True); sys.stdin.read()"


def test_the_lock_is_per_folder_and_names_its_holder(tmp_path: Path) -> None:
    mine, other = tmp_path / "demo", tmp_path / "other"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(mine)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with pytest.raises(MadoguchiError) as err:
            acquire_lock(mine)
        assert f"already running in {mine} (pid {holder.pid})" in str(err.value)
        acquire_lock(other).close()  # another folder runs side by side
    finally:
        holder.kill()  # dies without cleaning up: the OS drops its lock
        holder.wait(timeout=30)
    acquire_lock(mine).close()
