"""``.pgpass`` / ``PGPASSFILE`` and ``sslmode`` reach libpq as it expects: madoguchi adds nothing and strips
nothing from the URL, and a refusal is one line without the password."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.backends("postgresql")
ROLE, PASSWORD = "clerk_pw", "pw-from-pgpass-7"


@pytest.fixture(scope="module")
def password_role(pg_cluster: Any) -> str:
    pg_cluster.require_password(ROLE, PASSWORD)
    return ROLE


def _status(url: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("MADOGUCHI_DB", "PGPASSWORD", "PGPASSFILE")}
    return subprocess.run(
        [sys.executable, "-m", "shared", "--db", url, "status"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_pgpassfile_supplies_the_password(
    backend: str, db_path: str, password_role: str, pg_cluster: Any, tmp_path: Path
) -> None:
    name = db_path.rsplit("/", 1)[1]
    url = f"postgresql://{password_role}@127.0.0.1:{pg_cluster.port}/{name}"
    refused = _status(url, HOME=str(tmp_path))  # no password anywhere: the server says no, in one line
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "cannot connect to the database server" in refused.stderr and len(refused.stderr.splitlines()) == 1
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"127.0.0.1:{pg_cluster.port}:{name}:{password_role}:{PASSWORD}\n")
    passfile.chmod(0o600)
    ok = _status(url, HOME=str(tmp_path), PGPASSFILE=str(passfile))
    assert ok.returncode == 0, ok.stderr
    assert PASSWORD not in ok.stdout + ok.stderr
    home_pgpass = tmp_path / ".pgpass"  # the default place, for the user who runs the app
    passfile.rename(home_pgpass)
    assert _status(url, HOME=str(tmp_path)).returncode == 0


def test_sslmode_goes_to_libpq(backend: str, db_path: str) -> None:
    assert _status(f"{db_path}?sslmode=disable").returncode == 0
    r = _status(f"{db_path}?sslmode=require")  # the test server has no TLS: libpq itself refuses
    assert r.returncode == 2 and "SSL" in r.stderr and len(r.stderr.splitlines()) == 1
