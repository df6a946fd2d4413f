"""One way every command reports an error: ``shared.errors.run_main`` (one line, exit 2, never a traceback)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from shared.errors import EXIT_BROKEN_PIPE, ConfigError, MadoguchiError, run_main
from shared.paths import asset_path

ROOT = Path(__file__).resolve().parents[2]


def test_an_error_is_one_line_and_exit_2(capsys):
    def bad(argv: list[str]) -> int:
        raise ConfigError("office.toml", "services[3].prefix", "must be one capital letter A–Z")

    assert run_main(bad, ["x"]) == 2
    err = capsys.readouterr().err
    assert err == "エラー / error: office.toml: services[3].prefix: must be one capital letter A–Z\n"


def test_ctrl_c_is_exit_130_and_other_bugs_still_raise(capsys):
    def interrupted(argv: list[str]) -> int:
        raise KeyboardInterrupt

    assert run_main(interrupted, []) == 130
    assert "interrupted" in capsys.readouterr().err

    def bug(argv: list[str]) -> int:
        raise ZeroDivisionError  # a programming error is not dressed up as a user error

    with pytest.raises(ZeroDivisionError):
        run_main(bug, [])
    assert not issubclass(ZeroDivisionError, MadoguchiError)


@pytest.mark.parametrize(
    "args", [["simulate", "--list"], ["config", "check", str(asset_path("offices/yokohama-ward.toml"))]]
)
def test_output_into_a_closed_pipe_is_quiet(args, tmp_path):
    """`madoguchi … | head -1`: the reader stops early; no traceback, the shell's SIGPIPE exit code."""
    cmd = [sys.executable, "-m", "shared", "--db", str(tmp_path / "m.db"), *args]
    p = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout is not None and p.stderr is not None
    p.stdout.close()  # the reader is gone before the command writes anything
    err = p.stderr.read().decode()
    assert p.wait(timeout=60) == EXIT_BROKEN_PIPE, err
    assert "Traceback" not in err and "Broken" not in err and "エラー" not in err  # config check may warn
