"""The plots of ``escalation discover`` (:mod:`sim.analysis.discover`), written as PNG files.

:func:`plot_trajectory` draws the PRIM peeling trajectory (coverage against density of every box, the chosen
one marked); :func:`plot_box` draws each axis the chosen box restricts, its full range against the box's.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd


def plot_trajectory(result: dict, path: Path, title: str) -> Path:
    from sim.analysis.plots import plt

    p = result["prim"]
    traj = pd.DataFrame(p["trajectory"])
    fig, ax = plt.subplots(figsize=(7.5, 5.2))
    sc = ax.scatter(traj["coverage"], traj["density"], c=traj["restricted"], cmap="viridis", s=28, zorder=3,
                    vmin=0, vmax=max(1, traj["restricted"].max()))
    ax.plot(traj["coverage"], traj["density"], color="0.6", lw=0.8, zorder=2)
    ax.axhline(p["threshold"], color="#b2182b", ls="--", lw=1, label=f"density threshold {p['threshold']:g}")
    ax.axhline(result["base_rate"], color="0.4", ls=":", lw=1, label=f"base rate {result['base_rate']:.2f}")
    ax.scatter([p["coverage"]], [p["density"]], s=220, facecolors="none", edgecolors="#b2182b", lw=2, zorder=4,
               label=f"chosen box (step {p['chosen_step']}): coverage {p['coverage']:.2f}, "
                     f"density {p['density']:.2f}, {p['runs_in_box']} runs")
    fig.colorbar(sc, ax=ax, label="restricted axes", ticks=range(0, int(traj["restricted"].max()) + 1))
    ax.set_xlabel("coverage: share of outcome runs inside the box")
    ax.set_ylabel("density: share of the box's runs with the outcome")
    ax.set_xlim(-0.03, 1.03)
    ax.set_ylim(-0.03, 1.03)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower left")
    ax.set_title(textwrap.fill(title, 70) + "\nPRIM peeling trajectory", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return Path(path)


def plot_box(result: dict, path: Path, title: str) -> Path:
    from sim.analysis.plots import plt

    p = result["prim"]
    limits = p["limits"]
    fig, ax = plt.subplots(figsize=(8.5, 1.3 + 0.9 * max(1, len(limits))))
    for row, (axis, lim) in enumerate(reversed(list(limits.items()))):
        if lim["kind"] == "numeric":
            span = (lim["full_max"] - lim["full_min"]) or 1.0
            lo, hi = (lim["min"] - lim["full_min"]) / span, (lim["max"] - lim["full_min"]) / span
            ax.barh(row, 1.0, left=0, height=0.5, color="0.85", edgecolor="0.5")
            ax.barh(row, hi - lo, left=lo, height=0.5, color="#2166ac", alpha=0.8)
            ax.text(0, row + 0.3, f"{lim['full_min']:.3g}", ha="left", va="bottom", fontsize=8, color="0.35")
            ax.text(1, row + 0.3, f"{lim['full_max']:.3g}", ha="right", va="bottom", fontsize=8, color="0.35")
            label = f"{lim['min']:.3g} – {lim['max']:.3g}"
            if hi - lo >= 0.25:  # inside the bar when it fits, else beside it
                ax.text((lo + hi) / 2, row, label, ha="center", va="center", fontsize=8, color="white",
                        fontweight="bold")
            elif hi <= 0.7:
                ax.text(hi + 0.01, row, label, ha="left", va="center", fontsize=8, color="#2166ac", fontweight="bold")
            else:
                ax.text(lo - 0.01, row, label, ha="right", va="center", fontsize=8, color="#2166ac", fontweight="bold")
        else:
            k = len(lim["all"])
            for j, value in enumerate(lim["all"]):
                kept = value in lim["kept"]
                ax.barh(row, 1 / k, left=j / k, height=0.5, color="#2166ac" if kept else "0.85", edgecolor="0.5",
                        alpha=0.8 if kept else 1)
                ax.text((j + 0.5) / k, row, textwrap.fill(value, 18), ha="center", va="center", fontsize=7,
                        color="white" if kept else "0.3")
    ax.set_yticks(range(len(limits)), [textwrap.fill(a, 28) for a in reversed(list(limits))], fontsize=8)
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.7, max(1, len(limits)) - 0.3)
    ax.set_xticks([0, 0.5, 1], ["axis minimum", "", "axis maximum"], fontsize=8)
    if not limits:
        ax.text(0.5, 0, "no axis restricted: the box is every run", ha="center", va="center")
    ax.set_title(textwrap.fill(title, 80) + f"\nPRIM box: coverage {p['coverage']:.2f}, density {p['density']:.2f}, "
                 f"{p['runs_in_box']} runs (grey: the axis's full range; blue: the box)", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return Path(path)
