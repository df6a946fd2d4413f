"""The call policy with appointments (来庁予約), as a pure function: a due appointment goes ahead of walk-ins,
an early one ranks at its slot time, a late visitor is a walk-in, and the fairness cap lets walk-ins through."""

from __future__ import annotations

import dataclasses

from shared.policy import Candidate, Expected, OtherCounter, PolicyRules, choose, is_due, reserve

RULES = PolicyRules(weights={}, max_priority_in_row=3, max_booked_in_row=2)


def walk(leg: int, key: float, prio: int = 0, queue: str = "A") -> Candidate:
    return Candidate(leg_id=leg, queue=queue, priority=prio, sort_key=key)


def booked(leg: int, slot: float, key: float = 0.0, queue: str = "A") -> Candidate:
    return Candidate(leg_id=leg, queue=queue, priority=0, sort_key=key, slot_ts=slot)


def test_due_appointment_goes_ahead_of_older_walk_ins():
    cands = [walk(1, key=100), walk(2, key=200), booked(3, slot=1000, key=900)]
    ch = choose(cands, 1000, RULES)
    assert ch.candidate.leg_id == 3 and ch.as_booked and not ch.as_priority
    assert is_due(cands[2], 1000) and not is_due(cands[2], 999.9)


def test_early_appointment_ranks_at_its_slot_time_not_its_check_in():
    # checked in at 100 (before every walk-in) for a slot at 1000: the walk-ins who came first go first
    cands = [booked(1, slot=1000, key=100), walk(2, key=200), walk(3, key=300)]
    ch = choose(cands, 900, RULES)
    assert ch.candidate.leg_id == 2 and not ch.as_booked
    # a walk-in who arrives after the slot time ranks behind it even before it is due… (only one left here)
    assert (
        choose([booked(1, slot=1000, key=100)], 900, RULES).candidate.leg_id == 1
    )  # an idle counter takes it


def test_late_arrival_is_a_plain_walk_in():
    # the late visitor's leg carries no slot (shared.booking issues a normal ticket): FIFO by arrival
    late = walk(5, key=2000)
    cands = [walk(4, key=1500), late, booked(6, slot=3000, key=2100)]
    assert choose(cands, 2500, RULES).candidate.leg_id == 4
    assert choose([late, walk(7, key=2400)], 2500, RULES).candidate.leg_id == 5


def test_earliest_slot_first_among_due_appointments():
    cands = [booked(1, slot=1200, key=50), booked(2, slot=1100, key=90), walk(3, key=10)]
    assert choose(cands, 1300, RULES).candidate.leg_id == 2


def test_fairness_cap_lets_a_walk_in_through():
    cands = [walk(1, key=100), booked(2, slot=500), booked(3, slot=600)]
    assert choose(cands, 1000, RULES, booked_run=1).candidate.leg_id == 2
    fair = choose(cands, 1000, RULES, booked_run=2)
    assert fair.candidate.leg_id == 1 and not fair.as_booked
    # with no walk-in waiting, appointments go on past the cap
    assert choose(cands[1:], 1000, RULES, booked_run=5).candidate.leg_id == 2
    # no cap
    nocap = PolicyRules(weights={}, max_booked_in_row=0)
    assert choose(cands, 1000, nocap, booked_run=50).candidate.leg_id == 2


def test_priority_class_still_first_and_its_own_cap_counts_appointments_as_normal():
    cands = [walk(1, key=100), walk(2, key=300, prio=1), booked(3, slot=500)]
    ch = choose(cands, 1000, RULES)
    assert ch.candidate.leg_id == 2 and ch.as_priority
    # after three priority calls in a row, the due appointment (not a priority) is next
    ch = choose(cands, 1000, RULES, priority_run=3)
    assert ch.candidate.leg_id == 3 and ch.as_booked


HOLD = PolicyRules(weights={}, max_priority_in_row=3, max_booked_in_row=2, service_s={"A": 600.0, "B": 60.0})


