"""The patterns section of docs/validation.md: free histories (scenarios/history_2021_2026.yaml, no assimilation)
against the record's patterns (sim/validation/record_patterns.py; Grimm et al. 2005), with a figure.

    python -m scripts.patterns_section [--runs 200] [--workers 2] [--posterior FILE]

writes docs/validation/patterns.json and patterns.png and prints the section's markdown. ``--posterior``: the
posterior the runs draw from (default: the one the scenario names).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from sim.batch.start_method import worker_context
from sim.model import EscalationModel
from sim.scenario.history_record import read_record
from sim.scenario.loading import load_scenario
from sim.validation.pattern_sources import model_events, record_events
from sim.validation.record_patterns import judged, statistics

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "history_2021_2026.yaml"
OUT = ROOT / "docs" / "validation"
WAR_CUTOFF = dt.date(2026, 2, 1)
LABELS = {"strike_after_attack": "Pakistani strike within 14 days of a major attack",
          "answer_to_strike": "Kabul's fire within 7 days of a strike episode",
          "answer_delay_days": "median delay of Kabul's answer (days)",
          "closure_days": "median closure of Torkham/Chaman (days)",
          "days_between_crises": "median days between crises"}
_SCENARIO = None


def _init(scenario) -> None:
    global _SCENARIO
    _SCENARIO = scenario


def _one(seed: int) -> dict:
    model = EscalationModel(_SCENARIO, rng=seed).run()
    war = [a.day for a in model.log.acts if a.actor in ("pakistan", "taliban") and a.level >= 7]
    return {"stats": statistics(model_events(model)), "first_war_day": min(war) if war else None}


def pattern_runs(runs: int, workers: int, posterior: str | None = None) -> tuple[dict, list[dict]]:
    scenario = load_scenario(SCENARIO, [f"posterior={Path(posterior).resolve()}"] if posterior else None)
    start, end = scenario.start_date, scenario.start_date + dt.timedelta(days=scenario.days)
    record = statistics(record_events(read_record(ROOT / "record"), start, end))
    with ProcessPoolExecutor(workers, mp_context=worker_context(), initializer=_init, initargs=(scenario,)) as pool:
        results = list(pool.map(_one, range(runs), chunksize=4))
    return record, results, start


def section(record: dict, results: list[dict], start: dt.date) -> tuple[str, dict]:
    rows = judged(record, [r["stats"] for r in results])
    cutoff = (WAR_CUTOFF - start).days
    wars = [r["first_war_day"] for r in results]
    before = sum(w is not None and w < cutoff for w in wars) / len(wars)
    after = sum(w is not None and w >= cutoff for w in wars) / len(wars)
    lines = ["| pattern | record | model | model's 90% range | record inside |", "|---|---|---|---|---|"]
    for r in rows:
        fmt = (lambda v: f"{v:.2f}") if isinstance(r["record"], str) else (lambda v: f"{v:.1f}")
        low, high = r["range_90"]
        model = "-" if r["model"] is None else fmt(r["model"])
        span = "-" if low is None else f"{fmt(low)}-{fmt(high)}"
        lines.append(f"| {LABELS[r['pattern']]} | {r['record']} | {model} | {span} | {'yes' if r['inside'] else '**no**'} |")
    text = "\n".join(lines) + (f"\n\nOpen war before 1 Feb 2026 in {before:.1%} of {len(wars)} free histories (the record: "
                               f"none); a first open war from 1 Feb 2026 on in {after:.1%} (the record: 27 Feb 2026).\n")
    return text, {"rows": rows, "runs": len(wars), "war_before_2026_02_01": before, "first_war_from_2026_02_01": after}


def plot(rows: list[dict], path: Path) -> None:
    from sim.outputs.mpl_backend import use_agg_unless_chosen

    use_agg_unless_chosen()
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(rows), figsize=(3 * len(rows), 3))
    for ax, r in zip(axes, rows):
        low, high = r["range_90"]
        if low is not None:
            ax.plot([0, 0], [low, high], lw=8, color="#9ecae1", label="model 90%")
        if r["model"] is not None:
            ax.plot(0, r["model"], "o", color="#08519c", label="model")
        if r["record_value"] is not None:
            ax.plot(0, r["record_value"], "D", color="#d62728" if not r["inside"] else "#2ca02c", label="record")
        ax.set_xticks([])
        ax.set_title(LABELS[r["pattern"]], fontsize=7, wrap=True)
    axes[0].legend(fontsize=6)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--posterior", default=None)
    args = parser.parse_args(argv)
    record, results, start = pattern_runs(args.runs, args.workers, args.posterior)
    text, data = section(record, results, start)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "patterns.json").write_text(json.dumps(data, indent=1, default=float) + "\n")
    plot(data["rows"], OUT / "patterns.png")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
