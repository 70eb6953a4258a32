"""``escalation assimilate FILE [--particles N] [--root-seed N] [--workers N] [--out DIR] [--json]`` (docs/history.md).

Runs (or resumes) the particle filter of :mod:`sim.history.assimilation`, printing a line per window, then
writes to the output folder: ``report.json`` (every window's prequential scores and ESS), ``levels.parquet``
(per day, the particles' quantiles of the highest level, P(open war) and the record's level), ``fan_chart.png``,
``parameters.png`` and ``particles.parquet`` (the final particles: weight, parameters and state, for forecasts
from the present). Exit status 0; 2 for bad input (a file that cannot be read, a folder holding another
assimilation); 1 anything else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from sim.history import particle_filter as pf
from sim.history.assimilation import FilterState, run_assimilation
from sim.history.assimilation_spec import Assimilation, load_assimilation
from sim.history.checkpoints import write_particles
from sim.history.history_plots import level_quantiles, plot_fan, plot_parameters, record_levels


COLLAPSED = 0.05  # a window entered with an ESS below this share of the particles is reported as a collapse


def with_overrides(asm: Assimilation, particles: int | None = None, root_seed: int | None = None) -> Assimilation:
    """The assimilation with the command line's overrides of the file's ``particles`` and ``root_seed``."""
    update = {k: v for k, v in (("particles", particles), ("root_seed", root_seed)) if v is not None}
    return dataclasses.replace(asm, spec=asm.spec.model_copy(update=update)) if update else asm


def collapses(report: dict) -> list[str]:
    """The windows whose weights fell below ``COLLAPSED`` x N effective particles, with their ESS."""
    n = report["particles"]
    return [f"{w['episode']} ({w['ess_before']:.0f} of {n})" for w in report["windows"]
            if not w["held_out"] and w["ess_before"] < COLLAPSED * n]


def write_outputs(asm: Assimilation, state: FilterState, out: Path) -> dict:
    from sim.outputs.mpl_backend import use_agg_unless_chosen

    use_agg_unless_chosen()
    import matplotlib.pyplot as plt

    scenario = asm.scenario
    days = scenario.days
    quantiles = level_quantiles(state.segments, state.segment_weights, days)
    record = record_levels(scenario.forcing.record, scenario.start_date, days)
    dates = [str(scenario.start_date + dt.timedelta(days=d)) for d in range(days)]
    pq.write_table(pa.table({"day": list(range(days)), "date": dates, **quantiles, "record_level": record}),
                   out / "levels.parquet")
    weights = pf.normalised(state.log_weights)
    plot_fan(quantiles, record, scenario.start_date, out / "fan_chart.png", plt,
             f"highest level, {len(weights)} particles filtered through {len(asm.windows)} windows, against the record")
    plot_parameters(state.values, weights, asm.priors, state.start_values, out / "parameters.png", plt)
    write_particles(out / "particles.parquet", state.states, weights, state.values, asm.priors.parameters)
    report = {"file": str(asm.path), "particles": len(weights), "windows": state.rows, "seconds": round(state.seconds, 1),
              "root_seed": asm.spec.root_seed, "final_ess": pf.effective_sample_size(weights), "out": str(out),
              "present": str(scenario.start_date + dt.timedelta(days=asm.present_day)),
              "checkpoints": [str(d) for d in asm.spec.checkpoints],
              "open_war_before_2026_02_01": _war_before(quantiles, scenario.start_date, dt.date(2026, 2, 1))}
    (out / "report.json").write_text(json.dumps(report, indent=1, default=float) + "\n")
    return report


def _war_before(quantiles: dict, start: dt.date, date: dt.date) -> float:
    """The largest daily share of (weighted) particles at open war before ``date``."""
    end = (date - start).days
    return float(np.max(quantiles["p_open_war"][:end])) if end > 0 else 0.0


def format_report(report: dict) -> str:
    lines = [f"assimilation of {report['file']}: {report['particles']} particles, {len(report['windows'])} windows, "
             f"{report['seconds']:.0f} s; final ESS {report['final_ess']:.0f}", "",
             f"{'window':26} {'start':10} {'held out':8} {'skill':>6} {'P(war)':>6} {'ESS before':>10} {'after':>6}"]
    for w in report["windows"]:
        skill = "-" if w["skill"] is None else f"{w['skill']:.2f}"
        lines.append(f"{w['episode']:26} {w['start']:10} {'yes' if w['held_out'] else '':8} {skill:>6} "
                     f"{w['p_open_war']:6.2f} {w['ess_before']:10.0f} {w['ess_after']:6.0f}")
    collapsed = collapses(report)
    if collapsed:  # the figures after such a window rest on a few ancestors: say so where they are read
        lines.append(f"\ncollapse: the weights fell below {COLLAPSED:.0%} of the particles at {', '.join(collapsed)}; "
                     "what follows rests on few ancestors - compare runs with other --root-seed values or more "
                     "--particles (docs/history.md)")
    saved = f", checkpoints/ ({', '.join(report['checkpoints'])})" if report.get("checkpoints") else ""
    lines.append(f"\nthe particles are at the present, {report['present']}: `escalation forecast {report['out']} --days N`")
    lines.append(f"wrote {report['out']}: report.json, levels.parquet, fan_chart.png, parameters.png, particles.parquet"
                 + saved)
    return "\n".join(lines)


def assimilate_command(args) -> int:
    from sim.batch.start_method import default_workers

    asm = with_overrides(load_assimilation(args.file), args.particles, args.root_seed)
    out = Path(args.out) if args.out else Path("out") / "assimilation"
    say = None if args.json else (lambda line: print(line, file=sys.stderr, flush=True))
    state = run_assimilation(asm, out, args.workers or default_workers(), progress=say)
    report = write_outputs(asm, state, out)
    print(json.dumps(report, indent=1, default=float) if args.json else format_report(report))
    return 0
