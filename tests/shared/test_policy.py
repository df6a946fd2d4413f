"""The call policy as a pure function: FIFO within a service, priority before normal (FIFO inside each class),
and a counter sees only its own services, ties broken by service weight, then arrival."""

from __future__ import annotations

from shared.policy import Candidate, PolicyRules, choose

RULES = PolicyRules(weights={}, max_priority_in_row=0)


def c(leg: int, queue: str = "A", prio: int = 0, key: float = 0.0) -> Candidate:
    return Candidate(leg_id=leg, queue=queue, priority=prio, sort_key=key)


def test_empty():
    assert choose([], 100.0, RULES) is None


def test_fifo_within_one_service_regardless_of_input_order():
    cands = [c(3, key=30), c(1, key=10), c(2, key=20)]
    assert choose(cands, 100, RULES).candidate.leg_id == 1
    assert choose(list(reversed(cands)), 100, RULES).candidate.leg_id == 1


def test_ties_break_on_leg_id_never_on_storage_order():
    cands = [c(9, key=10), c(4, key=10), c(7, key=10)]
    assert choose(cands, 100, RULES).candidate.leg_id == 4


def test_priority_first_then_fifo_inside_class():
    cands = [c(1, key=10), c(2, prio=1, key=50), c(3, prio=1, key=40), c(4, prio=2, key=60)]
    ch = choose(cands, 100, RULES)
    assert ch.candidate.leg_id == 4 and ch.as_priority
    cands.remove(cands[3])
    assert choose(cands, 100, RULES).candidate.leg_id == 3


def test_at_most_n_priority_in_a_row():
    rules = PolicyRules(weights={}, max_priority_in_row=2)
    cands = [c(1, key=10), c(2, prio=1, key=50)]
    assert choose(cands, 100, rules, priority_run=1).candidate.leg_id == 2
    fair = choose(cands, 100, rules, priority_run=2)
    assert fair.candidate.leg_id == 1 and not fair.as_priority
    # with no normal ticket waiting, priority goes on
    assert choose([c(2, prio=1, key=50)], 100, rules, priority_run=5).candidate.leg_id == 2


def test_aging_promotes_long_waiters():
    rules = PolicyRules(weights={}, max_priority_in_row=0, aging_min=30)
    old_normal = c(1, key=0)  # waited 40 min at t=2400
    fresh_prio = c(2, prio=1, key=2300)
    ch = choose([fresh_prio, old_normal], 2400, rules)
    assert ch.candidate.leg_id == 1  # both class 1 now; the older wins
    assert choose([fresh_prio, old_normal], 1000, rules).candidate.leg_id == 2


def test_oldest_across_services_with_weights():
    cands = [c(1, "RES", key=100), c(2, "TAX", key=50)]
    assert choose(cands, 200, RULES).candidate.leg_id == 2
    weighted = PolicyRules(weights={"RES": 3.0}, max_priority_in_row=0)
    # RES waited 100 s ×3 = 300 > TAX 150
    assert choose(cands, 200, weighted).candidate.leg_id == 1


def test_pickup_queue_uses_its_service_weight():
    weighted = PolicyRules(weights={"MYNA": 5.0}, max_priority_in_row=0)
    cands = [c(1, "MYNA:pickup", key=150), c(2, "RES", key=100)]
    assert choose(cands, 200, weighted).candidate.leg_id == 1
