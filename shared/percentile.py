"""One percentile for every benchmark and report, so their p50/p95/p99 figures are comparable.

The definition is numpy's default (``np.percentile(..., method="linear")``): linear interpolation between
the order statistics at rank ``(n - 1) * p / 100``, also known as Hyndman & Fan type 7, R's default and
Excel's PERCENTILE.INC. Reports compute the same definition per group in :mod:`shared.reports.stats`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence


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


def bootstrap_percentile(
    groups: Sequence[Sequence[float]],
    p: float,
    *,
    paired: Sequence[Sequence[float]] | None = None,
    n: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> tuple[float, float]:
    """A ``level`` bootstrap interval of the ``p``-th percentile of the pooled ``groups`` (resampling whole groups,
    e.g. simulated days: waits on one day are not independent). With ``paired`` (the same days under another
    arm, e.g. no booking): the interval of ``percentile(groups) − percentile(paired)``, both resampled with the same
    days. NaN, NaN when there is nothing to resample."""
    import numpy as np

    k = len(groups)
    if k == 0 or not any(len(g) for g in groups):
        return math.nan, math.nan
    if paired is not None and len(paired) != k:
        raise ValueError("paired needs one group per group")
    rng = np.random.default_rng(seed)
    arrays = [np.asarray(g, dtype=float) for g in groups]
    other = [np.asarray(g, dtype=float) for g in paired] if paired is not None else None
    out = []
    for _ in range(n):
        pick = rng.integers(0, k, k)
        v = np.concatenate([arrays[i] for i in pick])
        if not len(v):
            continue
        stat = float(np.percentile(v, p))
        if other is not None:
            w = np.concatenate([other[i] for i in pick])
            if not len(w):
                continue
            stat -= float(np.percentile(w, p))
        out.append(stat)
    if not out:
        return math.nan, math.nan
    tail = (1.0 - level) / 2 * 100
    return float(np.percentile(out, tail)), float(np.percentile(out, 100 - tail))
