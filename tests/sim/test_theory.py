"""The simulator (driving the real engine) against queueing theory: Erlang-C and Little's law.

M/M/2 at ρ = 0.5, each replication started from the stationary distribution (so there is no warm-up bias),
R independent replications; the theoretical values must lie inside the 99% confidence intervals.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

import numpy as np
import pytest

from shared.sim.driver import WardDay
from shared.sim.mms import erlang_c, mean_wait, mms_config, mms_scenario, stationary_in_system
from shared.sim.office import open_sim_office

C, RHO, MEAN_MIN, REPS = 2, 0.5, 1.0, 16
WINDOW = (time(9, 0), time(12, 0))
T99 = 2.947  # Student t, 15 degrees of freedom, two-sided 99%


@pytest.fixture(scope="module")
def replications(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, float]]:
    scn = mms_scenario(C, RHO, MEAN_MIN, window=WINDOW)
    engine = open_sim_office(Path(tmp_path_factory.mktemp("mmc")) / "mmc.db", mms_config(C, MEAN_MIN))
    lam, mu = RHO * C / MEAN_MIN, 1.0 / MEAN_MIN  # per minute
    out = []
    for r in range(REPS):
        day = date(2026, 6, 1) + timedelta(days=r)
        n0 = stationary_in_system(C, lam, mu, float(np.random.default_rng(100 + r).random()))
        sim = WardDay(engine, scn, day, seed=r, window=WINDOW, initial=n0, sample_every_s=30.0)
        sim.run()
        events = engine.store.events(day=day.isoformat())
        issued = {e["leg_id"]: e["ts"] for e in events if e["type"] == "issued" and e["ts"] >= sim.t_open}
        waits = [
            e["data"]["waited_s"] / 60 for e in events if e["type"] == "called" and e["leg_id"] in issued
        ]
        horizon_min = (sim.t_close - sim.t_open) / 60
        lq = float(np.mean([n for _, n in sim.samples]))
        out.append(
            {
                "wq": float(np.mean(waits)),
                "pwait": float(np.mean(np.array(waits) > 0)),
                "lam": len(issued) / horizon_min,
                "lq": lq,
                "n": len(waits),
            }
        )
    engine.store.close()
    return out


def _ci(xs: list[float]) -> tuple[float, float]:
    a = np.asarray(xs)
    half = T99 * a.std(ddof=1) / np.sqrt(len(a))
    return float(a.mean() - half), float(a.mean() + half)


def test_mean_wait_matches_erlang_c(replications: list[dict[str, float]]) -> None:
    lam, mu = RHO * C / MEAN_MIN, 1.0 / MEAN_MIN
    theory = mean_wait(C, lam, mu)
    assert theory == pytest.approx(1 / 3, abs=0.01)
    lo, hi = _ci([r["wq"] for r in replications])
    assert lo <= theory <= hi, (lo, theory, hi)
    assert hi - lo < 0.8 * theory  # the interval is tight enough to catch a wrong service rate
    plo, phi = _ci([r["pwait"] for r in replications])
    assert plo <= erlang_c(C, lam / mu) <= phi, (plo, erlang_c(C, lam / mu), phi)


def test_littles_law(replications: list[dict[str, float]]) -> None:
    # sampled queue length (from the engine's waiting counts) vs arrival rate × mean wait (from the call log)
    diffs = [r["lq"] - r["lam"] * r["wq"] for r in replications]
    lo, hi = _ci(diffs)
    assert lo <= 0.0 <= hi, (lo, hi)
    theory_lq = RHO * C / MEAN_MIN * mean_wait(C, RHO * C / MEAN_MIN, 1.0 / MEAN_MIN)
    lo, hi = _ci([r["lq"] for r in replications])
    assert lo <= theory_lq <= hi, (lo, theory_lq, hi)


def test_arrival_rate_is_poisson_rate(replications: list[dict[str, float]]) -> None:
    lo, hi = _ci([r["lam"] for r in replications])
    assert lo <= RHO * C / MEAN_MIN <= hi
