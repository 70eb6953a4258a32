"""Calibrate a scenario's uncertain parameters on an episode: approximate Bayesian computation by rejection.

Method (documented in docs/validation.md): the parameters' prior ranges are sampled by a Latin hypercube
(SALib) through the batch runner, ``replicates`` seeded runs per point (common random numbers). Each point's
runs are measured as the hindcast measures them, and its distance to the episode is the sum over targets of
how far the simulated median falls outside the observed value or interval, scaled by that interval's size
(booleans: twice the share of runs that disagree, so half the runs wrong weighs like a miss by one interval). The ``accept`` fraction of points nearest the episode is kept;
their parameter values approximate the posterior (Beaumont, Zhang & Balding 2002, rejection step).
"""

from __future__ import annotations

import csv
import json
import math
from collections import defaultdict
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
from pydantic import Field

from sim.batch.sweep import Axis, load_sweep
from sim.scenario.errors import read_validated
from sim.scenario.strict import Strict
from sim.validation.episode import BoolObserved, LoadedEpisode
from sim.validation.measures import EVENT_COLUMNS, measure_run, observed_targets


BOOL_WEIGHT = 2.0


class CalibrationSpec(Strict):
    samples: int = Field(100, ge=2, le=100_000, description="Latin hypercube points over the prior ranges")
    replicates: int = Field(10, ge=1, le=10_000, description="seeded runs per point")
    root_seed: int = Field(0, ge=0, description="seeds of the sample and of the runs")
    accept: float = Field(0.1, gt=0.0, le=1.0, description="share of points kept (nearest the episode)")
    params: dict[str, Axis] = Field(description="scenario field (dotted path) -> prior range (uniform, integers or values)")


def load_calibration(path: str | Path) -> CalibrationSpec:
    return read_validated(path, CalibrationSpec, "calibration")[0]


def target_distance(observed, values: list, horizon: int) -> float:
    """How far a point's runs are from one observed target (0 = the median is inside)."""
    if isinstance(observed, BoolObserved):  # half the runs disagreeing weighs like one interval-width miss
        return BOOL_WEIGHT * float(np.mean([bool(v) != observed.value for v in values]))
    x = np.array([horizon + 1 if v is None else float(v) for v in values])  # "never" counts as after the end
    median = float(np.median(x))
    if observed.is_none:
        return float(np.mean(x <= horizon))
    low, high = observed.bounds()
    low = -math.inf if low is None else float(low)
    high = math.inf if high is None else float(high)
    if low <= median <= high:
        return 0.0
    finite = [b for b in (low, high) if math.isfinite(b)]
    scale = max(1.0, (high - low) if len(finite) == 2 else 0.0, 0.25 * max(abs(b) for b in finite))
    return (low - median if median < low else median - high) / scale


def point_distances(loaded: LoadedEpisode, measures_by_point: dict[int, list[dict]]) -> dict[int, dict]:
    observed = observed_targets(loaded)
    out = {}
    for point, measures in measures_by_point.items():
        parts = {name: target_distance(obs, [m[name] for m in measures], loaded.horizon) for name, obs in observed.items()}
        out[point] = {"distance": sum(parts.values()), "parts": parts}
    return out


