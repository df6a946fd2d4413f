"""SQL of the e-mail one-time codes of web tickets (table ``web_email_code``, see schema_web_code.py).

Shares the engine's connection like :class:`~shared.storage.web_store.WebStore`, so checking a code, marking it
used and issuing the ticket commit in one ``BEGIN IMMEDIATE`` transaction. Stores only hashes, never an address.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from shared.storage.backend import Database

_COLS = (
    "id, challenge, device_hash, addr_key, code_hash, request, service, created_at, expires_at, attempts, state, "
    "ticket_id"
)


@dataclass(frozen=True)
class EmailCode:
    id: int
    challenge: str
    device_hash: bytes
    addr_key: str
    code_hash: bytes
    request: dict[str, Any]
    service: str
    created_at: float
    expires_at: float
    attempts: int
    state: str  # pending | used | void
    ticket_id: int | None


def _code(row: Sequence[Any]) -> EmailCode:
    return EmailCode(
        id=row[0],
        challenge=row[1],
        device_hash=bytes(row[2]),
        addr_key=row[3],
        code_hash=bytes(row[4]),
        request=json.loads(row[5]),
        service=row[6],
        created_at=row[7],
        expires_at=row[8],
        attempts=row[9],
        state=row[10],
        ticket_id=row[11],
    )


class EmailCodeStore:
    def __init__(self, conn: Database) -> None:
        self.conn = conn

    def add(
        self,
        *,
        challenge: str,
        device_hash: bytes,
        addr_key: str,
        code_hash: bytes,
        request: dict[str, Any],
        service: str,
        ts: float,
        expires_at: float,
    ) -> int:
        return self.conn.insert(
            "INSERT INTO web_email_code(challenge, device_hash, addr_key, code_hash, request, service, "
            "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (challenge, device_hash, addr_key, code_hash, json.dumps(request), service, ts, expires_at),
        )

    def by_challenge(self, challenge: str) -> EmailCode | None:
        row = self.conn.execute(
            f"SELECT {_COLS} FROM web_email_code WHERE challenge = ?", (challenge,)
        ).fetchone()
        return None if row is None else _code(row)

    def recent_pending(self, device_hash: bytes, addr_key: str, since: float, ts: float) -> EmailCode | None:
        """The newest live code this device asked for this address since ``since`` (a double-tapped form)."""
        row = self.conn.execute(
            f"SELECT {_COLS} FROM web_email_code WHERE device_hash = ? AND addr_key = ? AND created_at >= ? "
            "AND state = 'pending' AND expires_at > ? ORDER BY id DESC LIMIT 1",
            (device_hash, addr_key, since, ts),
        ).fetchone()
        return None if row is None else _code(row)

    def wrong_attempt(self, code_id: int, max_attempts: int) -> int:
        """Count one wrong try; the code is void once it reaches ``max_attempts``. Returns the attempts."""
        row = self.conn.execute(
            "UPDATE web_email_code SET attempts = attempts + 1, state = CASE WHEN attempts + 1 >= ? "
            "THEN 'void' ELSE state END WHERE id = ? AND state = 'pending' RETURNING attempts",
            (max_attempts, code_id),
        ).fetchone()
        return max_attempts if row is None else int(row[0])

    def mark_used(self, code_id: int, ticket_id: int, ts: float) -> bool:
        """Pending → used, once: False if another request used (or voided) it first."""
        cur = self.conn.execute(
            "UPDATE web_email_code SET state = 'used', ticket_id = ?, used_at = ? "
            "WHERE id = ? AND state = 'pending'",
            (ticket_id, ts, code_id),
        )
        return cur.rowcount == 1

    def discard(self, code_id: int) -> None:
        """Forget a code that could not be sent."""
        self.conn.execute("DELETE FROM web_email_code WHERE id = ?", (code_id,))

    def purge_expired(self, ts: float) -> int:
        return self.conn.execute("DELETE FROM web_email_code WHERE expires_at <= ?", (ts,)).rowcount
