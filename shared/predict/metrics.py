"""Accuracy metrics of wait estimates, in minutes: MAE, RMSE, bias, under-prediction rate, share within ±5/±10
min, 80% interval coverage, RASE, and a day-block bootstrap for the MSE gain over a baseline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Score:
    n: int
    mae: float
    rmse: float
    bias: float  # mean(θ − W)
    under: float  # P(W > θ + 5 min)
    within5: float
    within10: float
    picp80: float | None  # share of W inside the 80% range
    mean_wait: float
    mse: float

    def row(self) -> str:
        cov = f"{100 * self.picp80:5.1f}" if self.picp80 is not None else "    -"
        return (
            f"{self.n:>6}{self.mae:>7.2f}{self.rmse:>7.2f}{self.bias:>7.2f}{100 * self.under:>7.1f}"
            f"{100 * self.within5:>7.1f}{100 * self.within10:>7.1f}{cov:>7}"
        )


HEADER = f"{'N':>6}{'MAE':>7}{'RMSE':>7}{'bias':>7}{'under%':>7}{'±5%':>7}{'±10%':>7}{'PI80%':>7}"


def score(
    theta_s: Sequence[float],
    wait_s: Sequence[float],
    low_s: Sequence[float] | None = None,
    high_s: Sequence[float] | None = None,
) -> Score:
    th = np.asarray(theta_s, dtype=float) / 60.0
    w = np.asarray(wait_s, dtype=float) / 60.0
    if len(th) == 0:
        return Score(
            0,
            float("nan"),
            float("nan"),
            float("nan"),
            float("nan"),
            float("nan"),
            float("nan"),
            None,
            float("nan"),
            float("nan"),
        )
    err = th - w
    cov = None
    if low_s is not None and high_s is not None:
        lo, hi = np.asarray(low_s) / 60.0, np.asarray(high_s) / 60.0
        cov = float(np.mean((w >= lo) & (w <= hi)))
    mse = float(np.mean(err**2))
    return Score(
        len(th),
        float(np.mean(np.abs(err))),
        float(np.sqrt(mse)),
        float(np.mean(err)),
        float(np.mean(w > th + 5.0)),
        float(np.mean(np.abs(err) <= 5.0)),
        float(np.mean(np.abs(err) <= 10.0)),
        cov,
        float(np.mean(w)),
        mse,
    )


def rase(theta_s: Sequence[float], wait_s: Sequence[float]) -> float:
    """Mean squared error over the squared mean delay, delayed customers only (Ibrahim & Whitt)."""
    th, w = np.asarray(theta_s, dtype=float), np.asarray(wait_s, dtype=float)
    m = w > 0
    if not m.any():
        return float("nan")
    return float(np.mean((th[m] - w[m]) ** 2) / np.mean(w[m]) ** 2)


def bootstrap_mse_gain(
    err_a: np.ndarray, err_b: np.ndarray, days: np.ndarray, n: int = 1000, seed: int = 0
) -> tuple[float, float]:
    """95% day-block bootstrap interval of 1 − MSE_a/MSE_b (relative improvement of a over b)."""
    rng = np.random.default_rng(seed)
    uniq = np.unique(days)
    idx = [np.nonzero(days == d)[0] for d in uniq]
    out = []
    for _ in range(n):
        pick = np.concatenate([idx[i] for i in rng.integers(0, len(uniq), len(uniq))])
        out.append(1.0 - np.mean(err_a[pick] ** 2) / max(np.mean(err_b[pick] ** 2), 1e-12))
    return float(np.quantile(out, 0.025)), float(np.quantile(out, 0.975))
