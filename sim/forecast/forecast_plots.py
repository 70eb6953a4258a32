"""The forecast's fan chart: the highest level by day over every run, and the chance of open war by day.

Top: the runs' 5-95% and 25-75% bands and median of the highest level each day (the base). Bottom: the share of runs
that have reached open war by each day, for the base and every what-if (each on the same slots). Dates on the x
axis from the forecast's first day.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from sim.submodels.ladder import LEVEL_NAMES

COLOURS = ("#08306b", "#b2182b", "#1b7837", "#762a83", "#e08214", "#35978f")


def level_bands(outcomes: list) -> dict[str, np.ndarray]:
    levels = np.stack([o.levels for o in outcomes])
    return {f"q{int(q * 100):02d}": np.quantile(levels, q, axis=0, method="inverted_cdf")
            for q in (0.05, 0.25, 0.5, 0.75, 0.95)}


def war_by_day(outcomes: list, days: int) -> np.ndarray:
    first = np.array([o.first["open_war"] for o in outcomes])
    return np.array([np.mean((first >= 0) & (first <= d)) for d in range(days)])


def plot_forecast(runs, path: Path) -> Path:
    from sim.outputs.mpl_backend import use_agg_unless_chosen

    use_agg_unless_chosen()
    import matplotlib.pyplot as plt

    days = runs.spec.days
    dates = [runs.start_date + dt.timedelta(days=d) for d in range(days)]
    bands = level_bands(runs.outcomes[0])
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(10, 6), sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    top.fill_between(dates, bands["q05"], bands["q95"], step="mid", color="#9ecae1", label="runs 5-95%")
    top.fill_between(dates, bands["q25"], bands["q75"], step="mid", color="#4292c6", label="25-75%")
    top.step(dates, bands["q50"], where="mid", color="#08306b", lw=1.2, label="median")
    top.set_yticks(range(8), [f"{lv} {LEVEL_NAMES[lv]}" for lv in range(8)], fontsize=7)
    top.set_ylim(-0.2, 7.4)
    top.legend(loc="upper right", fontsize=7, ncol=3)
    top.set_title(f"highest level by day from {runs.start_date}: {len(runs.picked)} particles x "
                  f"{runs.spec.replicates} forks", fontsize=9)
    for k, (what_if, outcomes) in enumerate(zip(runs.variants, runs.outcomes)):
        bottom.plot(dates, war_by_day(outcomes, days), color=COLOURS[k % len(COLOURS)], lw=1.3, label=what_if.name)
    bottom.set_ylabel("P(open war) by day", fontsize=8)
    bottom.set_ylim(0, max(0.05, bottom.get_ylim()[1]))
    bottom.legend(loc="upper left", fontsize=7)
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path
