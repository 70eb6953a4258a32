"""Hindcast: run an episode's ensemble and check each observed target against the simulated 90% interval.

What each target means on one run is in :mod:`sim.validation.measures`. Over the runs: median, 5th and
95th percentile (the empirical quantile, ``inverted_cdf``: always a value some run had). None ("never")
counts as later than any day. A number or interval is *inside* when it overlaps [p05, p95]; "never" and a
true/false outcome are inside when at least 5% of runs share them.
"""

from __future__ import annotations

import json
import math
import sys
import tempfile
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from sim.outputs.write_errors import OutputWriteError
from sim.batch.sweep import Plan, SweepSpec
from sim.validation.episode import BoolObserved, LoadedEpisode, load_episode
from sim.validation.measures import EVENT_COLUMNS, measure_run, observed_targets  # noqa: F401  (calibrate reads them here too)

EXIT_OK, EXIT_ERROR, EXIT_MISSED = 0, 1, 3
SHARE = 20  # an outcome that at least 1 run in SHARE has counts as simulated (5%)



# --- comparing with the ensemble --------------------------------------------------------------------

def _num(x: float):
    return None if math.isinf(x) else int(x)


def compare(name: str, observed, values: list) -> dict:
    """One target's row: observed, simulated median and 90% interval over ``values``, inside, gap."""
    n = len(values)
    row = {"target": name, "observed": observed.shown(), "source": observed.source, "runs": n}
    if not n:
        return {**row, "simulated": None, "inside": False, "gap": None}
    if isinstance(observed, BoolObserved):
        k = sum(bool(v) for v in values)
        same = k if observed.value else n - k
        row["simulated"] = {"p_true": k / n if n else None}
        row.update(inside=bool(SHARE * same >= n), gap=None)
        return row
    x = np.array([math.inf if v is None else float(v) for v in values])
    median, p05, p95 = np.quantile(x, [0.5, 0.05, 0.95], method="inverted_cdf")
    never = int(np.isinf(x).sum())
    row["simulated"] = {"median": _num(median), "p05": _num(p05), "p95": _num(p95)}
    if getattr(observed, "allow_none", False):
        row["simulated"]["none_share"] = never / n
    if observed.is_none:
        row.update(inside=bool(SHARE * never >= n), gap=None)
        return row
    low, high = observed.bounds()
    low, high = -math.inf if low is None else low, math.inf if high is None else high
    gap = 0.0 if low <= p95 and high >= p05 else float(low - p95 if low > p95 else high - p05)
    row.update(inside=gap == 0.0, gap=None if math.isinf(gap) else int(gap))
    return row


def run_ensemble(loaded: LoadedEpisode, replicates: int, out: Path, workers: int | None = None) -> tuple[list, list, list]:
    """The runs through :func:`sim.batch.runner.run_batch` into ``out``: (measures of done runs, failed rows,
    whether each done run reached open war)."""
    from sim.batch.runner import run_batch

    ep = loaded.episode
    spec = SweepSpec(name=f"hindcast_{ep.name}", description=ep.description, base=str(loaded.scenario_path),
                     days=loaded.run_days if ep.window else ep.days, replicates=replicates, root_seed=ep.root_seed)
    plan = Plan(spec, loaded.path, loaded.scenario_path, [{}], [loaded.scenario], loaded.sources)
    run_batch(plan, out, workers=workers, resume=True, write_events=True, progress=False)
    measures, failed, open_war = [], [], []
    for row in pq.read_table(out / "summary.parquet").to_pylist():
        if row["status"] != "done":
            failed.append(row)
            continue
        events = pq.read_table(out / "events" / f"{row['run_id']}.parquet", columns=EVENT_COLUMNS).to_pylist()
        series = (pq.read_table(out / "runs" / f"{row['run_id']}.parquet").to_pydict()
                  if ep.phases or ep.window else None)
        measures.append(measure_run(loaded, row, events, series))
        open_war.append(bool(row["open_war"]))
    return measures, failed, open_war


