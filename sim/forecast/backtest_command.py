"""``escalation backtest FILE [--out DIR] [--workers W] [--json]``: forecasts from the past, scored (docs/forecast.md).

Prints a line per forecast as it is made, then the skill table (per target and horizon: forecasts, events observed,
mean Brier and log scores of the model and of climatology, Brier skill). Writes to the output folder (default
``out/backtests``): ``backtests.json`` (everything; what ``--json`` prints and ``scripts/backtest_section.py``
renders for docs/validation.md), ``scores.csv`` (one row per forecast, horizon and target), ``skill.csv`` and
``backtests.png``; ``filters/DATE/`` keeps each replay's progress, so a rerun resumes. Exit 2 for bad input.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from sim.forecast.backtest_outcomes import SCORED
from sim.forecast.backtest_run import run_backtests
from sim.forecast.backtest_spec import load_backtests

COLOURS = {"model": "#2166ac", "climatology": "#999999", "observed": "#b2182b"}


def plot_backtests(report: dict, path: Path, horizon: int = 90) -> Path | None:
    """Per target, each forecast's probability at ``horizon`` days (else the longest scored) against climatology's,
    and what happened."""
    scored = {r["days"] for r in report["scores"]}
    if not scored:
        return None
    horizon = horizon if horizon in scored else max(scored)
    rows = [r for r in report["scores"] if r["days"] == horizon]
    from sim.outputs.mpl_backend import use_agg_unless_chosen

    use_agg_unless_chosen()
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(len(SCORED), 1, figsize=(10, 1.8 * len(SCORED) + 0.6), sharex=True)
    for ax, target in zip(axes, SCORED):
        these = [r for r in rows if r["target"] == target]
        dates = [dt.date.fromisoformat(r["start"]) for r in these]
        ax.vlines(dates, [r["interval"][0] for r in these], [r["interval"][1] for r in these], color=COLOURS["model"],
                  lw=1, alpha=0.5)
        ax.plot(dates, [r["p"] for r in these], "o", color=COLOURS["model"], label="model (95% interval)")
        ax.plot(dates, [r["climatology"] for r in these], "s", mfc="none", color=COLOURS["climatology"],
                label="climatology (the record's base rate)")
        hit = [d for d, r in zip(dates, these) if r["observed"]]
        ax.plot(hit, [1.0] * len(hit), "v", color=COLOURS["observed"], label="it happened")
        ax.set_ylim(-0.03, 1.08)
        ax.set_ylabel(target.replace("_", " "), fontsize=8)
        ax.tick_params(labelsize=7)
    axes[0].legend(fontsize=7, ncol=3, loc="upper left")
    axes[0].set_title(f"backtests: P(within {horizon} days) from the filtered past, by start date", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def write_backtests(report: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "backtests.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    scores = [{k: v for k, v in r.items() if k != "interval"} | {"low": r["interval"][0], "high": r["interval"][1]}
              for r in report["scores"]]
    pacsv.write_csv(pa.Table.from_pylist(scores), out / "scores.csv")
    pacsv.write_csv(pa.Table.from_pylist(report["skill"]), out / "skill.csv")
    plot_backtests(report, out / "backtests.png")


def _f(x) -> str:
    return "-" if x is None else f"{x:.2f}"


def format_backtests(report: dict) -> str:
    pooled, geometric = report["overall_skill"], report["overall_skill_geometric"]
    lines = [f"backtests of {report['file']}: {len(report['forecasts'])} forecasts, {report['particles']} particles x "
             f"{report['replicates']} forks each, {report['seconds']:.0f} s; Brier skill against climatology, all "
             f"forecasts pooled: {_f(pooled)} (geometric mean of the targets' ratios: {_f(geometric)})", "",
             f"{'target':20} {'days':>5} {'forecasts':>9} {'happened':>8} {'mean P':>7} {'clim P':>7} "
             f"{'Brier':>7} {'clim':>7} {'skill':>7} {'log':>7} {'clim':>7}"]
    for r in report["skill"]:
        lines.append(f"{r['target']:20} {r['days']:5} {r['forecasts']:9} {r['observed']:8} {r['mean_p']:7.3f} "
                     f"{r['mean_climatology']:7.3f} {r['brier']:7.3f} {r['brier_climatology']:7.3f} "
                     f"{r['skill']:7.2f} {r['log']:7.3f} {r['log_climatology']:7.3f}")
    lines.append(f"\nwrote {report['out']}: backtests.json, scores.csv, skill.csv, backtests.png")
    return "\n".join(lines)


def backtest_command(args) -> int:
    from sim.batch.runner import default_workers

    backtests = load_backtests(args.file)  # checked before anything runs or is written
    out = Path(args.out) if args.out else Path("out") / "backtests"
    say = None if args.json else (lambda line: print(line, file=sys.stderr, flush=True))
    report = run_backtests(backtests, out, args.workers or default_workers(), progress=say)
    write_backtests(report, out)
    print(json.dumps(report, indent=1) if args.json else format_backtests(report))
    return 0
