"""``escalation forecast STATE [STATE...] --days N [--replicates K] [--what-if FILE...] [--seed S] [--out DIR]
[--workers W] [--json]``: forecasts from the present (docs/forecast.md).

Everything is checked before anything runs or is written (STATE, every what-if file, the numbers): bad input is one
line naming the file (and line) and exit status 2, and no output folder is made. Then every particle is continued
K times under the base and each what-if (sim/forecast/forecast_run.py), and the folder gets ``forecast.json`` (what
``--json`` prints), ``hub.parquet`` and ``hub.csv`` (sim/forecast/hub_table.py), ``effects.csv`` (each what-if
against the base, paired), ``runs.parquet`` (one row per run) and ``fan_chart.png``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from sim.forecast.forecast_run import ForecastRuns, run_forecast
from sim.forecast.forecast_spec import DEFAULT_SEED, ForecastSpec
from sim.forecast.forecast_summary import summarise
from sim.forecast.hub_table import write_hub_table
from sim.forecast.outcomes import EVENTS, MAIN_CROSSINGS, binary_targets, crossing_key
from sim.forecast.particle_state import read_states
from sim.forecast.what_if import load_what_if

LABELS = {"open_war": "P(open war)", "pakistani_strike": "P(Pakistani strike)",
          "taliban_offensive": "P(Taliban offensive, rung 6+)", "national_ceasefire": "P(national ceasefire)",
          **{crossing_key(c) + "_open": f"P({c} open at the end)" for c in MAIN_CROSSINGS}}
DEFAULT_REPLICATES = 4


def _unique(what_ifs: list) -> list:
    seen, out = {"base"}, []
    for w in what_ifs:
        name, k = w.name, 2
        while name in seen:
            name, k = f"{w.name}_{k}", k + 1
        seen.add(name)
        out.append(w if name == w.name else type(w)(name, w.path, w.description, w.values, w.events))
    return out


def _runs_table(runs: ForecastRuns) -> pa.Table:
    rows = {"scenario": [], "slot": [], "particle": [], "fork": []}
    rows.update({f"first_day_{e}": [] for e in EVENTS})
    rows.update({f"peak_level_{runs.spec.days}d": []})
    k = runs.spec.replicates
    for what_if, outcomes in zip(runs.variants, runs.outcomes):
        for n, o in enumerate(outcomes):
            rows["scenario"].append(what_if.name)
            rows["slot"].append(n // k)
            rows["particle"].append(int(runs.picked[n // k]))
            rows["fork"].append(n % k)
            for e in EVENTS:
                rows[f"first_day_{e}"].append(o.first[e] if o.first[e] >= 0 else None)
            rows[f"peak_level_{runs.spec.days}d"].append(o.peak(runs.spec.days))
    return pa.table(rows)


def _effects_table(summary: dict) -> pa.Table:
    rows = [{"what_if": w["name"], **{k: v for k, v in e.items() if k != "interval"}, "low": e["interval"][0],
             "high": e["interval"][1]} for w in summary["what_ifs"] for e in w["effects"]]
    return pa.Table.from_pylist(rows)


def write_forecast(runs: ForecastRuns, summary: dict, out: Path) -> None:
    from sim.forecast.forecast_plots import plot_forecast

    out.mkdir(parents=True, exist_ok=True)
    (out / "forecast.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    write_hub_table(runs, out)
    pq.write_table(_runs_table(runs), out / "runs.parquet")
    if summary["what_ifs"]:
        pacsv.write_csv(_effects_table(summary), out / "effects.csv")
    plot_forecast(runs, out / "fan_chart.png")


def _p(row: dict, target: str) -> str:
    low, high = row[f"p_{target}_interval"]
    return f"{row[f'p_{target}']:.2f} [{low:.2f}, {high:.2f}]"


def _effect(e: dict) -> str:
    low, high = e["interval"]
    return f"{e['difference']:+.2f} [{low:+.2f}, {high:+.2f}]{'*' if e['distinguishable'] else ' '}"


def format_forecast(summary: dict) -> str:
    hs = summary["horizons"]
    lines = [f"forecast from {summary['start_date']} ({summary['state']}): {summary['particles']} particles x "
             f"{summary['replicates']} forks = {summary['runs']} runs, {summary['days']} days, "
             f"{summary['seconds']:.0f} s; 95% Wilson intervals", "",
             f"{'':32}" + "".join(f"{str(h['days']) + ' days':>20}" for h in hs)]
    head = f"{'':32}" + "".join(f"{str(h['days']) + ' days':>24}" for h in hs)
    for target in binary_targets():
        lines.append(f"{LABELS[target]:32}" + "".join(f"{_p(h, target):>20}" for h in hs))
    for group, c in hs[-1]["casualties"].items():
        lines.append(f"{'killed, ' + group:32}" + "".join(f"{h['casualties'][group]['mean']:>20.1f}" for h in hs))
    opened = ", ".join(f"{k} {v:.2f}" for k, v in summary["open_at_start"].items())
    lines.append(f"\nopen on the day before the forecast (share of runs): {opened}")
    majors = summary.get("major_attacks") or {}
    if majors.get("by") == "cells":
        lines.append("major attacks made by the TTP cells (--major-attacks record: at the record's last year's rate)")
    elif majors:
        lines.append(f"major attacks drawn at the rate of the record's {majors['attacks']} from {majors['from']} to "
                     f"{majors['to']}: {majors['expected_in_forecast']} expected in {summary['days']} days")
    for w in summary["what_ifs"]:
        lines += ["", f"{w['name']} - base: paired differences [95%] (* the interval excludes 0)", head]
        effects = {(e["metric"], e["days"]): e for e in w["effects"]}
        for target in binary_targets():
            lines.append(f"{LABELS[target]:32}" + "".join(f"{_effect(effects[('p_' + target, h['days'])]):>24}"
                                                          for h in hs))
    lines.append(f"\nwrote {summary['out']}: forecast.json, hub.parquet, hub.csv, runs.parquet, fan_chart.png"
                 + (", effects.csv" if summary["what_ifs"] else ""))
    return "\n".join(lines)


def forecast_command(args) -> int:
    from sim.batch.runner import default_workers

    particles = read_states(args.state)  # every input checked before anything runs or is written
    spec = ForecastSpec(days=args.days, replicates=args.replicates or DEFAULT_REPLICATES,
                        root_seed=DEFAULT_SEED if args.seed is None else args.seed, major_attacks=args.major_attacks)
    present = particles.first().config
    what_ifs = _unique([load_what_if(path, present) for path in args.what_if])
    out = Path(args.out) if args.out else Path("out") / "forecast"
    runs = run_forecast(particles, spec, what_ifs, args.workers or default_workers())
    summary = {"state": " + ".join(args.state), **summarise(runs), "seconds": round(runs.seconds, 1), "out": str(out)}
    write_forecast(runs, summary, out)
    print(json.dumps(summary, indent=1) if args.json else format_forecast(summary))
    return 0