def test_hold_a_walk_in_that_would_run_past_a_waiting_appointments_slot_is_not_started():
    # at 900 the oldest walk-in (10 min expected service) would still be at the counter at the slot (1000):
    # the booked visitor who is already here is called instead
    cands = [walk(1, key=100), booked(2, slot=1000, key=800)]
    ch = choose(cands, 900, HOLD)
    assert ch.candidate.leg_id == 2 and ch.as_booked
    # a slot after the walk-in's expected end: the walk-in goes first
    assert choose([walk(1, key=100), booked(2, slot=1600, key=800)], 900, HOLD).candidate.leg_id == 1
    # a short service (1 min) ends before the slot: the walk-in goes first
    assert (
        choose([walk(1, key=100, queue="B"), booked(2, slot=1000, key=800)], 900, HOLD).candidate.leg_id == 1
    )
    # without expected service times (the old rules) nothing is held
    assert choose(cands, 900, RULES).candidate.leg_id == 1


def test_hold_takes_a_walk_in_as_early_factor_times_its_mean():
    # a 10-min walk-in at 300 ends at 900 on average, before the 1000 slot; at 1.5 × (15 min) it runs past it
    cands = [walk(1, key=100), booked(2, slot=1000, key=200)]
    assert choose(cands, 300, HOLD).candidate.leg_id == 1
    long = dataclasses.replace(HOLD, early_factor=1.5)
    assert choose(cands, 300, long).candidate.leg_id == 2
    assert choose(cands, 99, long).candidate.leg_id == 1  # 16.9 min ahead of the slot: not before


def test_hold_keeps_the_fairness_cap():
    cands = [walk(1, key=100), booked(2, slot=1000, key=800)]
    ch = choose(cands, 900, HOLD, booked_run=2)
    assert ch.candidate.leg_id == 1 and not ch.as_booked


# -- the reservation ([booking] hold): a counter kept free for an appointment not checked in yet ------------------
KEEP = PolicyRules(weights={}, service_s={"A": 600.0, "B": 60.0}, reserve=True, reserve_late_s=300.0)


def coming(slot: float, queue: str = "A", here: bool = False) -> Expected:
    return Expected(queue=queue, slot_ts=slot, here=here)


def other(free: float, *queues: str) -> OtherCounter:
    return OtherCounter(frozenset(queues or ("A",)), free)


def test_reserve_keeps_the_counter_for_an_uncovered_appointment_not_here_yet():
    # at 900 a 10-min walk-in would end at 1500, after the 1000 slot; the only other counter frees at 1400
    assert reserve(walk(1, key=100), 900, KEEP, [coming(1000)], [other(1400)]) == 1000
    # … but not with another counter expected free by the slot, nor with none of it running past the slot
    assert reserve(walk(1, key=100), 900, KEEP, [coming(1000)], [other(950)]) is None
    assert reserve(walk(1, key=100), 900, KEEP, [coming(1600)], []) is None
    assert reserve(walk(1, key=100, queue="B"), 900, KEEP, [coming(1000)], []) is None  # a 1-min walk-in
    # a counter that does not serve the appointment's service covers nothing
    assert reserve(walk(1, key=100), 900, KEEP, [coming(1000)], [other(950, "B")]) == 1000
    # without the profile's hold (the default) nothing is kept
    assert (
        reserve(walk(1, key=100), 900, dataclasses.replace(KEEP, reserve=False), [coming(1000)], []) is None
    )


def test_reserve_appointments_take_the_other_counters_one_each_in_slot_order():
    two = [coming(1000), coming(1000)]
    assert reserve(walk(1, key=100), 900, KEEP, two, [other(950)]) == 1000
    assert reserve(walk(1, key=100), 900, KEEP, two, [other(950), other(990)]) is None
    # a visitor already here takes a cover too, and the one still coming is left uncovered
    assert reserve(walk(1, key=100), 900, KEEP, [coming(1000, here=True), coming(1100)], [other(990)]) == 1100
    # one already here and uncovered is the call policy's (choose calls it early), never a reason to idle
    assert reserve(walk(1, key=100), 900, KEEP, [coming(1000, here=True)], []) is None


def test_reserve_lapses_a_while_after_the_slot_and_never_holds_a_booked_choice():
    assert reserve(walk(1, key=100), 1200, KEEP, [coming(1000)], []) == 1000  # 3.3 min late: still kept
    assert reserve(walk(1, key=100), 1300, KEEP, [coming(1000)], []) is None  # 5 min late: lapsed
    assert reserve(booked(2, slot=1000), 900, KEEP, [coming(1000)], []) is None