def calibrate(loaded: LoadedEpisode, spec: CalibrationSpec, out: str | Path, workers: int | None = None,
              progress: bool = True) -> dict:
    """Run the design, measure, keep the nearest points; write calibration.json and accepted.csv into ``out``."""
    from sim.batch.runner import run_batch

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    sweep_path = out / "sweep.yaml"
    sweep = {"name": f"calibrate_{loaded.episode.name}", "base": str(loaded.scenario_path.resolve()),
             "days": loaded.horizon, "design": "latin_hypercube", "samples": spec.samples,
             "replicates": spec.replicates, "root_seed": spec.root_seed,
             "axes": {k: v.model_dump(exclude_none=True) for k, v in spec.params.items()}}
    sweep_path.write_text(json.dumps(sweep, indent=1) + "\n")  # JSON is YAML: the sweep stays with its results
    plan = load_sweep(sweep_path)
    run_batch(plan, out / "runs", workers=workers, resume=True, write_events=True, progress=progress)
    by_point: dict[int, list[dict]] = defaultdict(list)
    for row in pq.read_table(out / "runs" / "summary.parquet").to_pylist():
        if row["status"] == "done":
            events = pq.read_table(out / "runs" / "events" / f"{row['run_id']}.parquet", columns=EVENT_COLUMNS).to_pylist()
            by_point[row["point"]].append(measure_run(loaded, row, events))
    scored = point_distances(loaded, by_point)
    ranked = sorted(scored, key=lambda p: (scored[p]["distance"], p))
    n_keep = max(1, math.ceil(spec.accept * len(ranked)))
    accepted = ranked[:n_keep]
    report = {"episode": loaded.episode.name, "scenario": str(loaded.scenario_path), "method": "ABC rejection on a Latin hypercube",
              "points": len(ranked), "replicates": spec.replicates, "accepted": n_keep, "root_seed": spec.root_seed,
              "params": _posterior(plan, spec, accepted),
              "best": {"point": accepted[0], "distance": round(scored[accepted[0]]["distance"], 4),
                       "values": plan.points[accepted[0]], "parts": scored[accepted[0]]["parts"]},
              "accepted_distance_max": round(scored[accepted[-1]]["distance"], 4)}
    (out / "calibration.json").write_text(json.dumps(report, indent=1, default=float) + "\n")
    _write_accepted(out / "accepted.csv", plan, spec, accepted, scored)
    return report


def _posterior(plan, spec: CalibrationSpec, accepted: list[int]) -> dict:
    out = {}
    for name, axis in spec.params.items():
        values = [plan.points[p][name] for p in accepted]
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            arr = np.array(values, dtype=float)
            q05, q50, q95 = np.quantile(arr, [0.05, 0.5, 0.95])
            out[name] = {"prior": list(axis.uniform or axis.integers or (min(axis.points()), max(axis.points()))),
                         "median": float(q50), "mean": float(arr.mean()), "sd": float(arr.std(ddof=1)) if len(arr) > 1 else 0.0,
                         "q05": float(q05), "q95": float(q95)}
        else:
            counts = {json.dumps(v, sort_keys=True): values.count(v) for v in values}
            out[name] = {"prior": axis.values, "counts": counts}
    return out


def _write_accepted(path: Path, plan, spec, accepted: list[int], scored: dict) -> None:
    names = list(spec.params)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["rank", "point", "distance", *names])
        for rank, p in enumerate(accepted, 1):
            w.writerow([rank, p, round(scored[p]["distance"], 4), *[plan.points[p][n] for n in names]])


def format_report(report: dict) -> str:
    lines = [f"calibration of {report['scenario']} on episode {report['episode']}: {report['method']}, "
             f"{report['points']} points x {report['replicates']} runs; kept the {report['accepted']} nearest "
             f"(distance <= {report['accepted_distance_max']})", "",
             f"{'parameter':44} {'prior':>16} {'median':>9} {'90% of accepted':>20}"]
    for name, p in report["params"].items():
        if "median" in p:
            prior = f"[{p['prior'][0]:g}, {p['prior'][1]:g}]"
            lines.append(f"{name:44} {prior:>16} {p['median']:9.3g} {f'[{p['q05']:.3g}, {p['q95']:.3g}]':>20}")
        else:
            lines.append(f"{name:44} {'choices':>16} {max(p['counts'], key=p['counts'].get):>9}")
    best = report["best"]
    lines += ["", f"nearest point ({best['distance']}): " + ", ".join(f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}"
                                                                     for k, v in best["values"].items())]
    return "\n".join(lines)


def calibrate_command(args) -> int:
    from sim.validation.episode import load_episode

    loaded = load_episode(args.episode)
    spec = load_calibration(args.params)
    out = Path(args.out) if args.out else Path("out") / f"calibrate_{loaded.episode.name}"
    report = calibrate(loaded, spec, out, args.workers, progress=not args.json)
    print(json.dumps(report, indent=1, default=float) if args.json else format_report(report))
    if not args.json:
        print(f"\nwrote {out / 'calibration.json'} and {out / 'accepted.csv'}")
    return 0
