"""A throwaway PostgreSQL cluster for the tests: ``initdb`` + ``pg_ctl`` in a temp folder, on 127.0.0.1 only.

One cluster per test session (``pg_cluster`` fixture in tests/conftest.py), stopped at the end. CI runs as
root, and the server refuses to run as root, so the cluster belongs to the ``postgres`` user and every server
command runs through ``runuser -u postgres --``. Each test gets a fresh database, copied from a template that
holds the migrated schema (``CREATE DATABASE … TEMPLATE``, a few ms).

Faults for tests: :meth:`PgCluster.restart` (``pg_ctl restart -m fast``), :meth:`PgCluster.terminate`
(``pg_terminate_backend``), :meth:`PgCluster.sql` (a superuser statement).
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

SUPERUSER = "postgres"
TEMPLATE = "madoguchi_template"


def pg_bindir() -> Path | None:
    """The directory of initdb/pg_ctl: on PATH, or Debian's /usr/lib/postgresql/<version>/bin."""
    found = shutil.which("initdb")
    if found:
        return Path(os.path.realpath(found)).parent
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda d: int(Path(d).parent.name or 0))
    for d in reversed(dirs):
        if (Path(d) / "initdb").exists() and (Path(d) / "pg_ctl").exists():
            return Path(d)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgCluster:
    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="madoguchi-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = _free_port()
        self._as_postgres = os.geteuid() == 0
        self._names = itertools.count(1)
        self._free: list[str] = []  # emptied test databases, ready for the next test
        if self._as_postgres:
            shutil.chown(self.root, user="postgres", group="postgres")
        os.chmod(self.root, 0o700 if not self._as_postgres else 0o755)

    # -- running server commands ---------------------------------------------------------------------------
    def _run(self, *cmd: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        argv = [str(self.bindir / cmd[0]), *cmd[1:]]
        if self._as_postgres:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        r = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, cwd=self.root)
        if r.returncode != 0:
            tail = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode}): {r.stderr.strip()}\n{tail}")
        return r

    def _options(self) -> str:
        # fsync off: a test cluster need not survive a power cut (restart tests use -m fast, which flushes)
        return (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c fsync=off "
            "-c full_page_writes=off -c max_connections=200 -c shared_buffers=32MB"
        )

    def start(self) -> PgCluster:
        # --no-sync: the files need not reach the disk before the server starts (fsync=off all the same); it
        # halves initdb's 2 s, which each xdist worker waits for before its first PostgreSQL test
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            SUPERUSER,
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", self._options(), "-w", "start")
        self._make_template()
        return self

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", timeout=30)
        shutil.rmtree(self.root, ignore_errors=True)

    def restart(self) -> None:
        """``pg_ctl restart -m fast``: every client connection is cut; the server is back when this returns."""
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            self._options(),
            "-m",
            "fast",
            "-w",
            "restart",
        )

    def require_password(self, role: str, password: str) -> None:
        """A login role that must give ``password`` (scram-sha-256) over TCP; every other role stays trusted."""
        self.sql(f"CREATE ROLE {role} LOGIN SUPERUSER PASSWORD '{password}'")
        hba = self.data / "pg_hba.conf"
        hba.write_text(f"host all {role} 127.0.0.1/32 scram-sha-256\n" + hba.read_text())
        self._run("pg_ctl", "-D", str(self.data), "reload")
        time.sleep(0.2)  # the postmaster rereads pg_hba.conf asynchronously

    # -- databases -----------------------------------------------------------------------------------------
    def url(self, dbname: str = "postgres", *, password: str | None = None) -> str:
        auth = f"{SUPERUSER}:{password}" if password else SUPERUSER
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{dbname}"

    def sql(self, statement: str, dbname: str = "postgres") -> list[tuple[object, ...]]:
        with psycopg.connect(self.url(dbname), autocommit=True) as conn:
            cur = conn.execute(statement)  # type: ignore[arg-type]
            return cur.fetchall() if cur.description else []

    def _make_template(self) -> None:
        from shared.storage.backend import open_database

        self.sql(f"CREATE DATABASE {TEMPLATE}")
        open_database(self.url(TEMPLATE)).close()  # the migrated schema, copied into every test database

    def new_database(
        self, *, empty: bool = False, name: str | None = None, template: str | None = None
    ) -> str:
        """A fresh database (a copy of ``template``; by default the migrated schema, or nothing if ``empty``);
        returns its URL."""
        name = name or f"t{os.getpid()}_{next(self._names)}"
        template = template or ("template0" if empty else TEMPLATE)
        self.sql(f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY")
        return self.url(name)

    def lease(self) -> str:
        """A database with the migrated schema and no rows: an emptied one from an earlier test, or a new one."""
        return self._free.pop() if self._free else self.new_database()

    def give_back(self, url: str) -> None:
        """End the test's sessions, empty the database and keep it for the next test (CREATE DATABASE costs
        0.1–0.3 s, this a few tens of ms); a database that cannot be emptied is dropped instead."""
        name = url.rsplit("/", 1)[1]
        try:
            self.sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
            )
            self.empty(url)
        except (psycopg.Error, RuntimeError):
            self.drop(url)
            return
        self._free.append(url)

    def empty(self, url: str) -> None:
        """Every table emptied and its ids restarted (the schema stays): a fresh office in a few ms.

        ``DELETE`` with the foreign-key triggers off (``session_replication_role = replica``), not ``TRUNCATE``:
        a test leaves a handful of rows, and TRUNCATE gives each of the ~25 tables a new file (60 ms a test on
        every PostgreSQL test, 8 ms this way). Identity sequences go back to their start as TRUNCATE … RESTART
        IDENTITY did."""
        from shared.storage.migrations import migrations

        name = url.rsplit("/", 1)[1]
        known = ", ".join(f"'{n}'" for n in migrations.names())
        with psycopg.connect(self.url(name), autocommit=True) as conn, conn.transaction():
            tables = [
                r[0]
                for r in conn.execute(
                    "SELECT tablename FROM pg_tables "
                    "WHERE schemaname = 'public' AND tablename <> 'schema_migrations'"
                )
            ]
            conn.execute("SET LOCAL session_replication_role = replica")
            conn.execute("; ".join(f"DELETE FROM {t}" for t in tables))  # type: ignore[arg-type]
            conn.execute(
                "SELECT setval(s.seqrelid, s.seqstart, false) FROM pg_sequence s "
                "JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public'"
            )
            conn.execute(f"DELETE FROM schema_migrations WHERE name NOT IN ({known})")  # type: ignore[arg-type]

    def drop(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        self.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def terminate(self, dbname: str, *, application_name: str | None = None) -> int:
        """``pg_terminate_backend`` for every client session of ``dbname``: the server cuts them."""
        where = f"datname = '{dbname}' AND pid <> pg_backend_pid()"
        if application_name:
            where += f" AND application_name = '{application_name}'"
        rows = self.sql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE {where}")
        return len(rows)

    def wait_ready(self, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sql("SELECT 1")
                return
            except psycopg.Error:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
