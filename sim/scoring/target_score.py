"""One target of one episode scored against an ensemble (or a weighted ensemble: particles, a climatology).

A numeric target gets its CRPS (its ``score``), its weighted interval score at 50/80/90%, the ensemble's
median and 90% interval, the coverage of the observation by the central 50, 80 and 90% intervals and the 90%
interval's width (sharpness, in the target's units); a days target also gets the Brier and log scores of its
"none" share. A true/false target (open war) gets the Brier score (its ``score``: the CRPS of a 0/1 outcome)
and the log score. How observations and "none" become numbers: :mod:`sim.scoring.outcome_space`.
``inside90`` is the old question (docs/episodes.md), kept for comparison: does the observation overlap the
5th-95th percentile interval, or do at least 5% of runs share "none" or the true/false outcome?
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

from sim.scoring import ensemble_scores as es
from sim.scoring.outcome_space import ensemble_values, is_bool, is_days, observed_outcome, target_kind

SHARE = 0.05  # the old "inside" rule: an outcome at least this share of runs has


@dataclass
class TargetScore:
    target: str
    kind: str
    observed: object  # as written: a number, [low, high] (None = open end), None ("never"), or true/false
    runs: int
    score: float  # CRPS (numeric) or Brier (true/false): lower is better
    median: float | None = None  # numeric: the ensemble's (None = "never")
    p05: float | None = None
    p95: float | None = None
    wis: float | None = None
    width90: float | None = None  # sharpness: p95 - p05, in the target's units
    coverage: dict = field(default_factory=dict)  # level -> share of the observation inside the central interval
    p_true: float | None = None  # true/false: the ensemble's probability; days: the share of "none"
    brier: float | None = None  # true/false, or a days target's "none" share
    log: float | None = None
    inside90: bool = False
    scripted: bool = False
    baseline: float | None = None  # the climatology's score (sim.scoring.climatology)
    skill: float | None = None  # 1 - score / baseline

    def as_dict(self) -> dict:
        return asdict(self)


def _weights(weights, n):
    return np.full(n, 1.0 / n) if weights is None else np.asarray(weights, dtype=float) / np.sum(weights)


def score_target(name: str, observed, values: list, *, none_at: int | None = None, weights=None,
                 fair: bool = False) -> TargetScore:
    """Score one target over ``values`` (the runs' measures; None = "never") with optional ``weights``."""
    if is_bool(observed):
        return _score_bool(name, observed, values, weights)
    return _score_numeric(name, observed, values, none_at, weights, fair)


def score_only(name: str, observed, values: list, *, none_at: int | None = None, fair: bool = False) -> float:
    """The target's main score alone (CRPS, or Brier for true/false), without the rest of :class:`TargetScore`:
    for the many small ensembles of a calibration or a particle filter."""
    if is_bool(observed):
        p = float(np.mean([bool(v) for v in values]))
        return es.brier(p, observed.value)
    x = ensemble_values(values, none_at)
    obs = observed_outcome(observed, none_at)
    if obs.censored:
        return es.censored_crps(obs.bound, x, above=obs.above)
    return es.mean_crps(obs.points, x, fair=fair)


def _score_bool(name, observed, values, weights) -> TargetScore:
    w = _weights(weights, len(values))
    p = float(np.sum(w * np.array([bool(v) for v in values], dtype=float)))
    same = p if observed.value else 1.0 - p
    return TargetScore(name, target_kind(name), observed.shown(), len(values), es.brier(p, observed.value),
                       p_true=p, brier=es.brier(p, observed.value), log=es.log_score(p, observed.value, len(values)),
                       inside90=bool(same >= SHARE - 1e-12))


def _score_numeric(name, observed, values, none_at, weights, fair) -> TargetScore:
    kind = target_kind(name)
    x = ensemble_values(values, none_at)
    obs = observed_outcome(observed, none_at)
    if obs.censored:
        score = es.censored_crps(obs.bound, x, weights, above=obs.above)
        clipped = np.minimum(x, obs.bound) if obs.above else np.maximum(x, obs.bound)
        wis = es.wis(obs.bound, clipped, weights)
    else:
        score = es.mean_crps(obs.points, x, weights, fair=fair)
        wis = es.wis(obs.points, x, weights)
    p05, median, p95 = (float(v) for v in es.weighted_quantiles(x, [0.05, 0.5, 0.95], weights))
    row = TargetScore(name, kind, observed.shown(), len(values), score, wis=wis, width90=p95 - p05,
                      coverage={lv: _covered(obs, *es.central_interval(x, lv, weights)) for lv in es.LEVELS})
    never = none_at is not None and is_days(kind)
    row.median, row.p05, row.p95 = (None if never and v >= none_at else v for v in (median, p05, p95))
    if never:
        w = _weights(weights, len(values))
        p_none = float(np.sum(w[[v is None for v in values]]))
        row.p_true = p_none
        row.brier = es.brier(p_none, observed.is_none)
        row.log = es.log_score(p_none, observed.is_none, len(values))
    row.inside90 = _inside(observed, obs, row, p05, p95)
    return row


def _covered(obs, low: float, high: float) -> float:
    """The share of the observation inside [low, high]: a point 0 or 1, an interval the share of its values,
    a one-sided observation 1 when the interval reaches its known side."""
    if obs.censored:
        return float(high >= obs.bound if obs.above else low <= obs.bound)
    return float(np.mean((obs.points >= low) & (obs.points <= high)))


def _inside(observed, obs, row: TargetScore, p05: float, p95: float) -> bool:
    if observed.is_none:
        return bool(row.p_true is not None and row.p_true >= SHARE - 1e-12)
    if obs.censored:
        return bool(p95 >= obs.bound if obs.above else p05 <= obs.bound)
    return bool(obs.points.max() >= p05 and obs.points.min() <= p95)
