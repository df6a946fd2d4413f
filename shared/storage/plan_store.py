"""SQL of the floor manager's scheduled plan steps (table ``plan_step``, see schema_plan.py).

Shares the engine's connection, so claiming a step and running its counter verb commit in one transaction."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from shared.storage.backend import Database

_COLS = (
    "id, day, plan, due_ts, kind, counter, services, actor, created_ts, state, done_ts, result, cancelled_by"
)


@dataclass(frozen=True)
class PlanStep:
    id: int
    day: str
    plan: str
    due_ts: float
    kind: str  # open | serve | close | pause | resume
    counter: int
    services: tuple[str, ...]
    actor: str
    created_ts: float
    state: str  # pending | done | failed | cancelled
    done_ts: float | None
    result: str | None
    cancelled_by: str | None


def _step(row: Sequence[Any]) -> PlanStep:
    return PlanStep(
        id=row[0],
        day=row[1],
        plan=row[2],
        due_ts=row[3],
        kind=row[4],
        counter=row[5],
        services=tuple(json.loads(row[6])),
        actor=row[7],
        created_ts=row[8],
        state=row[9],
        done_ts=row[10],
        result=row[11],
        cancelled_by=row[12],
    )


class PlanStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(
        self,
        *,
        day: str,
        plan: str,
        due_ts: float,
        kind: str,
        counter: int,
        services: Sequence[str],
        actor: str,
        ts: float,
    ) -> int:
        return self.db.insert(
            "INSERT INTO plan_step(day, plan, due_ts, kind, counter, services, actor, created_ts) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (day, plan, due_ts, kind, counter, json.dumps(list(services)), actor, ts),
        )

    def get(self, step_id: int) -> PlanStep | None:
        row = self.db.execute(f"SELECT {_COLS} FROM plan_step WHERE id = ?", (step_id,)).fetchone()
        return None if row is None else _step(row)

    def of_day(self, day: str) -> list[PlanStep]:
        rows = self.db.execute(
            f"SELECT {_COLS} FROM plan_step WHERE day = ? ORDER BY due_ts, id", (day,)
        ).fetchall()
        return [_step(r) for r in rows]

    def due(self, ts: float) -> list[PlanStep]:
        rows = self.db.execute(
            f"SELECT {_COLS} FROM plan_step WHERE state = 'pending' AND due_ts <= ? ORDER BY due_ts, id",
            (ts,),
        ).fetchall()
        return [_step(r) for r in rows]

    def settle(self, step_id: int, state: str, ts: float, result: str, by: str | None = None) -> bool:
        """Move a pending step to ``state``; False when it is no longer pending (another process got there)."""
        cur = self.db.execute(
            "UPDATE plan_step SET state = ?, done_ts = ?, result = ?, cancelled_by = ? "
            "WHERE id = ? AND state = 'pending'",
            (state, ts, result, by, step_id),
        )
        return cur.rowcount == 1

    def note(self, step_id: int, result: str) -> None:
        """A pending step's latest word (e.g. waiting for the ticket in hand before closing)."""
        self.db.execute(
            "UPDATE plan_step SET result = ? WHERE id = ? AND state = 'pending'", (result, step_id)
        )
