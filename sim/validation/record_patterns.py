"""Patterns of the record (pattern-oriented modelling, Grimm et al. 2005): statistics computed the same way on the
record's tables and on a run of the history, so that one can ask whether the free history run reproduces each
(docs/validation.md, patterns). A history is reduced to ``Events``: days (from the history's start) of major
attacks blamed on Kabul, of each state's acts at rung >= 3, and closure spells of trade crossings.

- ``strike_after_attack``: share of major attacks followed by a Pakistani strike (rung >= 5) within 14 days;
- ``answer_to_strike``: share of strike episodes (a strike with none in the 14 days before) answered by Kabul's fire
  (rung >= 3) within 7 days; ``answer_delay_days``: the median delay of those answers;
- ``closure_days``: the median length of closure spells (one still closed at the end counts to the end);
- ``days_between_crises``: the median gap between crisis starts (a state's act at rung >= 5 with none in the 30
  days before).
Rates are judged against the binomial 90% interval of the record's count at the model's rate; medians against
the 5-95% range of the runs' medians.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.stats import binom

ATTACK_WINDOW, ANSWER_WINDOW, EPISODE_GAP, CRISIS_GAP = 14, 7, 14, 30


@dataclass
class Events:
    days: int
    majors: list[int] = field(default_factory=list)
    pakistan: list[tuple[int, int]] = field(default_factory=list)  # (day, rung) of acts at rung >= 3
    taliban: list[tuple[int, int]] = field(default_factory=list)
    closures: list[int] = field(default_factory=list)  # lengths of closure spells (days)


def _starts(days: list[int], gap: int) -> list[int]:
    starts, last = [], None
    for d in sorted(set(days)):
        if last is None or d - last > gap:
            starts.append(d)
        last = d
    return starts


def statistics(ev: Events) -> dict:
    strikes = sorted({d for d, r in ev.pakistan if r >= 5})
    fires = sorted({d for d, r in ev.taliban if r >= 3})
    followed = sum(any(0 <= s - a <= ATTACK_WINDOW for s in strikes) for a in ev.majors)
    episodes = _starts(strikes, EPISODE_GAP)
    delays = [min((f - e for f in fires if 0 <= f - e <= ANSWER_WINDOW), default=None) for e in episodes]
    answered = [d for d in delays if d is not None]
    crises = _starts(strikes + [d for d, r in ev.taliban if r >= 5], CRISIS_GAP)
    return {"strike_after_attack": (followed, len(ev.majors)), "answer_to_strike": (len(answered), len(episodes)),
            "answer_delay_days": float(np.median(answered)) if answered else None,
            "closure_days": float(np.median(ev.closures)) if ev.closures else None,
            "days_between_crises": float(np.median(np.diff(crises))) if len(crises) > 1 else None}


def judged(record: dict, runs: list[dict]) -> list[dict]:
    """One row per statistic: the record's value, the model's, its 90% range, and whether the record is inside."""
    rows = []
    for name, value in record.items():
        if isinstance(value, tuple):
            k, n = value
            hits = sum(r[name][0] for r in runs)
            total = sum(r[name][1] for r in runs)
            p = hits / total if total else 0.0
            low, high = (binom.ppf(0.05, n, p), binom.ppf(0.95, n, p)) if n else (0, 0)
            rows.append({"pattern": name, "record": f"{k} of {n}", "record_value": k / n if n else None,
                         "model": p, "range_90": (low / n if n else 0, high / n if n else 0),
                         "inside": bool(low <= k <= high)})
        else:
            values = [r[name] for r in runs if r[name] is not None]
            low, high = (np.quantile(values, 0.05), np.quantile(values, 0.95)) if values else (None, None)
            rows.append({"pattern": name, "record": value, "record_value": value,
                         "model": float(np.median(values)) if values else None, "range_90": (low, high),
                         "inside": bool(values) and value is not None and low <= value <= high})
    return rows
