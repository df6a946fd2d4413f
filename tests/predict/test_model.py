"""The predictor on hand-made queue states whose answers are known."""

from __future__ import annotations

import math

import numpy as np
import pytest

from shared.predict.calibrate import PROBS, SLOT_S, SLOTS, Calibration, ServiceStats, lognormal_quantiles
from shared.predict.model import Target, predict
from shared.predict.state import Desk, Snapshot, Waiting, order

T0 = 1_795_000_000.0  # some weekday morning (UTC seconds); only differences matter


def exp_stats(mean_s: float) -> ServiceStats:
    q = [-mean_s * math.log(1 - p) if p < 1 else -mean_s * math.log(1e-4) for p in PROBS]
    return ServiceStats(q, mean_s, p_noshow=0.0, p_abandon=0.0)


def snap(
    waiting: dict[str, int],
    desks: list[Desk],
    ts: float = T0,
    keys: dict[int, float] | None = None,
    rest: dict[int, tuple[str, ...]] | None = None,
) -> Snapshot:
    ws: dict[str, list[Waiting]] = {}
    leg = 1
    for q, n in waiting.items():
        for i in range(n):
            ws.setdefault(q, []).append(
                Waiting(leg, q, 0, ts - 600 + i, ts - 600 + i, leg, (rest or {}).get(leg, ()))
            )
            leg += 1
    return Snapshot(
        ts, {q: order(x) for q, x in ws.items()}, {d.number: d for d in desks}, ticket_keys=keys or {}
    )


def busy(
    n: int,
    services: tuple[str, ...],
    queue: str,
    elapsed: float,
    ts: float = T0,
    ticket: int = 10_000,
    rest: tuple[str, ...] = (),
) -> Desk:
    return Desk(n, "open", services, queue, ts - elapsed, ts - elapsed, ticket, rest)


@pytest.mark.parametrize("servers,ahead", [(1, 0), (1, 9), (3, 5), (4, 20)])
def test_mms_conditional_mean_is_ql(servers: int, ahead: int) -> None:
    """All counters busy, exponential service: E[D | n] = (n+1)/(sμ), whatever the elapsed times."""
    m = 300.0
    cal = Calibration({"S": exp_stats(m)})
    desks = [busy(i, ("S",), "S", elapsed=60.0 * i, ticket=9000 + i) for i in range(1, servers + 1)]
    p = predict(snap({"S": ahead}, desks), cal, Target("S"))
    assert p is not None
    assert p.point == pytest.approx((ahead + 1) * m / servers, rel=0.04)
    assert p.low < p.point < p.high


def test_idle_counter_calls_at_once_and_nobody_serving_gives_none() -> None:
    cal = Calibration({"S": exp_stats(300.0)})
    p = predict(snap({}, [Desk(1, "open", ("S",))]), cal, Target("S"))
    assert p is not None and p.point < 30
    assert predict(snap({"S": 3}, [Desk(1, "open", ("T",))]), cal, Target("S")) is None
    assert predict(snap({"S": 3}, [Desk(1, "closed", ("S",))]), cal, Target("S")) is None


def test_elapsed_service_time_is_conditioned_on() -> None:
    """Nearly deterministic 10-minute turns: a turn that has run 9 minutes ends in about 1 minute."""
    cal = Calibration(
        {"S": ServiceStats(lognormal_quantiles(600.0, 0.01), 600.0, p_noshow=0.0, p_abandon=0.0)}
    )
    fresh = predict(snap({"S": 0}, [busy(1, ("S",), "S", elapsed=0.0)]), cal, Target("S"))
    late = predict(snap({"S": 0}, [busy(1, ("S",), "S", elapsed=540.0)]), cal, Target("S"))
    assert fresh is not None and late is not None
    assert fresh.point == pytest.approx(600.0, rel=0.08)
    assert late.point == pytest.approx(60.0, abs=40.0)


def test_lunch_break_from_the_learned_staffing_profile() -> None:
    """The only counter is open now but, by the last days' pattern, away for lunch from +5 to +65 minutes."""
    m = 300.0
    prof = np.ones(SLOTS)
    start = int(((T0 + 9 * 3600) % 86400) // SLOT_S)
    prof[start + 1 : start + 13] = 0.0
    cal = Calibration({"S": exp_stats(m)}, desk_profile={1: prof.tolist()}, days=5)
    no_lunch = Calibration({"S": exp_stats(m)})
    s = snap({"S": 4}, [busy(1, ("S",), "S", 30.0)])
    with_lunch = predict(s, cal, Target("S"))
    plain = predict(s, no_lunch, Target("S"))
    assert plain is not None and with_lunch is not None
    assert plain.point == pytest.approx(5 * m, rel=0.04)
    assert with_lunch.point > plain.point + 50 * 60  # the hour away adds about an hour


def test_priority_overtakes_and_is_overtaken() -> None:
    m = 300.0
    st = exp_stats(m)
    hour = int(((T0 + 9 * 3600) % 86400) // 3600)
    st.prio_rate = {hour: 6 / 3600}  # six priority tickets an hour
    cal = Calibration({"S": st})
    s = snap({"S": 6}, [busy(1, ("S",), "S", 10.0)])
    normal = predict(s, cal, Target("S"))
    urgent = predict(s, cal, Target("S", priority=1))
    base = predict(s, Calibration({"S": exp_stats(m)}), Target("S"))
    assert normal is not None and urgent is not None and base is not None
    assert urgent.point < 0.3 * base.point  # nobody with priority ahead: next but the one being served
    assert normal.point > base.point * 1.3  # future priority arrivals get ahead of a normal ticket


def test_shared_counter_counts_older_tickets_of_its_other_services() -> None:
    """A merged window serving A and B, oldest first: a new B ticket waits behind the 5 older A tickets."""
    cal = Calibration({"A": exp_stats(300.0), "B": exp_stats(300.0)})
    s = snap({"A": 5}, [busy(1, ("A", "B"), "A", 10.0)])
    p = predict(s, cal, Target("B"))
    assert p is not None and p.point == pytest.approx(6 * 300.0, rel=0.05)
    # with a second counter that serves only A, half of the A backlog goes there
    s2 = snap({"A": 5}, [busy(1, ("A", "B"), "A", 10.0, ticket=1), busy(2, ("A",), "A", 10.0, ticket=2)])
    p2 = predict(s2, cal, Target("B"))
    assert p2 is not None and p2.point < 0.8 * p.point


def test_route_step_of_an_older_ticket_keeps_its_place() -> None:
    """A life-event ticket at the MOVE counter goes to NHI next with its issue-time place: it gets ahead."""
    cal = Calibration({"MOVE": exp_stats(600.0), "NHI": exp_stats(300.0)})
    mover = busy(1, ("MOVE",), "MOVE", 60.0, ticket=77, rest=("NHI",))
    nhi = busy(2, ("NHI",), "NHI", 10.0, ticket=78)
    without = predict(snap({"NHI": 3}, [mover, nhi], keys={}), cal, Target("NHI"))
    with_route = predict(snap({"NHI": 3}, [mover, nhi], keys={77: T0 - 3600}), cal, Target("NHI"))
    assert without is not None and with_route is not None
    assert with_route.point > without.point + 120
