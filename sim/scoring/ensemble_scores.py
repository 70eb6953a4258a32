"""Proper scores of an ensemble against what happened: the one place that calls ``scoringrules``.

Every score is negatively oriented (lower is better, 0 is perfect) and strictly proper or proper
(Gneiting & Raftery 2007): a forecaster cannot improve its expected score by hedging. Formulas, as
scoringrules documents them:

- ``crps``: the continuous ranked probability score of the ensemble's empirical distribution F,
  CRPS(F, y) = E|X - y| - 1/2 E|X - X'| (computed by scoringrules' quantile-decomposition estimator, which
  gives that value exactly in O(m log m), weighted or not; ``fair=True``: the fair estimator, whose second
  term divides by m(m - 1) instead of m^2, unbiased for the CRPS of the distribution the m runs are drawn
  from: for the small ensembles of a calibration, Ferro 2014).
- ``censored_crps``: the threshold-weighted CRPS with the chaining function v(x) = min(x, a) (or
  max(x, b)): for an observation known only to be at least a (at most b), the runs beyond the bound are
  not penalised and the others by their distance to it (Gneiting & Ranjan 2011; Allen et al. 2023).
- ``wis``: the weighted interval score of the ensemble's median and central 50/80/90% intervals (Bracher
  et al. 2021), scoringrules' canonical weights; it approximates the CRPS.
- ``brier`` and ``log_score``: of a probability for a true/false outcome; the log score's probability is
  floored at 1/(2N) for an ensemble of N (and capped at 1 - 1/(2N)), so that an event no run had costs
  a finite penalty (the practice of the forecast hubs: docs/validation.md).

Weights (``weights``) make a weighted ensemble (a particle filter's particles, a climatology whose
episodes count alike); they are normalised.
"""

from __future__ import annotations

import numpy as np
import scoringrules as sr

LEVELS = (0.5, 0.8, 0.9)  # the central intervals of the interval scores and of coverage


def _w(weights, n: int):
    return None if weights is None else np.asarray(weights, dtype=float).reshape(n)


def crps(obs: float, ensemble, weights=None, *, fair: bool = False) -> float:
    """CRPS of the ensemble (1-d) against one observed value."""
    x = np.asarray(ensemble, dtype=float)
    if fair and weights is None and len(x) > 1:
        return float(sr.crps_ensemble(float(obs), x, estimator="fair"))
    return float(sr.crps_ensemble(float(obs), x, ens_w=_w(weights, len(x)), estimator="qd"))


def mean_crps(points, ensemble, weights=None, *, fair: bool = False) -> float:
    """The mean CRPS over several observed values (an observed interval's whole numbers)."""
    x = np.asarray(ensemble, dtype=float)
    pts = np.asarray(points, dtype=float)
    if len(pts) == 1:
        return crps(pts[0], x, weights, fair=fair)
    fct = np.broadcast_to(x, (len(pts), len(x)))
    if fair and weights is None and len(x) > 1:
        return float(np.mean(sr.crps_ensemble(pts, fct, estimator="fair")))
    w = None if weights is None else np.broadcast_to(_w(weights, len(x)), fct.shape)
    return float(np.mean(sr.crps_ensemble(pts, fct, ens_w=w, estimator="qd")))


def censored_crps(bound: float, ensemble, weights=None, *, above: bool = True) -> float:
    """CRPS where the observation is only known to be >= ``bound`` (``above``) or <= ``bound``."""
    x = np.asarray(ensemble, dtype=float)
    limits = {"b": float(bound)} if above else {"a": float(bound)}
    return float(sr.twcrps_ensemble(float(bound), x, ens_w=_w(weights, len(x)), estimator="qd", **limits))


def weighted_quantiles(ensemble, qs, weights=None) -> np.ndarray:
    """Empirical quantiles: the smallest member whose (weighted) cumulative share reaches q (``inverted_cdf``),
    so a quantile is always a value some run had."""
    x = np.asarray(ensemble, dtype=float)
    if weights is None:
        return np.quantile(x, qs, method="inverted_cdf")
    order = np.argsort(x, kind="stable")
    w = np.asarray(weights, dtype=float)[order]
    cum = np.cumsum(w) / w.sum()
    idx = np.searchsorted(cum, np.asarray(qs, dtype=float) - 1e-12, side="left")
    return x[order][np.minimum(idx, len(x) - 1)]


def central_interval(ensemble, level: float, weights=None) -> tuple[float, float]:
    low, high = weighted_quantiles(ensemble, [(1 - level) / 2, (1 + level) / 2], weights)
    return float(low), float(high)


def wis(obs, ensemble, weights=None, levels=LEVELS) -> float:
    """Weighted interval score of the ensemble's median and central intervals at ``levels`` (the mean over
    ``obs``, when it is several observed values)."""
    alpha = np.array([1 - lv for lv in levels])
    lower = weighted_quantiles(ensemble, alpha / 2, weights)
    upper = weighted_quantiles(ensemble, 1 - alpha / 2, weights)
    median = weighted_quantiles(ensemble, [0.5], weights)[0]
    obs = np.atleast_1d(np.asarray(obs, dtype=float))
    lower, upper = np.broadcast_to(lower, (len(obs), len(levels))), np.broadcast_to(upper, (len(obs), len(levels)))
    median = np.full(len(obs), median)
    # scoringrules 0.11's numpy path adds w_median * median where Bracher et al. (2021, eq. 3) have
    # w_median * |y - median| (scoringrules/core/interval/_score.py): its intervals' part is used as it is, with
    # the median's weight 0, and the median's part (weight 1/2) added here; a test checks the closed form.
    intervals = np.asarray(sr.weighted_interval_score(obs, median, lower, upper, alpha, w_median=0.0))
    return float(np.mean(intervals + 0.5 * np.abs(obs - median) / (len(levels) + 0.5)))


def probability_floor(n: int) -> float:
    """The log score's floor for an ensemble of ``n`` runs: 1/(2n)."""
    return 0.5 / max(1, n)


def brier(p: float, outcome: bool) -> float:
    return float(sr.brier_score(float(outcome), float(p)))


def log_score(p: float, outcome: bool, n: int) -> float:
    """Log score of probability ``p`` (floored at 1/(2n), capped at 1 - 1/(2n)) for a true/false outcome."""
    floor = probability_floor(n)
    return float(sr.log_score(float(outcome), float(np.clip(p, floor, 1.0 - floor))))
