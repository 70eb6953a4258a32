"""Pictures and tables of an assimilation: the highest level over 2021-2026 against the record's, and the
particles' parameters at the end against their priors (docs/history.md)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from sim.scenario.history_record import read_record
from sim.submodels.ladder import LEVEL_NAMES

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


def level_quantiles(segments: list, weights: list, days: int) -> dict[str, np.ndarray]:
    """Per day, weighted quantiles of the particles' highest level (each stretch weighted as its window left
    the particles) and the weighted share at open war."""
    out = {f"q{int(q * 100):02d}": np.zeros(days, dtype=np.int8) for q in QUANTILES}
    out["p_open_war"] = np.zeros(days)
    for (first, levels), w in zip(segments, weights):
        w = np.asarray(w) / np.sum(w)
        cdf = np.stack([(w[:, None] * (levels <= lv)).sum(axis=0) for lv in range(8)])  # level x day
        span = slice(first, first + levels.shape[1])
        for q in QUANTILES:
            out[f"q{int(q * 100):02d}"][span] = np.argmax(cdf >= q - 1e-9, axis=0)
        out["p_open_war"][span] = 1.0 - cdf[6]
    return out


def record_levels(folder: str, start: dt.date, days: int) -> np.ndarray:
    """The highest level the record's observations show on each day (0 where it shows nothing)."""
    levels = np.zeros(days, dtype=np.int8)
    for row in read_record(folder).observations:
        first = (row.date - start).days
        last = ((row.end_date or row.date) - start).days
        if last >= 0 and first < days:
            span = slice(max(first, 0), min(last, days - 1) + 1)
            levels[span] = np.maximum(levels[span], row.level)
    return levels


def plot_fan(quantiles: dict, record: np.ndarray, start: dt.date, path, plt, title: str) -> None:
    days = len(record)
    dates = [start + dt.timedelta(days=d) for d in range(days)]
    fig, ax = plt.subplots(figsize=(12, 4))
    ax.fill_between(dates, quantiles["q05"], quantiles["q95"], step="mid", color="#9ecae1", label="particles 5-95%")
    ax.fill_between(dates, quantiles["q25"], quantiles["q75"], step="mid", color="#4292c6", label="25-75%")
    ax.step(dates, quantiles["q50"], where="mid", color="#08306b", lw=1, label="median")
    ax.step(dates, record, where="mid", color="#b2182b", lw=1.2, label="the record's level")
    ax.set_yticks(range(8), [f"{lv} {LEVEL_NAMES[lv]}" for lv in range(8)], fontsize=7)
    ax.set_ylim(-0.2, 7.4)
    ax.legend(loc="upper left", fontsize=7, ncol=4)
    ax.set_title(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def plot_parameters(values: list[dict], weights, priors, start_values: list[dict], path, plt) -> None:
    names = list(priors.parameters)
    cols = 4
    rows = -(-len(names) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(11, 2.1 * rows), squeeze=False)
    for ax, name in zip(axes.flat, names):
        low, high = priors.parameters[name].prior.bounds
        bins = np.linspace(low, high, 16)
        ax.hist([v[name] for v in start_values], bins=bins, density=True, color="#999999", alpha=0.5,
                label="particles at the start (posterior)")
        ax.hist([v[name] for v in values], bins=bins, weights=weights, density=True, color="#2166ac", alpha=0.7,
                label="at the end (filtered)")
        ax.axhline(1.0 / (high - low), color="#b2182b", lw=1.2, label="prior")
        ax.set_title(name.replace("actors.", "").replace("combat.casualties.", "killed/"), fontsize=7)
        ax.tick_params(labelsize=6)
    for ax in list(axes.flat)[len(names):]:
        ax.axis("off")
    axes[0, 0].legend(fontsize=6)
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)
