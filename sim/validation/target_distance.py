"""How far a parameter set's runs fall from one observed target (the calibration's summary statistic).

0 when the runs' median is inside the observed value or interval; otherwise the miss in units of the
interval's width (at least 1, or a quarter of the observed figure for a point or an open interval). "Never"
counts as the day after the horizon. A true/false target: twice the share of runs that disagree, so half
the runs wrong weighs like a miss by one interval. Used by ``escalation calibrate`` (docs/validation.md).
"""

from __future__ import annotations

import math

import numpy as np

from sim.validation.episode import BoolObserved

BOOL_WEIGHT = 2.0


def target_distance(observed, values: list, horizon: int) -> float:
    """How far a point's runs are from one observed target (0 = the median is inside)."""
    if isinstance(observed, BoolObserved):  # half the runs disagreeing weighs like one interval-width miss
        return BOOL_WEIGHT * float(np.mean([bool(v) != observed.value for v in values]))
    x = np.array([horizon + 1 if v is None else float(v) for v in values])  # "never" counts as after the end
    median = float(np.median(x))
    if observed.is_none:
        return float(np.mean(x <= horizon))
    low, high = observed.bounds()
    low = -math.inf if low is None else float(low)
    high = math.inf if high is None else float(high)
    if low <= median <= high:
        return 0.0
    finite = [b for b in (low, high) if math.isfinite(b)]
    scale = max(1.0, (high - low) if len(finite) == 2 else 0.0, 0.25 * max(abs(b) for b in finite))
    return (low - median if median < low else median - high) / scale
