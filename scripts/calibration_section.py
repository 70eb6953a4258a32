"""The calibration part of docs/validation.md, read from the posterior file (no calibration is rerun).

Tables of generations (epsilon, acceptance, ESS) and posterior marginals against the priors, a figure of
each parameter's marginal over its prior range, and one of the pairs of the parameters the fit narrowed most.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from sim.scenario.posterior_block import WEIGHT, read_metadata
from sim.validation.calibrate import format_report

PAIRS = 5  # parameters in the pairs figure: those whose 90% interval shrank most against the prior


def generation_table(report: dict) -> str:
    rows = ["| generation | epsilon | particles tried | acceptance | ESS |", "|---|---|---|---|---|"]
    rows += [f"| {g['t']} | {g['epsilon']:.3f} | {g['evaluations']} | {g['acceptance_rate']:.1%} | {g['ess']:.0f} |"
             for g in report["generations"]]
    return "\n".join(rows)


def marginal_table(report: dict) -> str:
    rows = ["| parameter | what it means | prior | posterior median | 90% interval | edge |",
            "|---|---|---|---|---|---|"]
    for name, p in report["params"].items():
        edge = f"piled at the {p['piled_on_edge']} end" if p["piled_on_edge"] else ""
        rows.append(f"| `{name}` | {p['means']} | [{p['prior'][0]:g}, {p['prior'][1]:g}] | {p['median']:.3g} | "
                    f"[{p['q05']:.3g}, {p['q95']:.3g}] | {edge} |")
    return "\n".join(rows)


def source_list(report: dict) -> str:
    return "\n".join(f"- `{name}`: {p['source']}" for name, p in report["params"].items())


def _narrowed(report: dict) -> list[str]:
    def shrink(p):
        low, high = p["prior"]
        return (p["q95"] - p["q05"]) / (high - low)
    return sorted(report["params"], key=lambda n: shrink(report["params"][n]))[:PAIRS]


def plot_marginals(samples: dict, weights, report: dict, path: Path, plt) -> None:
    names = list(report["params"])
    cols = 4
    rows = -(-len(names) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(11, 2.1 * rows), squeeze=False)
    for ax, name in zip(axes.flat, names):
        low, high = report["params"][name]["prior"]
        integers = report["params"][name]["kind"] == "integers"
        bins = np.arange(low - 0.5, high + 1.5) if integers else np.linspace(low, high, 16)
        ax.hist(samples[name], bins=bins, weights=weights, density=True, color="#2166ac", alpha=0.7, label="posterior")
        ax.axhline(1.0 / (high - low + (1 if integers else 0)), color="#b2182b", lw=1.5, label="prior")
        ax.set_title(name.replace("actors.", "").replace("combat.casualties.", "killed/"), fontsize=7)
        ax.tick_params(labelsize=6)
        ax.set_yticks([])
    for ax in list(axes.flat)[len(names):]:
        ax.axis("off")
    axes[0, 0].legend(fontsize=6)
    fig.suptitle("posterior marginals (blue, weighted) against flat priors (red line)", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def plot_pairs(samples: dict, weights, report: dict, path: Path, plt) -> None:
    names = _narrowed(report)
    n = len(names)
    fig, axes = plt.subplots(n, n, figsize=(2 * n, 2 * n), squeeze=False)
    size = 4 + 60 * np.asarray(weights) / np.max(weights)
    for i, yi in enumerate(names):
        for j, xj in enumerate(names):
            ax = axes[i, j]
            ax.tick_params(labelsize=5)
            if i == j:
                ax.hist(samples[xj], bins=12, weights=weights, color="#2166ac", alpha=0.7)
            else:
                ax.scatter(samples[xj], samples[yi], s=size, alpha=0.35, color="#2166ac", lw=0)
                ax.set_xlim(*report["params"][xj]["prior"])
                ax.set_ylim(*report["params"][yi]["prior"])
            if i == n - 1:
                ax.set_xlabel(xj.split(".")[-1], fontsize=6)
            if j == 0:
                ax.set_ylabel(yi.split(".")[-1], fontsize=6)
    fig.suptitle("pairs of the parameters the fit narrowed most (axes: the prior ranges; dot size: weight)", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def calibration_section(posterior: Path, figures: Path, plt) -> str:
    if not posterior.is_file():
        return f"No posterior file at `{posterior}`: run `escalation calibrate calibration/calibration.yaml`."
    report = read_metadata(posterior)
    table = pq.read_table(posterior).to_pydict()
    weights = np.asarray(table.pop(WEIGHT))
    plot_marginals(table, weights, report, figures / "posterior_marginals.png", plt)
    plot_pairs(table, weights, report, figures / "posterior_pairs.png", plt)
    piled = [n for n, p in report["params"].items() if p["piled_on_edge"]]
    return "\n".join([
        "```", format_report(report), "```", "",
        f"Budget and time: {report['runs']} model runs ({report['evaluations']} particles x "
        f"{report['replicates']} runs of each of {len(report['episodes'])} episodes) in {report['wall_seconds']} s "
        f"on {report['workers']} worker(s), population {report['population_size']}, root seed {report['root_seed']}.",
        "", "By generation (epsilon: the distance a particle had to beat; ESS: effective sample size of the weights):",
        "", generation_table(report), "", "Posterior marginals against the priors (weighted 5%, 50%, 95%):", "",
        marginal_table(report), "", "Where each prior's range comes from:", "", source_list(report), "",
        ("Parameters whose posterior mass piles at an end of the prior: " + ", ".join(f"`{n}`" for n in piled)
         + " (see the notes below the figures)." if piled else "No posterior piles its mass at an end of its prior."),
        "", "![posterior marginals](validation/posterior_marginals.png)", "",
        "![posterior pairs](validation/posterior_pairs.png)",
    ])
