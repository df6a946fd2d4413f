"""SQL of the web area (secret, rate limits, web-ticket caps, alert subscriptions, sent alerts, history).

Shares the connection of the engine's :class:`~shared.storage.store.Store`, so a web check and the ticket it
guards commit in one ``BEGIN IMMEDIATE`` transaction.
"""

from __future__ import annotations

import hmac
import json
import secrets
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any

from shared.storage.backend import Database

SELECTOR_LEN = 8  # the token's leading characters, used only to find candidate rows
_TOKEN_TOP = "\x7f"  # above every base64url character


@dataclass(frozen=True)
class Subscription:
    id: int
    ticket_id: int
    channel: str
    address: str | None
    lang: str
    people: tuple[int, ...]
    minutes: tuple[int, ...]
    active: bool
    created_at: float


@dataclass(frozen=True)
class SentAlert:
    id: int
    subscription_id: int
    ticket_id: int
    leg_id: int
    kind: str
    value: int
    channel: str
    state: str
    attempts: int
    created_at: float
    sent_at: float | None
    tried_at: float | None
    title: str
    body: str
    error: str | None


_SUB_COLS = "id, ticket_id, channel, address, lang, people, minutes, active, created_at"
_ALERT_COLS = (
    "id, subscription_id, ticket_id, leg_id, kind, value, channel, state, attempts, created_at, sent_at, "
    "tried_at, title, body, error"
)


def _sub(row: Sequence[Any]) -> Subscription:
    return Subscription(
        id=row[0],
        ticket_id=row[1],
        channel=row[2],
        address=row[3],
        lang=row[4],
        people=tuple(json.loads(row[5])),
        minutes=tuple(json.loads(row[6])),
        active=bool(row[7]),
        created_at=row[8],
    )


def _alert(row: Sequence[Any]) -> SentAlert:
    return SentAlert(*row)


