"""Supervisor sign-in: PINs are stored hashed in the profile, wrong PINs lock the name out (counted from the
event log, so a restart or a second PC does not reset it), and the kiosk's staff PIN is not a supervisor PIN."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from shared.config import load_config
from shared.engine import QueueEngine
from shared.errors import ConfigError, DomainError
from shared.office import open_office
from shared.pins import hash_pin, verify_pin
from tests.supervisor.conftest import PINS


def test_right_pin_signs_in_and_is_logged(sup_engine: QueueEngine, now):
    sup_engine.supervisor_sign_in("山田", PINS["山田"], now=now)
    ev = sup_engine.store.events(types=["supervisor"])
    assert [(e["actor"], e["data"]["action"]) for e in ev] == [("山田", "signin")]


def test_wrong_pins_lock_out_across_processes(sup_engine: QueueEngine, sup_config, db_path: Path, now):
    for i in range(3):
        with pytest.raises(DomainError, match="名前またはPINが違います"):
            sup_engine.supervisor_sign_in("山田", "0000", now=now + timedelta(seconds=i))
    other = open_office(db_path, sup_config)  # another PC on the same database
    with pytest.raises(DomainError, match="ロック中") as exc:
        other.supervisor_sign_in("山田", PINS["山田"], now=now + timedelta(minutes=1))
    assert exc.value.code == "locked"
    other.supervisor_sign_in("佐々木", PINS["佐々木"], now=now + timedelta(minutes=1))  # only that name
    other.supervisor_sign_in("山田", PINS["山田"], now=now + timedelta(minutes=11))  # the lockout ends
    other.store.close()


def test_kiosk_staff_pin_and_unknown_names_are_refused(sup_engine: QueueEngine, now):
    staff = sup_engine.config.kiosk.staff_pin
    with pytest.raises(DomainError, match="PIN"):
        sup_engine.supervisor_sign_in("山田", staff, now=now)
    with pytest.raises(DomainError, match="PIN"):
        sup_engine.supervisor_sign_in("窓口1", PINS["山田"], now=now)


def test_no_pins_in_the_profile_means_nobody_signs_in(engine: QueueEngine, now):
    with pytest.raises(DomainError):
        engine.supervisor_sign_in("admin", "0000", now=now)


def _profile_with(tmp_path: Path, table: str) -> Path:
    base = Path(load_config().path).read_text(encoding="utf-8")
    p = tmp_path / "office.toml"
    p.write_text(base + "\n" + table, encoding="utf-8")
    return p


def test_profile_reads_hashes_and_refuses_a_plain_pin(tmp_path: Path):
    h = hash_pin("4821")
    cfg = load_config(
        _profile_with(tmp_path, f'[supervisor]\nmax_failures = 4\n[supervisor.pins]\n"田中" = "{h}"\n')
    )
    assert cfg.supervisor.pins == {"田中": h} and cfg.supervisor.max_failures == 4
    with pytest.raises(ConfigError, match=r"supervisor\.pins\.田中: must be a PIN hash"):
        load_config(_profile_with(tmp_path, '[supervisor.pins]\n"田中" = "4821"\n'))
    with pytest.raises(ConfigError, match="unknown key"):
        load_config(_profile_with(tmp_path, "[supervisor]\npin = 1\n"))


def test_hash_pin_command(tmp_path: Path):
    exe = [sys.executable, "-m", "shared", "supervisor", "hash-pin", "--name", "田中"]
    r = subprocess.run(exe, input="4821\n", capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    line = r.stdout.splitlines()[1]
    assert line.startswith('"田中" = "scrypt$')
    stored = line.split(" = ")[1].strip('"')
    assert verify_pin("4821", stored) and not verify_pin("4822", stored)
    bad = subprocess.run(exe, input="12\n", capture_output=True, text=True, timeout=60)
    assert (
        bad.returncode == 2
        and bad.stderr.startswith("エラー / error: PIN must be")
        and "Traceback" not in bad.stderr
    )
