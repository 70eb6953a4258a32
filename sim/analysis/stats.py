"""Interval estimates for batch results: a proportion's Wilson interval and a mean's Student t interval.

Both accept NumPy arrays elementwise as well as scalars, so a table of many groups is one call
and the one-off call (``wilson_interval(3, 10)``) uses the very same formula.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats


def _z(confidence: float) -> float:
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1; found {confidence}")
    return float(stats.norm.ppf(0.5 + confidence / 2.0))


def wilson_interval(successes, n, confidence: float = 0.95):
    """Wilson score interval for a binomial proportion ``successes / n``; returns ``(low, high)``.

    With p = k/n and z the two-sided normal quantile of ``confidence``:

        centre = (p + z²/2n) / (1 + z²/n)
        half   = z / (1 + z²/n) · sqrt(p(1 − p)/n + z²/4n²)

    Source: E. B. Wilson, "Probable inference, the law of succession, and statistical inference",
    JASA 22 (1927) 209–212; the formula as "method 3" in R. G. Newcombe, "Two-sided confidence
    intervals for the single proportion: comparison of seven methods", Stat. Med. 17 (1998) 857–872.
    Unlike the normal (Wald) interval it stays inside [0, 1] and is not empty at 0/n or n/n, which
    matters here: open war in none or all of a handful of runs is common.
    ``n == 0`` gives ``(nan, nan)``: no runs, no information.
    """
    k = np.asarray(successes, dtype=float)
    size = np.asarray(n, dtype=float)
    if np.any(k < 0) or np.any(k > size):
        raise ValueError(f"successes must lie in 0..n; found {successes} of {n}")
    z = _z(confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / size
        denom = 1.0 + z * z / size
        centre = (p + z * z / (2.0 * size)) / denom
        half = z / denom * np.sqrt(p * (1.0 - p) / size + z * z / (4.0 * size * size))
    # at k = 0 (k = n) the lower (upper) bound is exactly 0 (1); rounding would land a hair off it
    low = np.where(size > 0, np.where(k == 0, 0.0, np.clip(centre - half, 0.0, 1.0)), np.nan)
    high = np.where(size > 0, np.where(k == size, 1.0, np.clip(centre + half, 0.0, 1.0)), np.nan)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


def t_half_width(std, n, confidence: float = 0.95):
    """Half-width t_{n−1, (1+c)/2} · s / √n of the t interval; nan where n < 2 (no spread to estimate)."""
    _z(confidence)  # same check of ``confidence``
    size = np.asarray(n, dtype=float)
    df = np.where(size >= 2, size - 1.0, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        return stats.t.ppf(0.5 + confidence / 2.0, df) * np.asarray(std, dtype=float) / np.sqrt(size)


def mean_interval(values, confidence: float = 0.95) -> tuple[float, float, float]:
    """Mean and Student t interval ``(mean, low, high)`` of ``values``: mean ± t_{n−1} · s/√n.

    s is the sample standard deviation (n − 1 in the denominator). Source: "Student" (W. S. Gosset),
    "The probable error of a mean", Biometrika 6 (1908) 1–25; as used in the NIST/SEMATECH
    e-Handbook of Statistical Methods, section 7.2.2.1 (confidence limits for the mean).
    NaN values are missing (e.g. ``first_day_strike`` of a run that never struck) and are left out.
    One value gives ``(x, nan, nan)``; none gives ``(nan, nan, nan)``.
    """
    x = np.asarray(values, dtype=float).ravel()
    x = x[~np.isnan(x)]
    if x.size == 0:
        return math.nan, math.nan, math.nan
    mean = float(x.mean())
    if x.size == 1:
        return mean, math.nan, math.nan
    half = float(t_half_width(x.std(ddof=1), x.size, confidence))
    return mean, mean - half, mean + half
