"""What a weighted posterior sample says: weighted quantiles, effective sample size, mass on a prior's edge."""

from __future__ import annotations

import numpy as np

EDGE_SHARE = 0.1  # the outer tenth of a prior's range at either end (a whole-number prior: its end value) ...
EDGE_FLAG = 0.3  # ... holding this much of the posterior, and 3x a flat posterior's share, is flagged


def normalised(weights) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    return w / w.sum()


def effective_sample_size(weights) -> float:
    """Kish's ESS, 1 / sum(w^2) of the normalised weights: how many equal-weight samples they are worth."""
    w = normalised(weights)
    return float(1.0 / np.sum(w * w))


def weighted_quantiles(values, weights, qs) -> list[float]:
    """Quantiles of the weighted sample: the smallest value whose cumulative weight reaches q."""
    x = np.asarray(values, dtype=float)
    order = np.argsort(x, kind="stable")
    cum = np.cumsum(normalised(weights)[order])
    return [float(x[order][min(np.searchsorted(cum, q - 1e-12), len(x) - 1)]) for q in qs]


def edge_mass(values, weights, low: float, high: float, integers: bool = False) -> tuple[float, float]:
    """Posterior weight at the low end and at the high end of [low, high]: the outer tenth of the range, or
    for whole numbers the lowest and the highest value."""
    x, w = np.asarray(values, dtype=float), normalised(weights)
    band = 0.0 if integers else EDGE_SHARE * (high - low)
    return float(w[x <= low + band].sum()), float(w[x >= high - band].sum())


def edge_flag(at_low: float, at_high: float, low: float, high: float, integers: bool = False) -> str:
    """'low' / 'high' when that end holds EDGE_FLAG of the mass and three times a flat posterior's share."""
    flat = 1.0 / (high - low + 1) if integers else EDGE_SHARE
    limit = max(EDGE_FLAG, 3 * flat)
    return "low" if at_low >= limit else "high" if at_high >= limit else ""


def marginal(values, weights, low: float, high: float, integers: bool = False) -> dict:
    """One parameter's row: weighted mean, median, 90% interval, and where its mass sits against the prior."""
    q05, q50, q95 = weighted_quantiles(values, weights, [0.05, 0.5, 0.95])
    at_low, at_high = edge_mass(values, weights, low, high, integers)
    mean = float(np.sum(normalised(weights) * np.asarray(values, dtype=float)))
    return {"prior": [low, high], "mean": mean, "median": q50, "q05": q05, "q95": q95,
            "edge_low": at_low, "edge_high": at_high, "piled_on_edge": edge_flag(at_low, at_high, low, high, integers)}
