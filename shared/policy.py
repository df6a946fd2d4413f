"""The call policy: which waiting ticket a counter calls next. One pure function, no I/O.

Order (the rules peer queue systems converge on: priority classes with a fairness cap, oldest first across
services, FIFO inside a class):
1. priority class first (higher ``priority`` wins) — unless the counter has just called
   ``max_priority_in_row`` priority tickets in a row and a normal ticket waits (fairness);
2. then the oldest queue entry across the counter's services, where a service weight stretches its age
   (weight 2.0: a ticket that waited 5 min ranks with one that waited 10 min elsewhere);
3. ties break on sort key, then on leg id. Nothing depends on how a database sorts.

With ``aging_min`` > 0 a normal ticket that has waited that long ranks as priority class 1 (aging).

Appointments (来庁予約, :mod:`shared.booking`): a booked leg carries its slot start (``slot_ts``) and ranks at
that time. Once its slot has begun (or is ``booked_lead_s`` away: a counter that frees up just before the slot
takes the booked visitor who is already there, since the next one may take a whole service time) it is *due*
and goes ahead of walk-ins — after the priority class, and
within a fairness cap like the priority cap: after ``max_booked_in_row`` due appointments in a row a waiting
walk-in is called. A booked visitor who checked in early waits as if they had arrived at their slot time (behind
every walk-in already there, called early only by an otherwise idle counter) — with one exception, the *hold*:
a counter about to start a walk-in whose service would run past the slot start of a booked visitor who is
already here calls that booked visitor instead (early). The walk-in's service is taken as ``early_factor``
times its mean (``service_s``; the engine: 1.5, since visits vary — one in six of the simulator's runs past
1.5 × the mean — and calling a visitor who is here early costs the walk-ins one place, not counter time). A
walk-in started then would keep the counter busy at the slot time, and the booked visitor would wait its remaining service (the main
cause of booked waits in the simulator, at single counters with 10–15 min services). The fairness cap applies
to held calls too.

The *reservation* (``[booking] hold = true``, :func:`reserve`): the same walk-in, its service taken as
``reserve_factor`` times its mean (the engine: 1.25), would run past the slot of a booked visitor who has not
checked in yet. If no other counter serving that service is expected to be free by the slot (each counter's
expected end: its current visitor's start plus the service's mean time; a counter on a break or paused covers
nothing), the counter keeps itself free for the appointment instead of starting the walk-in: it calls nobody until
the visitor checks in or ``reserve_late_s`` after the slot start (the engine: the grace time; then the visitor
would get a walk-in ticket anyway). Several appointments share the other counters in slot order, one each. Off by
default: an idle counter while walk-ins wait is the price, and the bench measures it.

The *予約 counter* (``[[counters]] booking = true``; ``dedicated`` here): the same reservation on that counter
whatever ``[booking] hold`` says, but only other 予約 counters count as cover — the walk-in counters are not
counted on (their visitor may run long), and no fairness cap lets a walk-in in. In :func:`choose` a due
appointment goes first there, ahead of the priority class too and with no cap (the other counters of the service
still call priority visitors first): the visitor was told a time. Outside booked slots it serves walk-ins as any
counter.

Why (``madoguchi bench booking``, Monday, 40 % booked, 予約 counters and hold): before these three rules one booked
visitor in nine waited over 5 min after the slot (p90 6.4 min); the counters serving the service were all busy at
the slot time, mostly with a walk-in started 10–30 min before that ran long (services vary: a household's visit
takes 1.7 ×), else with a priority visitor called at the slot, the appointment before it, or a visitor who came
more than 5 min late.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Candidate:
    leg_id: int
    queue: str
    priority: int
    sort_key: float
    slot_ts: float | None = None  # a booked leg's slot start; None: a walk-in

    @property
    def booked(self) -> bool:
        return self.slot_ts is not None


@dataclass(frozen=True)
class PolicyRules:
    weights: Mapping[str, float]
    max_priority_in_row: int = 3  # 0: no limit
    aging_min: float = 0.0  # 0: no aging
    max_booked_in_row: int = 2  # due appointments in a row before a waiting walk-in; 0: no limit
    booked_lead_s: float = 0.0  # an appointment is due this long before its slot starts
    service_s: Mapping[str, float] = field(
        default_factory=dict
    )  # expected service per service code (the hold)
    early_factor: float = 1.0  # the hold: a walk-in's service taken as this × its mean
    reserve: bool = False  # [booking] hold: keep a counter free for an appointment not checked in yet
    reserve_late_s: float = 0.0  # … until this long after its slot start (then the visitor is late)
    reserve_factor: float = 1.0  # the reservation: a walk-in's service taken as this × its mean


@dataclass(frozen=True)
class Choice:
    candidate: Candidate
    as_priority: bool  # counts toward the counter's run of priority calls
    as_booked: bool = False  # a due appointment: counts toward the counter's run of booked calls


def effective_class(c: Candidate, now_ts: float, rules: PolicyRules) -> int:
    if c.booked:
        return 0  # an appointment's own rule (due or not) applies instead of the priority class
    if c.priority > 0:
        return c.priority
    if rules.aging_min > 0 and now_ts - c.sort_key >= rules.aging_min * 60:
        return 1
    return 0


def is_due(c: Candidate, now_ts: float, lead_s: float = 0.0) -> bool:
    """A booked leg whose slot has begun (or begins within ``lead_s``)."""
    return c.slot_ts is not None and now_ts >= c.slot_ts - lead_s


def _age_rank(c: Candidate, now_ts: float, rules: PolicyRules) -> tuple[float, float, int]:
    weight = rules.weights.get(c.queue.split(":")[0], 1.0)
    key = c.slot_ts if c.slot_ts is not None else c.sort_key  # an appointment ranks at its slot time
    return (-(now_ts - key) * weight, key, c.leg_id)


def choose(
    candidates: Sequence[Candidate],
    now_ts: float,
    rules: PolicyRules,
    priority_run: int = 0,
    booked_run: int = 0,
    dedicated: bool = False,
) -> Choice | None:
    """The next ticket for a counter, or None when nobody waits. ``priority_run`` / ``booked_run``: the
    counter's latest calls in a row that were priority / due-appointment calls. ``dedicated``: the counter is a
    予約 counter (a due appointment first, before the priority class, with no cap)."""
    if not candidates:
        return None
    classes = {c.leg_id: effective_class(c, now_ts, rules) for c in candidates}
    urgent = [c for c in candidates if classes[c.leg_id] > 0]
    due = [c for c in candidates if is_due(c, now_ts, rules.booked_lead_s)]
    walk_ins = [c for c in candidates if classes[c.leg_id] == 0 and not c.booked]
    normal = [c for c in candidates if classes[c.leg_id] == 0 and not is_due(c, now_ts, rules.booked_lead_s)]
    fairness_due = (
        rules.max_priority_in_row > 0 and priority_run >= rules.max_priority_in_row and (normal or due)
    )
    walk_in_turn = (
        not dedicated and rules.max_booked_in_row > 0 and booked_run >= rules.max_booked_in_row and walk_ins
    )
    if due and dedicated:  # a 予約 counter: the due appointment first, before the priority class, no cap
        best = min(due, key=lambda c: (c.slot_ts, c.leg_id))
        return Choice(best, as_priority=False, as_booked=True)
    if urgent and not fairness_due:
        best = min(urgent, key=lambda c: (-classes[c.leg_id], *_age_rank(c, now_ts, rules)))
        return Choice(best, as_priority=True)
    if due and not walk_in_turn:
        best = min(due, key=lambda c: (c.slot_ts, c.leg_id))
        return Choice(best, as_priority=False, as_booked=True)
    best = min(normal, key=lambda c: _age_rank(c, now_ts, rules))
    if not best.booked and not walk_in_turn:
        ends = now_ts + rules.service_s.get(best.queue.split(":")[0], 0.0) * rules.early_factor
        held = [c for c in normal if c.slot_ts is not None and c.slot_ts < ends]
        if held:  # the hold: the walk-in would still be at the counter when this appointment's slot begins
            return Choice(min(held, key=lambda c: (c.slot_ts, c.leg_id)), as_priority=False, as_booked=True)
    return Choice(best, as_priority=False)


@dataclass(frozen=True)
class Expected:
    """An appointment a counter may have to take: its service, its slot start, and whether the visitor is
    already here (checked in and waiting: it takes a counter but is the call policy's to call)."""

    queue: str
    slot_ts: float
    here: bool = False


@dataclass(frozen=True)
class OtherCounter:
    """Another open counter: the queues it serves and when it is expected to be free (``now`` if idle)."""

    queues: frozenset[str]
    free_ts: float
    booking: bool = False  # a 予約 counter ([[counters]] booking = true)


def reserve(
    walk_in: Candidate,
    now_ts: float,
    rules: PolicyRules,
    expected: Sequence[Expected],
    others: Sequence[OtherCounter],
    booked_run: int = 0,
    dedicated: bool = False,
) -> float | None:
    """The slot start this counter keeps itself free for instead of starting ``walk_in`` (None: start it).

    Only with ``rules.reserve``. An appointment whose slot begins before the walk-in's expected end
    (now + its service's mean time) is covered by another counter that serves its service and is expected to be
    free by the slot; appointments take those counters in slot order, one each. The first one left uncovered
    whose visitor is not here yet is reserved for. One already here is the call policy's (:func:`choose` calls
    it early instead of the walk-in): it only takes its cover. Within the fairness cap: after
    ``max_booked_in_row`` appointments in a row (``booked_run``) the walk-in is started.

    ``dedicated``: this is a 予約 counter — it reserves even without ``rules.reserve``, only other 予約 counters
    cover, and there is no fairness cap."""
    if not (rules.reserve or dedicated) or walk_in.booked:
        return None
    if not dedicated and rules.max_booked_in_row > 0 and booked_run >= rules.max_booked_in_row:
        return None  # the walk-in's turn
    if dedicated:
        others = [o for o in others if o.booking]
    ends = now_ts + rules.service_s.get(walk_in.queue.split(":")[0], 0.0) * rules.reserve_factor
    free = sorted(others, key=lambda o: o.free_ts)
    for e in sorted(expected, key=lambda e: (e.slot_ts, not e.here)):
        if e.slot_ts >= ends:
            break
        if not e.here and e.slot_ts + rules.reserve_late_s <= now_ts:
            continue  # the visitor is not here and late: nothing is kept for them any more
        cover = next((o for o in free if e.queue in o.queues and o.free_ts <= e.slot_ts), None)
        if cover is not None:
            free.remove(cover)
        elif not e.here:
            return e.slot_ts
    return None
