"""A forecast's numbers: probabilities with Wilson intervals, casualties with t intervals, paired what-if effects.

Per horizon and variant: each event's probability is the share of runs in which it happened, with its Wilson 95%
interval (sim/analysis/stats.py); casualties are the mean over runs with a Student t interval, and the median and
90% range of the runs. A what-if's effect is paired run by run with the base's run of the same slot (the same
particle and fork key): the difference of paired proportions with Newcombe's method-10 interval, the mean paired
difference of casualties with its t interval (sim/analysis/compare_stats.py, as ``escalation compare``).

What the intervals hold: the Monte Carlo error of the runs, as if they were independent. Forks of one particle
share its state, so the runs are clustered, and the intervals are somewhat too narrow when forks of a particle
mostly agree; neither holds the model's own error, which the backtests measure (docs/forecast.md).
"""

from __future__ import annotations

import numpy as np

from sim.acts import CASUALTY_GROUPS
from sim.analysis.compare_stats import paired_proportion_interval
from sim.analysis.stats import mean_interval, wilson_interval
from sim.forecast.outcomes import binary_targets


def _round(x: float, digits: int = 4):
    return None if x is None or not np.isfinite(x) else round(float(x), digits)


def horizon_summary(outcomes: list, horizon: int) -> dict:
    """``days``, ``p_<event>`` and ``p_<event>_interval`` of every binary target, ``casualties``, ``peak_level``."""
    n = len(outcomes)
    row: dict = {"days": horizon, "runs": n}
    for target in binary_targets():
        k = sum(o.happened(target, horizon) for o in outcomes)
        low, high = wilson_interval(k, n)
        row[f"p_{target}"], row[f"p_{target}_interval"] = _round(k / n), [_round(low), _round(high)]
    casualties = {}
    for group in CASUALTY_GROUPS:
        x = np.array([o.total(group, horizon) for o in outcomes], dtype=float)
        mean, low, high = mean_interval(x)
        q05, q50, q95 = np.quantile(x, [0.05, 0.5, 0.95], method="inverted_cdf")
        casualties[group] = {"mean": _round(mean, 2), "interval": [_round(low, 2), _round(high, 2)],
                             "median": float(q50), "range90": [float(q05), float(q95)]}
    row["casualties"] = casualties
    peaks = np.array([o.peak(horizon) for o in outcomes])
    row["peak_level"] = {"median": float(np.median(peaks)), "distribution": [_round(np.mean(peaks == lv)) for lv in
                                                                             range(8)]}
    return row


def open_at_start(outcomes: list) -> dict:
    """The share of runs whose main crossing was open on the day before the forecast."""
    keys = outcomes[0].open_at_start if outcomes else {}
    return {k: _round(np.mean([o.open_at_start[k] for o in outcomes])) for k in keys}


def paired_effects(base: list, variant: list, horizon: int) -> list[dict]:
    """The variant's runs against the base's, slot by slot: one row per target (probabilities, casualties)."""
    rows = []
    for target in binary_targets():
        x = np.array([o.happened(target, horizon) for o in base])
        y = np.array([o.happened(target, horizon) for o in variant])
        diff, low, high = paired_proportion_interval(int((x & y).sum()), int((y & ~x).sum()), int((x & ~y).sum()),
                                                     int((~x & ~y).sum()))
        rows.append({"days": horizon, "metric": f"p_{target}", "base": _round(x.mean()), "variant": _round(y.mean()),
                     "difference": _round(diff), "interval": [_round(low), _round(high)],
                     "method": "Newcombe paired (method 10)"})
    for group in CASUALTY_GROUPS:
        x = np.array([o.total(group, horizon) for o in base], dtype=float)
        y = np.array([o.total(group, horizon) for o in variant], dtype=float)
        diff, low, high = mean_interval(y - x)
        rows.append({"days": horizon, "metric": f"casualties.{group}", "base": _round(x.mean(), 2),
                     "variant": _round(y.mean(), 2), "difference": _round(diff, 2),
                     "interval": [_round(low, 2), _round(high, 2)], "method": "paired t"})
    for row in rows:
        low, high = row["interval"]
        row["distinguishable"] = bool(low is not None and high is not None and (low > 0 or high < 0))
    return rows


def _attacks(attacks, days: int) -> dict | None:
    """Who makes the future's major attacks: the cells, or the record's (their year, how many, the rate over the
    forecast)."""
    if attacks is None:
        return {"by": "cells"}
    return {"by": "record", "from": attacks.window[0], "to": attacks.window[1], "attacks": len(attacks.pool),
            "expected_in_forecast": round(attacks.rate * days, 2)}


def summarise(runs) -> dict:
    """The forecast as one JSON-able object: ``horizons`` (the base's), ``what_ifs`` (each with its horizons and
    paired ``effects`` against the base)."""
    spec, base = runs.spec, runs.outcomes[0]
    out = {"start_date": str(runs.start_date), "days": spec.days, "particles": len(runs.picked),
           "replicates": spec.replicates, "runs": runs.runs, "root_seed": spec.root_seed,
           "open_at_start": open_at_start(base), "major_attacks": _attacks(runs.attacks, spec.days),
           "horizons": [horizon_summary(base, h) for h in spec.horizons], "what_ifs": []}
    for what_if, outcomes in zip(runs.variants[1:], runs.outcomes[1:]):
        out["what_ifs"].append({"name": what_if.name, "file": str(what_if.path), "description": what_if.description,
                                "horizons": [horizon_summary(outcomes, h) for h in spec.horizons],
                                "effects": [e for h in spec.horizons for e in paired_effects(base, outcomes, h)]})
    return out
