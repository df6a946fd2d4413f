"""Grouped statistics over numpy columns: counts, means, exact percentiles and maxima, without Python loops."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Stat:
    """A time statistic in seconds; the values are None when n == 0."""

    n: int
    mean: float | None
    median: float | None
    p90: float | None
    max: float | None

    @classmethod
    def none(cls) -> Stat:
        return cls(0, None, None, None, None)


def table(keys: np.ndarray, codes: np.ndarray, groups: int, ncodes: int) -> np.ndarray:
    """A (groups × ncodes) count table in one pass; ``keys`` < 0 are left out."""
    sel = keys >= 0
    combo = keys[sel].astype(np.int64) * ncodes + codes[sel].astype(np.int64)
    return np.bincount(combo, minlength=groups * ncodes)[: groups * ncodes].reshape(groups, ncodes)


def counts(keys: np.ndarray, mask: np.ndarray, groups: int) -> np.ndarray:
    sel = mask & (keys >= 0)
    return np.bincount(keys[sel].astype(np.int64), minlength=groups)[:groups]


def sums(keys: np.ndarray, mask: np.ndarray, values: np.ndarray, groups: int) -> np.ndarray:
    sel = mask & (keys >= 0)
    return np.bincount(keys[sel].astype(np.int64), weights=values[sel], minlength=groups)[:groups]


def maxima(keys: np.ndarray, mask: np.ndarray, values: np.ndarray, groups: int) -> np.ndarray:
    """Per group maximum; -1 for an empty group (values here are non-negative)."""
    out = np.full(groups, -1, dtype=np.int64)
    sel = mask & (keys >= 0)
    np.maximum.at(out, keys[sel].astype(np.int64), values[sel].astype(np.int64))
    return out


class Sorted:
    """One metric sorted by value once; :meth:`grouped` then costs a radix sort on the group keys only."""

    def __init__(self, values: np.ndarray, mask: np.ndarray) -> None:
        v = values.astype(np.float64)
        ok = mask & ~np.isnan(v)
        idx = np.nonzero(ok)[0]
        self.idx = idx[np.argsort(v[idx])]  # ties may come in any order: quantiles do not care
        self.values = v[self.idx]

    def grouped(self, keys: np.ndarray, groups: int) -> list[Stat]:
        """Per group: n, mean, median, p90, max. ``keys`` < 0 are left out."""
        k = keys[self.idx]
        v = self.values
        if len(k) and k.min() < 0:
            sel = k >= 0
            k, v = k[sel], v[sel]
        k16 = k.astype(np.int16 if groups < 32000 else np.int64)
        order = np.argsort(k16, kind="stable")  # radix sort; keeps value order inside each group
        n = np.bincount(k16, minlength=groups)[:groups]
        start = np.concatenate([[0], np.cumsum(n)[:-1]])
        total = np.bincount(k16, weights=v, minlength=groups)[:groups]

        def at(pos: np.ndarray) -> np.ndarray:  # the value at a position of the group-sorted order
            return v[order[pos]]

        med, p90 = _quantile(at, start, n, 0.5), _quantile(at, start, n, 0.9)
        has = n > 0
        mx = np.full(groups, np.nan)
        mx[has] = at(start[has] + n[has] - 1)
        return [
            Stat(int(n[g]), float(total[g] / n[g]), float(med[g]), float(p90[g]), float(mx[g]))
            if n[g]
            else Stat.none()
            for g in range(groups)
        ]


def _quantile(
    at: Callable[[np.ndarray], np.ndarray], start: np.ndarray, n: np.ndarray, q: float
) -> np.ndarray:
    """:func:`shared.percentile.percentile` (numpy's default, linear) per group, vectorised; ``q`` in 0–1."""
    out = np.full(len(n), np.nan)
    has = n > 0
    pos = q * (n[has] - 1)
    lo = np.floor(pos).astype(np.int64)
    hi = np.minimum(lo + 1, n[has] - 1)
    frac = pos - lo
    s = start[has]
    a, b = at(s + lo), at(s + hi)
    out[has] = a + frac * (b - a)
    return out
