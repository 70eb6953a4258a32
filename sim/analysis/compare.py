"""``escalation compare BASE.yaml VARIANT.yaml...``: paired differences of scenarios on common random numbers.

Every scenario is run as its own one-point sweep (``DIR/<name>/sweep.yaml``: base = the scenario's absolute
path, ``replicates`` N, the same ``root_seed``, no axes) through the batch runner into ``DIR/<name>/runs``
(resumed, so a rerun reuses finished runs). With common random numbers replicate r gets the same seed in
every scenario, so runs pair by replicate and each variant is compared with the base run by run.

Statistics (95% by default, computed in :mod:`sim.analysis.compare_stats`), for every variant against the base,
over the replicates finished in both:

* every numeric summary metric: the mean paired difference d̄ = mean(variant_r − base_r) with the Student
  t interval of the differences, d̄ ± t_{n−1} · s_d/√n (:func:`sim.analysis.stats.mean_interval`). Metrics
  that are missing in some runs (``first_day_open_war`` of a run without open war) use only the pairs where
  both runs have a value, so such a difference is conditional on both runs reaching that point;
* P(open war) (``open_war``, level 7) and P(strike) (``peak_level`` ≥ 5): the difference of paired
  proportions with Newcombe's hybrid score interval for paired data, method 10 of R. G. Newcombe,
  "Improved confidence intervals for the difference between binomial proportions based on paired data",
  Stat. Med. 17 (1998) 2635–2650: the Wilson intervals of both proportions combined with the phi
  correlation of the 2×2 table of pairs. Unlike the t interval on 0/1 differences it does not collapse to
  a point when the discordant pairs are few, and it stays inside [−1, 1].

A difference is *distinguishable* from noise when its interval excludes 0. With common random numbers a
scenario compared with an identical copy of itself gives differences of exactly 0 in every run.
Outputs: a table per variant on the terminal, ``DIR/comparison.csv`` (one row per variant × metric) and
``DIR/forest.png`` (one row per metric, one column per variant, each difference with its interval).
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.analysis.compare_stats import PROBABILITIES, compare_frames
from sim.analysis.summarize import load_batch

DEFAULT_ROOT_SEED = 20251009
DEFAULT_REPLICATES = 200


@dataclass
class Batch:
    name: str
    scenario: Path
    folder: Path  # DIR/<name>/runs
    frame: pd.DataFrame


# --- running -------------------------------------------------------------------------------------------

def unique_names(paths: list[Path]) -> list[str]:
    """Folder names for the scenarios: their file stems, with ``_2``, ``_3``... for repeats."""
    names, seen = [], set()
    for p in paths:
        name, k = p.stem, 2
        while name in seen:
            name, k = f"{p.stem}_{k}", k + 1
        seen.add(name)
        names.append(name)
    return names


def write_sweep(folder: Path, name: str, scenario: Path, replicates: int, root_seed: int, days: int | None) -> Path:
    """``folder/sweep.yaml``: a one-point sweep of ``scenario`` (absolute path) with common random numbers."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"# written by `escalation compare`: {name} on common random numbers",
             f"name: {json.dumps('compare_' + name)}",
             f"base: {json.dumps(str(scenario.resolve()))}",
             f"replicates: {int(replicates)}",
             f"root_seed: {int(root_seed)}",
             "common_random_numbers: true"]
    if days is not None:
        lines.append(f"days: {int(days)}")
    path = folder / "sweep.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_scenarios(paths: list[str | Path], out: str | Path, replicates: int = DEFAULT_REPLICATES,
                  root_seed: int = DEFAULT_ROOT_SEED, workers: int | None = None, days: int | None = None,
                  progress: bool = False) -> list[Batch]:
    """Check every scenario (``ScenarioError`` with file:line:column), then run each as a one-point sweep."""
    from sim.batch.runner import run_batch
    from sim.batch.sweep import load_sweep
    from sim.scenario.loading import load_scenario

    paths = [Path(p) for p in paths]
    for p in paths:  # every file checked before anything runs; errors point into the scenario file itself
        load_scenario(p)
    out = Path(out)
    batches = []
    for name, path in zip(unique_names(paths), paths):
        sweep = write_sweep(out / name, name, path, replicates, root_seed, days)
        plan = load_sweep(sweep)
        run_batch(plan, out / name / "runs", workers=workers, resume=True, write_events=False, progress=progress)
        frame, _ = load_batch(out / name / "runs")
        batches.append(Batch(name, path, out / name / "runs", frame))
    return batches


# --- output --------------------------------------------------------------------------------------------

def _num(x: float) -> str:
    if x is None or not np.isfinite(x):
        return "n/a"
    if x == 0:
        return "0"
    a = abs(x)
    if a >= 1e6:
        return f"{x / 1e6:.1f}M"
    if a >= 100:
        return f"{x:.0f}"
    return f"{x:.1f}" if a >= 10 else f"{x:.2f}" if a >= 0.01 else f"{x:.3f}"


def _tick(x: float, _pos=None) -> str:
    if abs(x) >= 1e6:
        return f"{x / 1e6:g}M"
    return f"{x:g}"


def _label(metric: str) -> str:
    return {k: n for n, k in PROBABILITIES}.get(metric, metric)


def format_comparison(table: pd.DataFrame) -> str:
    """A fixed-width table: metric, base mean, variant mean, difference [low, high], * when distinguishable."""
    header = ["metric", "pairs", "base", "variant", "difference [95% interval]", ""]
    rows = [[_label(r.metric), str(r.pairs), _num(r.base_mean), _num(r.variant_mean),
             f"{_num(r.difference)} [{_num(r.low)}, {_num(r.high)}]" if np.isfinite(r.low) else _num(r.difference),
             "*" if r.distinguishable else ""] for r in table.itertuples()]
    widths = [max(len(line[i]) for line in [header, *rows]) for i in range(len(header))]
    return "\n".join("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths))).rstrip()
                     for line in [header, *rows])


