"""A closed pipe ends the CLI quietly: `madoguchi status | head -1` shows no BrokenPipeError traceback.

The reader's end of a real pipe is closed before madoguchi writes, so every run meets the closed pipe (with
`| head -1` a short output can slip into the pipe's buffer first, and the test would pass by luck).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from shared.errors import EXIT_BROKEN_PIPE
from shared.paths import asset_path
from shared.timeutil import now_tokyo

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGPIPE and EPIPE are POSIX")


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("pipes")
    cfg = tmp / "open.toml"
    text = asset_path("offices/yokohama-ward.toml").read_text(encoding="utf-8")
    cfg.write_text(
        text.replace("public_holidays = true", "public_holidays = true\nalways_open = true"), "utf-8"
    )
    env = dict(os.environ, MADOGUCHI_DB=str(tmp / "p.db"), MADOGUCHI_CONFIG=str(cfg))
    for args in (["init"], ["issue", "RES"], ["counter", "open", "1"], ["call", "1"], ["finish", "1"]):
        subprocess.run(
            [sys.executable, "-m", "shared", *args], cwd=ROOT, env=env, check=True, capture_output=True
        )
    return env


def _into_closed_pipe(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    read, write = os.pipe()
    os.close(read)  # the reader is gone, as `head` is after its first line
    try:
        return subprocess.run(
            [sys.executable, "-m", "shared", *args],
            cwd=ROOT,
            env=env,
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write)


@pytest.mark.parametrize(
    "args",
    [
        ["status"],
        ["status", "--json"],
        ["report", "--from", now_tokyo().date().isoformat(), "--format", "csv", "--out", "-"],
    ],
    ids=["status", "status-json", "report-csv"],
)
def test_a_closed_pipe_ends_quietly(env: dict[str, str], args: list[str]) -> None:
    done = _into_closed_pipe(env, *args)
    assert done.stderr == ""
    assert done.returncode == EXIT_BROKEN_PIPE


def test_head_reads_the_first_line_and_the_shell_sees_no_error(env: dict[str, str]) -> None:
    done = subprocess.run(
        ["bash", "-c", f"{sys.executable} -m shared status --json | head -1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout == "{\n" and done.stderr == ""
