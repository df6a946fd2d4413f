"""The headless CLI, run as a real subprocess against a real DB file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from shared.paths import asset_path

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cli(tmp_path):
    cfg = tmp_path / "open.toml"
    text = asset_path("offices/yokohama-ward.toml").read_text(encoding="utf-8")
    cfg.write_text(
        text.replace("public_holidays = true", "public_holidays = true\nalways_open = true"), encoding="utf-8"
    )
    env = dict(os.environ, MADOGUCHI_DB=str(tmp_path / "cli.db"), MADOGUCHI_CONFIG=str(cfg))

    def run(*args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        r = subprocess.run(
            [sys.executable, "-m", "shared", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert (r.returncode == 0) == ok, r.stdout + r.stderr
        assert "Traceback" not in r.stderr
        return r

    return run


def test_cli_round_trip(cli):
    cli("init")
    issued = json.loads(cli("issue", "RES", "--json").stdout)
    assert issued["ticket"]["number"] == "A001" and issued["people_ahead"] == 0
    assert json.loads(cli("issue", "TAX", "--priority", "--json").stdout)["ticket"]["priority"] == 1
    cli("counter", "open", "1")
    called = json.loads(cli("call", "1", "--json").stdout)
    assert called["ticket"]["number"] == "C001" and called["leg"]["state"] == "called"  # priority first
    cli("recall", "1")
    cli("start", "1")
    cli("hold", "1")
    cli("call", "1", "--number", "C001")
    cli("transfer", "1", "NHI")
    cli("counter", "open", "7")
    cli("call", "7")
    assert "done" in cli("finish", "7").stdout
    status = json.loads(cli("status", "--json").stdout)
    res = next(s for s in status["services"] if s["code"] == "RES")
    assert res["waiting"] == 1 and res["open_counters"] == [1] and res["oldest_wait_s"] >= 0
    assert {"kind", "minutes", "low", "high", "rough", "text_ja"} <= set(res["estimate_min"])
    cli("counter", "pause", "1", "--reason", "昼休み")
    err = cli("call", "1", ok=False).stderr
    assert "休止中" in err
    assert "not waiting" in cli("call", "7", "--number", "C001", ok=False).stderr


def test_cli_add_step_sends_the_same_number_on_after_finish(cli):
    cli("init")
    cli("issue", "MOVE")
    cli("counter", "open", "4")
    cli("call", "4")
    added = json.loads(cli("add-step", "4", "PENSION", "--json").stdout)
    assert added["ticket"]["number"] == "D001" and added["ticket"]["route"] == ["MOVE", "PENSION"]
    assert "already later in the route" in cli("add-step", "4", "PENSION", ok=False).stderr
    finished = json.loads(cli("finish", "4", "--json").stdout)
    assert finished["leg"]["service"] == "PENSION" and finished["leg"]["state"] == "waiting"


def test_cli_errors_are_one_line(cli):
    cli("init")
    r = cli("issue", "NOPE", ok=False)
    assert r.stderr.count("\n") == 1 and "NOPE" in r.stderr
    r = cli("no-show", "1", ok=False)
    assert "エラー" in r.stderr