def test_reserve_keeps_the_fairness_cap():
    # after max_booked_in_row (2) appointments in a row at this counter the walk-in goes, kept counter or not
    keep = PolicyRules(weights={}, max_booked_in_row=2, service_s={"A": 600.0}, reserve=True)
    assert reserve(walk(1, key=100), 900, keep, [coming(1000)], [], booked_run=1) == 1000
    assert reserve(walk(1, key=100), 900, keep, [coming(1000)], [], booked_run=2) is None
    nocap = dataclasses.replace(keep, max_booked_in_row=0)
    assert reserve(walk(1, key=100), 900, nocap, [coming(1000)], [], booked_run=50) == 1000


def test_booking_counter_keeps_for_its_booking_even_when_a_walk_in_counter_would_free_in_time():
    # a 予約 counter ([[counters]] booking = true) without [booking] hold: the walk-in counter free at 950 is
    # not counted on, so the 1000 appointment keeps this counter free; the fairness cap does not apply
    rules = PolicyRules(weights={}, max_booked_in_row=2, service_s={"A": 600.0})
    walk_in_counter = other(950)
    assert reserve(walk(1, key=100), 900, rules, [coming(1000)], [walk_in_counter], dedicated=True) == 1000
    assert reserve(walk(1, key=100), 900, rules, [coming(1000)], [walk_in_counter], 9, dedicated=True) == 1000
    assert reserve(walk(1, key=100), 900, rules, [coming(1000)], [walk_in_counter]) is None  # an ordinary one
    # another 予約 counter free by the slot covers it
    desk = dataclasses.replace(other(950), booking=True)
    assert reserve(walk(1, key=100), 900, rules, [coming(1000)], [desk], dedicated=True) is None


def test_booking_counter_serves_walk_ins_when_no_booking_is_near():
    rules = PolicyRules(weights={}, max_booked_in_row=2, service_s={"A": 600.0})
    assert reserve(walk(1, key=100), 900, rules, [], [], dedicated=True) is None
    assert reserve(walk(1, key=100), 900, rules, [coming(1600)], [], dedicated=True) is None  # ends first
    assert reserve(walk(1, key=100), 1300, rules, [coming(1000)], [], dedicated=True) is None  # lapsed


# -- a 予約 counter (dedicated) and the reservation's margin ----------------------------------------------------
def test_a_booking_counter_calls_a_due_appointment_before_a_priority_visitor_and_without_the_cap():
    cands = [walk(1, key=100), walk(2, key=300, prio=1), booked(3, slot=500)]
    # the told time is a promise: at the 予約 counter the due appointment goes first …
    ch = choose(cands, 1000, RULES, dedicated=True)
    assert ch.candidate.leg_id == 3 and ch.as_booked and not ch.as_priority
    # … even on the walk-in's turn of the fairness cap (the other counters serve the walk-ins)
    assert choose(cands, 1000, RULES, booked_run=5, dedicated=True).candidate.leg_id == 3
    # any other counter of the service still calls the priority visitor first, and keeps the cap
    assert choose(cands, 1000, RULES).candidate.leg_id == 2
    assert choose(cands[::2], 1000, RULES, booked_run=2).candidate.leg_id == 1
    # not due yet (slot in the future, no lead): the 予約 counter calls the priority visitor as before
    assert (
        choose([walk(2, key=300, prio=1), booked(3, slot=1500)], 1000, RULES, dedicated=True).candidate.leg_id
        == 2
    )


def test_reserve_takes_the_walk_in_as_its_mean_times_the_factor():
    """A 10-min walk-in at 900 ends at 1500 by its mean; taken as 1.25 × the mean it ends at 1650: a slot at 1550
    is kept for only with the margin (walk-ins' visits vary; one started by its mean ran past the slot)."""
    assert reserve(walk(1, key=100), 900, KEEP, [coming(1550)], []) is None
    wide = dataclasses.replace(KEEP, reserve_factor=1.25)
    assert reserve(walk(1, key=100), 900, wide, [coming(1550)], []) == 1550
    assert reserve(walk(1, key=100), 900, wide, [coming(1650)], []) is None  # the slot at the margin's end