def forest_plot(table: pd.DataFrame, path: str | Path, title: str) -> Path:
    """One row per metric (its own x scale, shared by the variants), one column per variant; 0 marked."""
    from sim.outputs.mpl_backend import use_agg_unless_chosen

    use_agg_unless_chosen()
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    variants = list(dict.fromkeys(table["variant"]))
    metrics = list(dict.fromkeys(table["metric"]))
    rows, cols = len(metrics), max(1, len(variants))
    fig, axes = plt.subplots(rows, cols, figsize=(2.4 + 4.6 * cols, 0.5 * rows + 1.6), squeeze=False)
    for j, variant in enumerate(variants):
        part = table[table["variant"] == variant].set_index("metric")
        axes[0, j].set_title(textwrap.fill(f"{variant} − {part['base'].iloc[0]}", 40), fontsize=9)
        for i, metric in enumerate(metrics):
            ax = axes[i, j]
            ax.axvline(0, color="0.35", lw=1.0, ls="--")
            ax.set_yticks([])
            ax.xaxis.set_major_locator(MaxNLocator(5))
            ax.xaxis.set_major_formatter(FuncFormatter(_tick))
            ax.tick_params(axis="x", labelsize=7, pad=1)
            ax.grid(axis="x", alpha=0.3)
            for spine in ("top", "right", "left"):
                ax.spines[spine].set_visible(False)
            if metric not in part.index:
                continue
            r = part.loc[metric]
            if not np.isfinite(r["difference"]):
                ax.text(0.5, 0.5, "no pairs", ha="center", va="center", fontsize=7, transform=ax.transAxes)
                continue
            colour = "#b2182b" if r["distinguishable"] else "#4d4d4d"
            if np.isfinite(r["low"]):
                ax.plot([r["low"], r["high"]], [0, 0], color=colour, lw=2, solid_capstyle="butt")
            ax.plot([r["difference"]], [0], "o", color=colour, ms=5, mfc=colour if r["distinguishable"] else "white")
            ax.set_ylim(-1, 1)
            text = f"{_num(r['difference'])} [{_num(r['low'])}, {_num(r['high'])}]" if np.isfinite(r["low"]) \
                else _num(r["difference"])
            ax.text(1.01, 0.5, text, transform=ax.transAxes, fontsize=7, va="center", color=colour)
        for i, metric in enumerate(metrics):
            if j == 0:
                axes[i, 0].set_ylabel(_label(metric), rotation=0, ha="right", va="center", fontsize=8)
    for ax in axes.flat:  # each cell its own scale (the numbers are written beside it), always showing 0
        lo, hi = ax.get_xlim()
        pad = 0.08 * (hi - lo)
        ax.set_xlim(min(lo, -pad), max(hi, pad))
    fig.suptitle(textwrap.fill(title, 110) + "\npaired difference (variant − base) with its 95% interval; "
                 "red, filled: the interval excludes 0 (dashed line)", fontsize=9)
    fig.tight_layout(h_pad=0.4, w_pad=5.0)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return Path(path)


def compare(paths: list[str | Path], out: str | Path, replicates: int = DEFAULT_REPLICATES,
            root_seed: int = DEFAULT_ROOT_SEED, workers: int | None = None, days: int | None = None,
            confidence: float = 0.95, progress: bool = False, plot: bool = True) -> pd.DataFrame:
    """Run ``paths[0]`` (the base) and every variant on common random numbers; write the CSV and forest plot."""
    batches = run_scenarios(paths, out, replicates, root_seed, workers, days, progress)
    base = batches[0]
    table = pd.concat([compare_frames(base.frame, v.frame, base.name, v.name, confidence) for v in batches[1:]],
                      ignore_index=True)
    out = Path(out)
    table.to_csv(out / "comparison.csv", index=False)
    if plot:
        forest_plot(table, out / "forest.png", f"{', '.join(v.name for v in batches[1:])} against {base.name} "
                    f"({replicates} paired runs, root seed {root_seed})")
    return table


def compare_command(args) -> int:
    """The CLI: print a table per variant; 0 done (bad input raises for the CLI to turn into exit 2)."""
    paths = [args.base, *args.variants]
    out = Path(args.out) if args.out else Path("out") / f"compare_{Path(args.base).stem}"
    table = compare(paths, out, replicates=args.replicates, root_seed=args.seed, workers=args.workers,
                    days=args.days, progress=not args.quiet)
    failed = 0
    for name in unique_names([Path(p) for p in paths]):
        df, _ = load_batch(out / name / "runs")
        failed += int((~df["status"].eq("done")).sum())
    print(f"{len(paths) - 1} variant(s) against {Path(args.base).stem}: {args.replicates} replicates each on common "
          f"random numbers (root seed {args.seed}); 95% intervals: Newcombe paired for probabilities, paired t for "
          "means; * = interval excludes 0" + (f"; {failed} run(s) failed or missing, left out" if failed else ""))
    for variant, part in table.groupby("variant", sort=False):
        marked = int(part["distinguishable"].sum())
        print(f"\n{variant} − {part['base'].iloc[0]}  ({marked} of {len(part)} differences distinguishable)")
        print(format_comparison(part))
    print(f"\nwrote {out / 'comparison.csv'}, {out / 'forest.png'}")
    return 0
