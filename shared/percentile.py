"""One percentile for every benchmark and report, so their p50/p95/p99 figures are comparable.

The definition is numpy's default (``np.percentile(..., method="linear")``): linear interpolation between
the order statistics at rank ``(n - 1) * p / 100``, also known as Hyndman & Fan type 7, R's default and
Excel's PERCENTILE.INC. Reports compute the same definition per group in :mod:`shared.reports.stats`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable


def percentile(values: Iterable[float], p: float) -> float:
    """The ``p``-th percentile (0–100) of ``values``; NaN when there are none."""
    if not 0 <= p <= 100:
        raise ValueError(f"percentile must be between 0 and 100, not {p}")
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = (len(ordered) - 1) * p / 100
    lo = math.floor(rank)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (rank - lo) * (ordered[hi] - ordered[lo])
