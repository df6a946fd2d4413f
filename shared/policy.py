"""The call policy: which waiting ticket a counter calls next. One pure function, no I/O.

Order (peers.md §6.4, §7):
1. priority class first (higher ``priority`` wins) — unless the counter has just called
   ``max_priority_in_row`` priority tickets in a row and a normal ticket waits (fairness);
2. then the oldest queue entry across the counter's services, where a service weight stretches its age
   (weight 2.0: a ticket that waited 5 min ranks with one that waited 10 min elsewhere);
3. ties break on sort key, then on leg id. Nothing depends on how a database sorts.

With ``aging_min`` > 0 a normal ticket that has waited that long ranks as priority class 1 (aging).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    leg_id: int
    queue: str
    priority: int
    sort_key: float


@dataclass(frozen=True)
class PolicyRules:
    weights: Mapping[str, float]
    max_priority_in_row: int = 3  # 0: no limit
    aging_min: float = 0.0  # 0: no aging


@dataclass(frozen=True)
class Choice:
    candidate: Candidate
    as_priority: bool  # counts toward the counter's run of priority calls


def effective_class(c: Candidate, now_ts: float, rules: PolicyRules) -> int:
    if c.priority > 0:
        return c.priority
    if rules.aging_min > 0 and now_ts - c.sort_key >= rules.aging_min * 60:
        return 1
    return 0


def _age_rank(c: Candidate, now_ts: float, rules: PolicyRules) -> tuple[float, float, int]:
    weight = rules.weights.get(c.queue.split(":")[0], 1.0)
    return (-(now_ts - c.sort_key) * weight, c.sort_key, c.leg_id)


def choose(
    candidates: Sequence[Candidate], now_ts: float, rules: PolicyRules, priority_run: int = 0
) -> Choice | None:
    """The next ticket for a counter, or None when nobody waits."""
    if not candidates:
        return None
    classes = {c.leg_id: effective_class(c, now_ts, rules) for c in candidates}
    urgent = [c for c in candidates if classes[c.leg_id] > 0]
    normal = [c for c in candidates if classes[c.leg_id] == 0]
    fairness_due = rules.max_priority_in_row > 0 and priority_run >= rules.max_priority_in_row and normal
    if urgent and not fairness_due:
        best = min(urgent, key=lambda c: (-classes[c.leg_id], *_age_rank(c, now_ts, rules)))
        return Choice(best, as_priority=True)
    best = min(normal, key=lambda c: _age_rank(c, now_ts, rules))
    return Choice(best, as_priority=False)
