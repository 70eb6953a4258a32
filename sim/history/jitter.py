"""Parameter jitter after resampling: Liu & West's (2001) shrinkage kernel, within the priors' bounds.

Resampling copies particles, and with them their parameters: over many windows the parameters collapse onto a
few values ("sample impoverishment"; Kantas et al. 2015; Li et al. 2014). Each copy's parameter theta moves to
a theta + (1 - a) mean + N(0, h^2 var), with a = sqrt(1 - h^2) and the mean and variance over the copies: the
cloud keeps its mean and variance while its members spread. A value is then held within its prior's bounds and
rounded for a whole-number prior. ``h`` is the assimilation file's ``jitter``; no source gives one (docs/history.md).
"""

from __future__ import annotations

import math

import numpy as np


def jittered(values: list[dict], priors, h: float, rng: np.random.Generator) -> list[dict]:
    a = math.sqrt(1.0 - h * h)
    out = [dict(v) for v in values]
    for name, entry in priors.parameters.items():
        x = np.array([v[name] for v in values], dtype=float)
        moved = a * x + (1.0 - a) * x.mean() + rng.normal(0.0, h * x.std(), len(x))
        low, high = entry.prior.bounds
        moved = np.clip(moved, low, high)
        whole = entry.prior.kind == "integers"
        for row, value in zip(out, moved):
            row[name] = int(round(value)) if whole else float(value)
    return out
