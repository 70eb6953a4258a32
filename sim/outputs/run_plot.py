"""Plots of one run: both sides' levels, casualties and crossings over time."""

from __future__ import annotations

from sim.outputs.mpl_backend import use_agg_unless_chosen

use_agg_unless_chosen()
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.colors import ListedColormap  # noqa: E402

from sim.acts import CASUALTY_GROUPS  # noqa: E402
from sim.submodels.ladder import LEVEL_NAMES  # noqa: E402
from sim.record import crossing_column  # noqa: E402

SIDE_COLOURS = {"pakistan": "#1b7837", "taliban": "#762a83"}
GROUP_LABELS = {
    "pakistan_military": "Pakistani military", "pakistan_civilian": "Pakistani civilians",
    "afghan_military": "Afghan military", "afghan_civilian": "Afghan civilians", "ttp": "TTP",
}


LEVEL_TICKS = tuple(f"{i} {n}" for i, n in enumerate(LEVEL_NAMES))  # a levels axis's labels, rung by rung


def ceasefire_spans(flags) -> list[list[int]]:
    """``[first, last]`` index of each run of consecutive ceasefire days in a series of flags."""
    spans, start = [], None
    for day, on in enumerate([*map(bool, flags), False]):
        if on and start is None:
            start = day
        elif not on and start is not None:
            spans.append([start, day - 1])
            start = None
    return spans


def _shade_ceasefires(ax, days, ceasefire):
    for first, last in ceasefire_spans(ceasefire):
        ax.axvspan(days[first] - 0.5, days[last] + 0.5, color="#fde0a8", alpha=0.6, lw=0,
                   label="ceasefire" if not ax.get_legend_handles_labels()[1].count("ceasefire") else None)


def plot_run(series: dict, crossing_names, title: str, path) -> None:
    """Write a three-panel PNG of one run's daily series to ``path``."""
    days = np.asarray(series["day"])
    fig, axes = plt.subplots(3, 1, figsize=(10, 9), sharex=True, gridspec_kw={"height_ratios": [3, 2, 2]})
    ax = axes[0]
    _shade_ceasefires(ax, days, series["ceasefire"])
    for side in ("pakistan", "taliban"):
        ax.step(days, series[f"level_{side}"], where="mid", color=SIDE_COLOURS[side], lw=2,
                label="Pakistan" if side == "pakistan" else "Taliban administration")
    ax.set_yticks(range(len(LEVEL_NAMES)))
    ax.set_yticklabels(LEVEL_TICKS)
    ax.set_ylim(-0.3, 7.3)
    ax.set_title(title)
    ax.legend(loc="upper right", fontsize=8)
    ax.grid(axis="y", alpha=0.3)

    ax = axes[1]
    for group in CASUALTY_GROUPS:
        ax.plot(days, np.cumsum(series[group]), label=GROUP_LABELS[group])
    ax.set_ylabel("killed (cumulative)")
    ax.legend(loc="upper left", fontsize=8, ncol=2)
    ax.grid(alpha=0.3)

    ax = axes[2]
    names = [n for n in crossing_names if crossing_column(n) in series]
    status = np.array([series[crossing_column(n)] for n in names]) if names else np.zeros((1, len(days)))
    cmap = ListedColormap(["#d9f0d3", "#fdb863", "#b2182b"])
    ax.imshow(status, aspect="auto", cmap=cmap, vmin=0, vmax=2, interpolation="nearest",
              extent=(days[0] - 0.5, days[-1] + 0.5, len(names) - 0.5, -0.5))
    ax.set_yticks(range(len(names)))
    ax.set_yticklabels(names, fontsize=8)
    ax.set_xlabel("day")
    ax.set_title("crossings: green open, orange partial, red closed", fontsize=9)
    twin = ax.twinx()
    twin.plot(days, np.asarray(series["trade_lost_usd_cumulative"]) / 1e6, color="black", lw=1.5)
    twin.set_ylabel("trade lost, $ m (cumulative)")
    fig.tight_layout()
    fig.savefig(path, format="png", dpi=100, metadata={"Software": None})
    plt.close(fig)