class WebStore:
    def __init__(self, conn: Database) -> None:
        self.conn = conn

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.conn.transaction():
            yield

    def snapshot(self) -> AbstractContextManager[Database]:
        """A read transaction, so a page built from several queries sees one consistent state."""
        return self.conn.snapshot()

    def _one(self, sql: str, args: Sequence[Any] = ()) -> Any:
        row = self.conn.execute(sql, tuple(args)).fetchone()
        return None if row is None else row[0]

    # -- secret and tokens ----------------------------------------------------------------------------------
    def secret(self, name: str, ts: float) -> bytes:
        """The named random key, created on first use and then stable across restarts and workers."""
        value = self._one("SELECT value FROM web_secret WHERE name = ?", (name,))
        if value is not None:
            return bytes(value)
        with self.transaction():
            self.conn.execute(
                "INSERT INTO web_secret(name, value, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT(name) DO NOTHING",
                (name, secrets.token_bytes(32), ts),
            )
            return bytes(self._one("SELECT value FROM web_secret WHERE name = ?", (name,)))

    def ticket_id_by_token(self, token: str) -> int | None:
        """Find a ticket by its token; only the selector prefix reaches the index, the rest is compared in
        constant time (``hmac.compare_digest``), so response time tells nothing about the secret part."""
        if len(token) <= SELECTOR_LEN:
            return None
        selector = token[:SELECTOR_LEN]
        rows = self.conn.execute(
            "SELECT id, token FROM ticket WHERE token >= ? AND token < ?", (selector, selector + _TOKEN_TOP)
        ).fetchall()
        found = None
        for tid, stored in rows:
            if hmac.compare_digest(stored.encode(), token.encode()):
                found = tid
        return found

    # -- rate limits and caps -------------------------------------------------------------------------------
    def hits_since(self, kind: str, key: str, since: float) -> tuple[int, float | None]:
        """(count, oldest ts) of hits of ``kind`` by ``key`` since ``since``."""
        n, oldest = self.conn.execute(
            "SELECT count(*), min(ts) FROM web_hit WHERE kind = ? AND key = ? AND ts >= ?", (kind, key, since)
        ).fetchone()
        return int(n), oldest

    def add_hit(self, kind: str, key: str, ts: float) -> int:
        return self.conn.insert("INSERT INTO web_hit(kind, key, ts) VALUES (?, ?, ?)", (kind, key, ts))

    def delete_hits(self, ids: Sequence[int]) -> None:
        """Take back hits that turned out not to count (e.g. the e-mail could not be sent)."""
        self.conn.executemany("DELETE FROM web_hit WHERE id = ?", [(i,) for i in ids])

    def prune_hits(self, before: float) -> int:
        return self.conn.execute("DELETE FROM web_hit WHERE ts < ?", (before,)).rowcount

    def count_web_issued(self, day: str, service: str) -> int:
        """Web-channel tickets issued on ``day`` whose first stop is ``service`` (the web daily cap)."""
        return int(
            self._one(
                "SELECT count(*) FROM ticket t JOIN leg ON leg.ticket_id = t.id AND leg.step = 0 "
                "AND leg.parent_leg_id IS NULL WHERE t.day = ? AND t.channel = 'web' AND leg.service = ?",
                (day, service),
            )
        )

    # -- subscriptions --------------------------------------------------------------------------------------
    def upsert_subscription(
        self,
        *,
        ticket_id: int,
        channel: str,
        address: str | None,
        lang: str,
        people: Sequence[int],
        minutes: Sequence[int],
        ts: float,
    ) -> int:
        row = self.conn.execute(
            "INSERT INTO web_subscription(ticket_id, channel, address, lang, people, minutes, active, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT(ticket_id, channel) DO UPDATE SET "
            "address = excluded.address, lang = excluded.lang, people = excluded.people, "
            "minutes = excluded.minutes, active = 1, updated_at = excluded.updated_at RETURNING id",
            (
                ticket_id,
                channel,
                address,
                lang,
                json.dumps(sorted(set(people), reverse=True)),
                json.dumps(sorted(set(minutes), reverse=True)),
                ts,
                ts,
            ),
        ).fetchone()
        return int(row[0])

    def deactivate_subscription(self, ticket_id: int, channel: str, ts: float) -> bool:
        cur = self.conn.execute(
            "UPDATE web_subscription SET active = 0, address = NULL, updated_at = ? "
            "WHERE ticket_id = ? AND channel = ? AND active = 1",
            (ts, ticket_id, channel),
        )
        return cur.rowcount == 1

    def subscriptions_of_ticket(self, ticket_id: int) -> list[Subscription]:
        rows = self.conn.execute(
            f"SELECT {_SUB_COLS} FROM web_subscription WHERE ticket_id = ? ORDER BY id", (ticket_id,)
        ).fetchall()
        return [_sub(r) for r in rows]

    def active_subscriptions(self) -> list[Subscription]:
        """Active subscriptions of tickets that are still open."""
        rows = self.conn.execute(
            f"SELECT {', '.join('s.' + c.strip() for c in _SUB_COLS.split(','))} FROM web_subscription s "
            "JOIN ticket t ON t.id = s.ticket_id WHERE s.active = 1 AND t.state = 'open' ORDER BY s.id"
        ).fetchall()
        return [_sub(r) for r in rows]

    def erase_finished(self, day: str, ts: float) -> int:
        """Forget the addresses of closed tickets and of earlier days; their subscriptions end."""
        cur = self.conn.execute(
            "UPDATE web_subscription SET active = 0, address = NULL, updated_at = ? WHERE (active = 1 OR address "
            "IS NOT NULL) AND ticket_id IN (SELECT id FROM ticket WHERE state = 'closed' OR day < ?)",
            (ts, day),
        )
        return cur.rowcount

    # -- alerts ---------------------------------------------------------------------------------------------
    def claim_alert(
        self,
        *,
        subscription_id: int,
        ticket_id: int,
        leg_id: int,
        kind: str,
        value: int,
        channel: str,
        ts: float,
        title: str,
        body: str,
        state: str = "pending",
    ) -> int | None:
        """Insert the alert row, or None if this threshold already fired for this leg and channel."""
        row = self.conn.execute(
            "INSERT INTO web_alert(subscription_id, ticket_id, leg_id, kind, value, channel, state, created_at, "
            "title, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(ticket_id, leg_id, kind, value, channel) DO NOTHING RETURNING id",
            (subscription_id, ticket_id, leg_id, kind, value, channel, state, ts, title, body),
        ).fetchone()
        return None if row is None else int(row[0])

    def mark_alert(self, alert_id: int, state: str, ts: float, error: str | None = None) -> None:
        """Record one delivery attempt: ``sent`` or ``failed`` (with the error)."""
        self.conn.execute(
            "UPDATE web_alert SET state = ?, attempts = attempts + 1, tried_at = ?, sent_at = CASE "
            "WHEN ? = 'sent' THEN ? ELSE sent_at END, error = ? WHERE id = ?",
            (state, ts, state, ts, error, alert_id),
        )

    def drop_alert(self, alert_id: int) -> None:
        """Give up on a failed alert that can no longer help (the ticket moved on, the visitor opted out)."""
        self.conn.execute(
            "UPDATE web_alert SET state = 'dropped' WHERE id = ? AND state = 'failed'", (alert_id,)
        )

    def alert(self, alert_id: int) -> SentAlert | None:
        row = self.conn.execute(f"SELECT {_ALERT_COLS} FROM web_alert WHERE id = ?", (alert_id,)).fetchone()
        return None if row is None else _alert(row)

    def alerts_of_ticket(self, ticket_id: int, channel: str | None = None) -> list[SentAlert]:
        where, args = "ticket_id = ?", list[Any]([ticket_id])
        if channel is not None:
            where += " AND channel = ?"
            args.append(channel)
        rows = self.conn.execute(
            f"SELECT {_ALERT_COLS} FROM web_alert WHERE {where} ORDER BY id", args
        ).fetchall()
        return [_alert(r) for r in rows]

    def failed_alerts(self, max_attempts: int) -> list[SentAlert]:
        rows = self.conn.execute(
            f"SELECT {_ALERT_COLS} FROM web_alert WHERE state = 'failed' AND attempts < ? ORDER BY id",
            (max_attempts,),
        ).fetchall()
        return [_alert(r) for r in rows]

    def subscription(self, subscription_id: int) -> Subscription | None:
        row = self.conn.execute(
            f"SELECT {_SUB_COLS} FROM web_subscription WHERE id = ?", (subscription_id,)
        ).fetchone()
        return None if row is None else _sub(row)

    # -- history for the "usually busy" chart ---------------------------------------------------------------
    def hourly_history(
        self, weekday: int, since_day: str, until_day: str, utc_offset_h: int = 9
    ) -> dict[int, tuple[float, float | None, int]]:
        """Per local hour on days of ``weekday`` (0 = Monday) in [since_day, until_day):
        (mean tickets issued per day, mean wait in minutes of first calls, number of days with data)."""
        if self.conn.dialect == "postgresql":
            hour = "CAST(extract(hour FROM to_timestamp(ts) + make_interval(hours => ?)) AS INTEGER)"
            dow = "CAST(extract(dow FROM CAST(day AS date)) AS INTEGER)"
            hour_args: tuple[Any, ...] = (utc_offset_h,)
        else:
            hour = "CAST(strftime('%H', ts, 'unixepoch', ?) AS INTEGER)"
            dow = "CAST(strftime('%w', day) AS INTEGER)"
            hour_args = (f"{utc_offset_h:+d} hours",)
        sunday0_dow = (weekday + 1) % 7  # %w and dow: 0 = Sunday
        issued = self.conn.execute(
            f"SELECT {hour} AS h, count(*), count(DISTINCT day) "
            "FROM event WHERE type = 'issued' AND day >= ? AND day < ? "
            f"AND {dow} = ? GROUP BY h",
            (*hour_args, since_day, until_day, sunday0_dow),
        ).fetchall()
        days = int(
            self._one(
                "SELECT count(DISTINCT day) FROM event WHERE type = 'issued' AND day >= ? AND day < ? "
                f"AND {dow} = ?",
                (since_day, until_day, sunday0_dow),
            )
        )
        waits = dict(
            self.conn.execute(
                f"SELECT {hour} AS h, avg(waited_s) / 60.0 FROM call "
                "WHERE kind = 'call' AND stage = 'service' AND day >= ? AND day < ? "
                f"AND {dow} = ? GROUP BY h",
                (*hour_args, since_day, until_day, sunday0_dow),
            ).fetchall()
        )
        counts = {int(h): n for h, n, _ in issued}
        return {
            h: (counts.get(h, 0) / days if days else 0.0, waits.get(h), days)
            for h in sorted(set(counts) | {int(k) for k in waits})
        }
