"""The paired statistics of ``escalation compare`` (:mod:`sim.analysis.compare`): a variant against the base.

:func:`compare_frames` pairs two batches' finished runs by replicate (the same seed on common random numbers)
and gives one row per metric: for P(open war) and P(strike) the difference of paired proportions with
Newcombe's method-10 interval (:func:`paired_proportion_interval`), for every numeric summary metric the mean
paired difference with its Student t interval; a difference is distinguishable when its interval excludes 0.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from sim.analysis.stats import _z, mean_interval, wilson_interval
from sim.analysis.summarize import STRIKE, metric_columns

SKIPPED = {"days"}  # the horizon: the same in every run, not an outcome
PROBABILITIES = (("P(open war)", "p_open_war"), ("P(strike)", "p_strike"))
CSV_COLUMNS = ["variant", "base", "metric", "kind", "pairs", "base_mean", "variant_mean", "difference",
               "low", "high", "distinguishable", "method"]


def paired_proportion_interval(both: int, only_variant: int, only_base: int, neither: int,
                               confidence: float = 0.95) -> tuple[float, float, float]:
    """Difference P(variant) − P(base) of paired 0/1 outcomes and Newcombe's method-10 interval.

    ``both``/``neither``: pairs where both runs did / did not have the outcome; ``only_variant``/``only_base``:
    the discordant pairs. Returns ``(difference, low, high)``; no pairs give nans.
    """
    a, b, c, d = (float(x) for x in (both, only_variant, only_base, neither))
    n = a + b + c + d
    if n == 0:
        return math.nan, math.nan, math.nan
    p1, p2 = (a + b) / n, (a + c) / n
    l1, u1 = wilson_interval(a + b, n, confidence)
    l2, u2 = wilson_interval(a + c, n, confidence)
    denom = (a + b) * (c + d) * (a + c) * (b + d)
    phi = (a * d - b * c) / math.sqrt(denom) if denom > 0 else 0.0
    diff = p1 - p2
    dl2 = (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2
    du2 = (u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2
    low, high = diff - math.sqrt(max(dl2, 0.0)), diff + math.sqrt(max(du2, 0.0))
    return diff, max(-1.0, low), min(1.0, high)


def _paired(base: pd.DataFrame, variant: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both frames restricted to replicates finished in both, aligned by replicate (the same seed)."""
    b = base[base["status"].eq("done")].set_index("replicate")
    v = variant[variant["status"].eq("done")].set_index("replicate")
    common = b.index.intersection(v.index).sort_values()
    b, v = b.loc[common], v.loc[common]
    if not (b["seed"].to_numpy() == v["seed"].to_numpy()).all():
        raise ValueError("runs paired by replicate have different seeds: not common random numbers")
    return b, v


def _indicators(frame: pd.DataFrame) -> dict[str, pd.Series]:
    peak = frame["peak_level"].astype(float)
    open_war = frame["open_war"].astype(float) if "open_war" in frame else peak.ge(7).astype(float)
    return {"p_open_war": open_war.where(peak.notna()), "p_strike": peak.ge(STRIKE).astype(float).where(peak.notna())}


def _row(variant: str, base: str, metric: str, kind: str, pairs: int, base_mean: float, variant_mean: float,
         diff: float, low: float, high: float, method: str) -> dict:
    return {"variant": variant, "base": base, "metric": metric, "kind": kind, "pairs": pairs,
            "base_mean": base_mean, "variant_mean": variant_mean, "difference": diff, "low": low, "high": high,
            "distinguishable": bool(np.isfinite(low) and np.isfinite(high) and (low > 0 or high < 0)),
            "method": method}


def compare_frames(base: pd.DataFrame, variant: pd.DataFrame, base_name: str, variant_name: str,
                   confidence: float = 0.95) -> pd.DataFrame:
    """One row per metric: the probabilities first, then every numeric summary metric (see the module doc)."""
    _z(confidence)
    b, v = _paired(base, variant)
    rows = []
    ib, iv = _indicators(b), _indicators(v)
    for _, key in PROBABILITIES:
        ok = ib[key].notna() & iv[key].notna()
        x, y = ib[key][ok].to_numpy(bool), iv[key][ok].to_numpy(bool)
        diff, low, high = paired_proportion_interval(int((x & y).sum()), int((y & ~x).sum()), int((x & ~y).sum()),
                                                     int((~x & ~y).sum()), confidence)
        rows.append(_row(variant_name, base_name, key, "proportion", int(ok.sum()),
                         float(x.mean()) if x.size else math.nan, float(y.mean()) if y.size else math.nan,
                         diff, low, high, "Newcombe paired (method 10)"))
    metrics = [m for m in metric_columns(b.reset_index()) if m not in SKIPPED and m in v.columns and m != "replicate"]
    for m in metrics:
        x, y = b[m].astype(float), v[m].astype(float)
        ok = x.notna() & y.notna()
        diff, low, high = mean_interval((y[ok] - x[ok]).to_numpy(), confidence)
        rows.append(_row(variant_name, base_name, m, "mean", int(ok.sum()),
                         float(x[ok].mean()) if ok.any() else math.nan,
                         float(y[ok].mean()) if ok.any() else math.nan, diff, low, high, "paired t"))
    return pd.DataFrame(rows, columns=CSV_COLUMNS)
