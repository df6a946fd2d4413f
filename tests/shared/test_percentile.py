"""The one percentile every bench and report uses: numpy's default definition (method="linear")."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.percentile import bootstrap_percentile, percentile
from shared.reports.stats import Sorted

samples = st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=60)
ps = st.floats(0, 100)


@given(samples, ps)
def test_matches_numpy_linear(values, p):
    assert percentile(values, p) == pytest.approx(
        float(np.percentile(values, p, method="linear")), rel=1e-9, abs=1e-6
    )


def test_worked_example():
    # rank (5 - 1) * 0.9 = 3.6: 40 + 0.6 * (100 - 40)
    assert percentile([10, 20, 30, 40, 100], 90) == pytest.approx(76.0)
    assert percentile([10, 20, 30, 40, 100], 50) == 30
    assert percentile([7], 99) == 7
    assert math.isnan(percentile([], 50))
    with pytest.raises(ValueError):
        percentile([1, 2], 101)


@given(st.lists(st.tuples(st.integers(0, 3), st.floats(0, 1e5)), min_size=1, max_size=80))
def test_reports_grouped_percentiles_are_the_same_definition(rows):
    keys = np.array([k for k, _ in rows])
    values = np.array([v for _, v in rows])
    stats = Sorted(values, np.ones(len(rows), bool)).grouped(keys, 4)
    for g, s in enumerate(stats):
        group = [v for k, v in rows if k == g]
        if not group:
            assert s.n == 0
            continue
        assert s.median == pytest.approx(percentile(group, 50), rel=1e-9, abs=1e-6)
        assert s.p90 == pytest.approx(percentile(group, 90), rel=1e-9, abs=1e-6)


def test_bootstrap_percentile_resamples_whole_days():
    days = [[float(v) for v in range(d, d + 10)] for d in range(20)]
    lo, hi = bootstrap_percentile(days, 90)
    whole = percentile([v for d in days for v in d], 90)
    assert lo < whole < hi and hi - lo < 10
    # every day alike: nothing varies between resamples, the interval is the point
    assert bootstrap_percentile([[1.0, 2.0, 3.0]] * 5, 50) == (2.0, 2.0)
    # paired: the change against the same days in another arm (here +5 everywhere)
    assert bootstrap_percentile([[v + 5 for v in d] for d in days], 90, paired=days) == (5.0, 5.0)
    assert all(math.isnan(x) for x in bootstrap_percentile([], 90))
    assert all(math.isnan(x) for x in bootstrap_percentile([[], []], 90))
