"""What ``--db`` / ``MADOGUCHI_DB`` names: a SQLite file on this PC, or a PostgreSQL server URL.

- a path, or ``sqlite:PATH`` / ``sqlite:///ABS/PATH``: SQLite (the single-PC default);
- ``postgresql://user@host:5432/dbname?sslmode=require`` (or ``postgres://``): PostgreSQL. The URL goes to libpq
  as it is, so ``sslmode``, ``PGPASSWORD``, ``.pgpass`` and ``PGPASSFILE`` work as libpq documents them.

A URL may hold a password; :func:`mask` replaces it with ``***`` in everything madoguchi prints or logs.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import platformdirs

from shared.paths import absolute_path

PG_SCHEMES = ("postgresql", "postgres")
# scheme://user:password@  (also inside a longer message); the password ends at the last "@" before the host
_URL_PASSWORD = re.compile(
    r"(?P<head>\b[A-Za-z][A-Za-z0-9+.-]*://[^\s:/@]*:)(?P<pw>[^\s@/]*(?:@[^\s@/]*)*?)@"
)
# key/value conninfo: password=secret or password='se cret'
_KV_PASSWORD = re.compile(r"(?P<head>\bpassword\s*=\s*)(?P<pw>'(?:[^'\\]|\\.)*'|[^\s&']+)", re.IGNORECASE)
# what Path() leaves of a URL: "postgresql:/host/db" (the "//" folded into one "/")
_FOLDED = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*):/(?!/)(?P<rest>.*)$")


def mask(text: str) -> str:
    """``text`` with every password in a URL or conninfo replaced by ``***``."""
    text = _URL_PASSWORD.sub(lambda m: m.group("head") + "***@", text)
    return _KV_PASSWORD.sub(lambda m: m.group("head") + "***", text)


@dataclass(frozen=True)
class DbTarget:
    """One office database. ``str()`` of it is safe to print (password masked)."""

    kind: Literal["sqlite", "postgresql"]
    path: Path | None = None  # SQLite
    url: str | None = None  # PostgreSQL, as libpq takes it (password included; never print it)

    @property
    def is_pg(self) -> bool:
        return self.kind == "postgresql"

    def __str__(self) -> str:
        return mask(self.url) if self.url is not None else str(self.path)

    def unmasked(self) -> str:
        """The URL or path as given, password included: only for handing to a child process's environment."""
        return self.url if self.url is not None else str(self.path)

    def __repr__(self) -> str:
        return f"DbTarget({self.kind}, {self})"


def db_exists(target: DbTarget) -> bool:
    """False only for a SQLite file that is not there (a server database is checked by connecting)."""
    return target.is_pg or (target.path is not None and target.path.exists())


def default_sqlite_path() -> Path:
    return Path(platformdirs.user_data_dir("madoguchi", appauthor=False)) / "madoguchi.db"


def parse_target(value: str | os.PathLike[str] | DbTarget | None) -> DbTarget:
    """``--db`` as given (None: ``$MADOGUCHI_DB``, else the per-user SQLite file). A SQLite path is made
    absolute here, once, so a relative ``--db office.db`` means the same file in every part of an app."""
    if isinstance(value, DbTarget):
        return value
    if value is None or str(value) == "":
        env = os.environ.get("MADOGUCHI_DB")
        if not env:
            return DbTarget("sqlite", path=default_sqlite_path())  # every app on one PC shares it
        value = env
    text = os.fspath(value)
    scheme = text.split(":", 1)[0].lower() if ":" in text else ""
    base = scheme.split("+")[0]
    if base in PG_SCHEMES:
        if not text[len(scheme) + 1 :].startswith("//"):
            folded = _FOLDED.match(text)
            if folded:  # a URL that went through Path(): put the "//" back
                text = f"{folded.group('scheme')}://{folded.group('rest')}"
        if "+" in scheme:  # postgresql+psycopg://… (SQLAlchemy style): libpq knows only postgresql://
            text = "postgresql" + text[len(scheme) :]
        return DbTarget("postgresql", url=text)
    if scheme == "sqlite":
        rest = text[len("sqlite:") :]
        if rest.startswith("///") or rest.startswith("//"):
            rest = rest[2:]
        return DbTarget("sqlite", path=absolute_path(rest))
    return DbTarget("sqlite", path=absolute_path(text))
