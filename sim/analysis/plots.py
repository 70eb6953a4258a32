"""Plots of a batch: ladder levels over time as fan charts, and P(open war) against each sweep axis."""

from __future__ import annotations

import json
import math
import textwrap
from pathlib import Path

from sim.outputs.mpl_backend import use_agg_unless_chosen

use_agg_unless_chosen()
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from sim.submodels.ladder import LEVEL_NAMES  # noqa: E402

BAND = "#2166ac"
PROBABILITIES = (("p_open_war", "P(open war): level 7", "#b2182b", "o"),
                 ("p_strike", "P(strike or worse): level ≥ 5", "#ef8a62", "s"))


def value_label(value) -> str:
    """An axis value as people read it: 0.5 -> '0.5'; '{"name": "escalate", "step": 1}' -> 'escalate step=1'."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return value  # plain text (a name), not JSON
    if isinstance(value, dict):
        name = value.get("name")
        rest = " ".join(f"{k}={value_label(v)}" for k, v in sorted(value.items()) if k != "name")
        return f"{name} {rest}".strip() if name is not None else rest
    if isinstance(value, list):
        return ", ".join(value_label(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"  # 10.0 -> '10', 0.25 -> '0.25'
    return str(value)


def file_part(name: str) -> str:
    """An axis name as part of a file name: dots (and anything else odd) become underscores."""
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)


def _level_axis(ax) -> None:
    ax.set_yticks(range(len(LEVEL_NAMES)))
    ax.set_yticklabels([f"{i} {n.replace('_', ' ')}" for i, n in enumerate(LEVEL_NAMES)], fontsize=8)
    ax.set_ylim(-0.3, len(LEVEL_NAMES) - 0.7)


def fan_chart(panels: list[tuple[str, pd.DataFrame]], path, title: str, column: str = "level_max") -> Path:
    """One panel per group: median level by day, with its 50% (q25-q75) and 90% (q05-q95) bands.

    ``panels`` holds (panel title, ``fan_data`` frame). Levels are whole rungs, so bands and line are
    drawn as steps centred on each day rather than interpolated between days.
    """
    n = max(1, len(panels))
    cols = min(n, 2 if n <= 4 else 3)
    rows = math.ceil(n / cols)
    size = (8.0 if n == 1 else 6.2 * cols, 3.4 * rows + 0.9)
    fig, axes = plt.subplots(rows, cols, figsize=size, sharex=True, sharey=True, squeeze=False)
    for ax, (name, fan) in zip(axes.flat, panels):
        if fan.empty:
            ax.text(0.5, 0.5, "no finished runs", ha="center", va="center", transform=ax.transAxes)
        else:
            ax.fill_between(fan["day"], fan["q05"], fan["q95"], step="mid", color=BAND, alpha=0.18, lw=0,
                            label="90% of runs (q05–q95)")
            ax.fill_between(fan["day"], fan["q25"], fan["q75"], step="mid", color=BAND, alpha=0.38, lw=0,
                            label="50% of runs (q25–q75)")
            ax.step(fan["day"], fan["median"], where="mid", color=BAND, lw=2, label="median")
            name = f"{name}  (n={int(fan['runs'].max())} runs)"
        ax.set_title(textwrap.fill(name, 60), fontsize=9)
        ax.grid(alpha=0.3)
        if column.startswith("level_"):
            _level_axis(ax)
    for ax in axes.flat[len(panels):]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel("day of the run")
    for ax in axes[:, 0]:
        ax.set_ylabel("ladder level" if column.startswith("level_") else column)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    if handles:
        fig.legend(handles, labels, loc="lower center", ncol=3, fontsize=9, frameon=False)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout(rect=(0, 0.05 if rows > 1 else 0.08, 1, 1))
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return Path(path)


def _positions(values: pd.Series) -> tuple[np.ndarray, list[str] | None, float]:
    """x positions, tick labels (None: a numeric axis keeps its own scale) and the dodge between series."""
    if pd.api.types.is_numeric_dtype(values):
        x = values.to_numpy(dtype=float)
        span = float(np.ptp(x)) if len(x) > 1 else 0.0
        return x, None, span * 0.012
    labels = [textwrap.fill(value_label(v), 22) for v in values]
    return np.arange(len(values), dtype=float), labels, 0.06


def open_war_by_axis(tables: dict[str, pd.DataFrame], out_dir, title: str = "") -> list[Path]:
    """For each axis, P(open war) and P(strike) against the axis value with 95% Wilson error bars.

    ``tables`` maps an axis name to its ``summary_table(df, [axis])``; writes ``p_open_war_by_<axis>.png``.
    """
    written = []
    for axis, table in tables.items():
        table = table.sort_values(axis)
        x, labels, dodge = _positions(table[axis])
        fig, ax = plt.subplots(figsize=(max(7.5, 1.5 * len(x) + 4) if labels else 8.5, 4.6))
        for i, (col, name, colour, marker) in enumerate(PROBABILITIES):
            p = table[col].to_numpy(dtype=float)
            err = np.vstack([p - table[f"{col}_low"].to_numpy(dtype=float),
                             table[f"{col}_high"].to_numpy(dtype=float) - p])
            ax.errorbar(x + (i - 0.5) * 2 * dodge, p, yerr=err, fmt=marker, color=colour, capsize=4,
                        ls="-" if labels is None else "none", lw=1, label=name)
        if labels is not None:
            ax.set_xticks(x, labels, fontsize=8)
            ax.set_xlim(-0.6, len(x) - 0.4)
        else:
            ax.margins(x=0.08)
            if len(x) <= 10:  # few values: tick exactly those the sweep ran
                ax.set_xticks(x, [value_label(float(v)) for v in x])
        ax.set_xlabel(axis)
        ax.set_ylabel("probability over runs")
        ax.set_ylim(-0.03, 1.03)
        ax.grid(alpha=0.3)
        # outside the axes: a probability can sit anywhere in [0, 1], so no place inside is safe
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
        runs = table["runs"]
        n = f"{runs.min()}" if runs.min() == runs.max() else f"{runs.min()}–{runs.max()}"
        ax.set_title(f"{title}{': ' if title else ''}P(open war) and P(strike) by {axis}\n"
                     f"95% Wilson intervals; {n} runs per value, other axes pooled", fontsize=10)
        fig.tight_layout()
        path = Path(out_dir) / f"p_open_war_by_{file_part(axis)}.png"
        fig.savefig(path, dpi=110)
        plt.close(fig)
        written.append(path)
    return written