def hindcast(loaded: LoadedEpisode, replicates: int | None = None, out: str | Path | None = None,
             workers: int | None = None) -> dict:
    """Run the episode's ensemble and compare; the report as plain data (what ``--json`` prints)."""
    n = replicates or loaded.episode.replicates
    with tempfile.TemporaryDirectory(prefix="hindcast-") as tmp:
        try:
            measures, failed, open_war = run_ensemble(loaded, n, Path(out) if out else Path(tmp), workers)
        except OutputWriteError as exc:
            if out:
                raise
            raise OutputWriteError(exc.where, exc.reason, "the hindcast stopped; its runs were in a temporary "
                                   "folder, removed with it") from None
    rows = [compare(name, obs, [m[name] for m in measures]) for name, obs in observed_targets(loaded).items()]
    ep = loaded.episode
    cas = ep.targets.casualties if ep.targets else None
    return {
        "episode": ep.name, "file": str(loaded.path), "scenario": str(loaded.scenario_path),
        "days": loaded.horizon, "root_seed": ep.root_seed, "replicates": n, "runs_done": len(measures),
        "runs_failed": len(failed), "first_error": failed[0]["error"] if failed else None,
        "out": str(out) if out else None,
        "trigger": loaded.trigger.model_dump(),
        "casualties_counted": {"actors": cas.actors, "window_days": cas.window_days} if cas else None,
        "targets": rows, "inside": all(r["inside"] for r in rows),
        "p_open_war": sum(open_war) / len(open_war) if open_war else None,
        "posterior": loaded.scenario.posterior.file if loaded.scenario.posterior else None,
    }


# --- printing ---------------------------------------------------------------------------------------

def _v(x, never: str = "none") -> str:
    if x is None:
        return never
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, list):
        low, high = x
        return f">= {low}" if high is None else f"<= {high}" if low is None else f"[{low}, {high}]"
    return str(x)


def _cells(row: dict) -> list[str]:
    sim, notes = row["simulated"], []
    if sim is None:
        return [row["target"], _v(row["observed"]), "-", "-", "NO", "no runs"]
    if "p_true" in sim:
        p = sim["p_true"] or 0.0
        median = _v(p >= 0.5)
        spread = "/".join(_v(o) for o, share in ((False, 1 - p), (True, p)) if SHARE * share >= 1 - 1e-9) or "-"
        notes.append(f"yes in {p:.0%} of runs")
    else:
        median, spread = _v(sim["median"]), f"[{_v(sim['p05'])}, {_v(sim['p95'])}]"
        if "none_share" in sim:
            notes.append(f"none in {sim['none_share']:.0%} of runs")
    if not row["inside"] and row["gap"]:
        notes.append(f"observed {'above' if row['gap'] > 0 else 'below'} by {abs(row['gap'])}")
    return [row["target"], _v(row["observed"]), median, spread, "yes" if row["inside"] else "NO", "; ".join(notes)]


def format_report(report: dict) -> str:
    t, cas = report["trigger"], report["casualties_counted"]
    found = t["day"] is None  # a trigger found in each run (sim/validation/window.py): its day varies
    when = (f"trigger: each run's first act of {t['find']['actor']} at rung >= {t['find']['min_level']}" if found
            else f"trigger day {t['day']}")
    lines = [f"hindcast {report['episode']}: {report['runs_done']} runs of {report['scenario']} "
             f"({report['days']} days, root seed {report['root_seed']}); {when}, "
             f"{t['initiator']} first, retaliation = the other side at rung >= {t['retaliation_level']}"]
    if cas:
        start = "the trigger" if found else f"day {t['day']}"
        window = (f"{cas['window_days']} days from {start}" if cas["window_days"] else "the whole run")
        lines.append(f"casualties: killed by acts of {', '.join(cas['actors'])} over {window}")
    lines += ["simulated: median and 90% interval (5th-95th percentile over runs); inside = the observed value "
              "or interval overlaps it (true/false and none: at least 5% of runs)", ""]
    table = [["target", "observed", "median", "90% interval", "inside", "notes"]] + [_cells(r) for r in report["targets"]]
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in table]
    inside = sum(r["inside"] for r in report["targets"])
    lines += ["", f"{inside} of {len(report['targets'])} targets inside"
              + ("" if report["inside"] else "; missed: " + ", ".join(r["target"] for r in report["targets"] if not r["inside"]))]
    if report["p_open_war"] is not None:
        lines.append(f"P(open war) over the run: {report['p_open_war']:.2f}"
                     + (f"; parameters drawn from {report['posterior']} run by run" if report["posterior"] else ""))
    if report["out"]:
        lines.append(f"runs in {report['out']}")
    return "\n".join(lines)


def hindcast_command(args) -> int:
    """``escalation hindcast EPISODE [--replicates N] [--out DIR] [--workers N] [--json]``."""
    loaded = load_episode(args.episode)
    report = hindcast(loaded, args.replicates, args.out, args.workers)
    if report["runs_failed"]:
        print(f"warning: {report['runs_failed']} of {report['replicates']} runs failed (first: {report['first_error']}); "
              f"targets use the {report['runs_done']} runs done", file=sys.stderr)
    if not report["runs_done"]:
        print("error: no run finished; nothing to compare", file=sys.stderr)
        return EXIT_ERROR
    print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else format_report(report))
    return EXIT_OK if report["inside"] else EXIT_MISSED
