"""Backtests: forecasts from the filtered past, scored against what happened and against climatology.

For each start date D of a backtest file (sim/forecast/backtest_spec.py): the filter is run again from 2021 to D on
the world as known on D (sim/forecast/record_as_of.py; its progress kept in ``filters/D/``, so a killed backtest
resumes), its particles are continued as a forecast from the present is (sim/forecast/forecast_run.py), and at every
horizon each true/false target's probability is scored against what the record shows happened
(sim/forecast/backtest_outcomes.py) by the scoring module's rules: the Brier score, and the log score with the
probability floored at 1/(2N) for N runs (sim/scoring/ensemble_scores.py); climatology is scored alike.

Skill, per target and horizon, is the Brier skill score 1 - (mean Brier of the model) / (mean Brier of climatology)
over the forecasts (above 0: better than the record's base rate). Overall: the same over every forecast, target and
horizon pooled (``overall_skill``), and, as the scorecard summarises episodes, 1 - the geometric mean of the
per-target ratios, each held within [1/100, 100] (``overall_skill_geometric``; sim/scoring/scorecard.py). The pooled
one is the one to read: a target that never happened and was never forecast scores a ratio of 1/100 in the
geometric mean, and a handful of those make any model look skilful.
"""

from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np

from sim.analysis.stats import wilson_interval
from sim.forecast.backtest_outcomes import SCORED, climatology, observations, observed
from sim.forecast.backtest_spec import Backtests
from sim.forecast.forecast_run import ForecastRuns, run_forecast
from sim.forecast.forecast_spec import ForecastSpec
from sim.forecast.particle_state import ParticleSet
from sim.forecast.record_as_of import assimilation_as_of
from sim.history import particle_filter as pf
from sim.history.assimilation import run_assimilation
from sim.scoring import ensemble_scores as es
from sim.scoring.scorecard import RATIO_BOUND


def replayed(backtests: Backtests, start, folder: Path, workers: int) -> tuple[ParticleSet, list[str]]:
    """The particles filtered to ``start`` on what was known then, and the windows that weighed them."""
    asm = assimilation_as_of(backtests.assimilation, start, backtests.spec.particles)
    state = run_assimilation(asm, folder / "filters" / start.isoformat(), workers)
    particles = ParticleSet(folder, state.states, pf.normalised(state.log_weights), state.values, asm.present_day, start)
    return particles, [w.episode.name for w in asm.windows]


def forecast_from(backtests: Backtests, start, days: int, folder: Path, workers: int) -> tuple[ForecastRuns, list]:
    particles, windows = replayed(backtests, start, folder, workers)
    spec = ForecastSpec(days=days, replicates=backtests.spec.replicates, root_seed=backtests.spec.root_seed,
                        major_attacks=backtests.spec.major_attacks)
    return run_forecast(particles, spec, [], workers), windows


def scored(runs: ForecastRuns, rows: list, history_start) -> list[dict]:
    """Every horizon and target of one forecast: its probability, climatology's, what happened, and their scores."""
    out, n = [], runs.runs
    for h in runs.spec.horizons:
        for target in SCORED:
            k = sum(o.happened(target, h) for o in runs.outcomes[0])
            p = k / n
            clim, blocks, events = climatology(rows, target, runs.start_date, h, history_start)
            y = observed(rows, target, runs.start_date, h)
            out.append({"start": str(runs.start_date), "days": h, "target": target, "p": p,
                        "interval": [float(v) for v in wilson_interval(k, n)], "climatology": clim, "blocks": blocks,
                        "blocks_with": events, "observed": y, "brier": es.brier(p, y), "brier_climatology":
                        es.brier(clim, y), "log": es.log_score(p, y, n),
                        "log_climatology": es.log_score(clim, y, blocks + 2)})  # Laplace: never 0 or 1, no floor
    return out


def skill(rows: list[dict]) -> tuple[list[dict], float | None, float | None]:
    """Per target and horizon, the mean scores over the forecasts and the Brier skill; the overall skill, pooled and
    geometric (see the module's doc)."""
    table, ratios = [], []
    for target in SCORED:
        for h in sorted({r["days"] for r in rows}):
            these = [r for r in rows if r["target"] == target and r["days"] == h]
            if not these:
                continue
            model, base = float(np.mean([r["brier"] for r in these])), float(np.mean([r["brier_climatology"]
                                                                                    for r in these]))
            ratio = (1.0 if model <= 1e-12 else math.inf) if base <= 1e-12 else model / base
            ratios.append(min(max(ratio, 1.0 / RATIO_BOUND), RATIO_BOUND))
            table.append({"target": target, "days": h, "forecasts": len(these),
                          "observed": sum(r["observed"] for r in these), "brier": model, "brier_climatology": base,
                          "skill": 1.0 - ratio, "log": float(np.mean([r["log"] for r in these])),
                          "log_climatology": float(np.mean([r["log_climatology"] for r in these])),
                          "mean_p": float(np.mean([r["p"] for r in these])),
                          "mean_climatology": float(np.mean([r["climatology"] for r in these]))})
    geometric = 1.0 - math.exp(float(np.mean(np.log(ratios)))) if ratios else None
    base = sum(r["brier_climatology"] for r in rows)
    pooled = 1.0 - sum(r["brier"] for r in rows) / base if base > 0 else None
    return table, pooled, geometric


def run_backtests(backtests: Backtests, out: Path, workers: int = 1, progress=None) -> dict:
    """Every forecast of ``backtests``, scored: the report ``escalation backtest`` writes and prints."""
    rows, forecasts, began = [], [], time.perf_counter()
    record = observations(backtests.assimilation.scenario.forcing.record)
    history_start = backtests.assimilation.scenario.start_date
    for k, (start, days) in enumerate(backtests.forecasts):
        started = time.perf_counter()
        runs, windows = forecast_from(backtests, start, days, out, workers)
        these = scored(runs, record, history_start)
        rows += these
        forecasts.append({"start": str(start), "days": days, "windows": windows, "runs": runs.runs,
                          "seconds": round(time.perf_counter() - started, 1)})
        if progress:
            war = next(r for r in these if r["target"] == "open_war" and r["days"] == runs.spec.horizons[-1])
            progress(f"backtest {k + 1}/{len(backtests.forecasts)} from {start} ({days} days): windows weighed "
                     f"{len(windows)}; P(open war in {war['days']} days) {war['p']:.2f} (climatology {war['climatology']:.2f}), "
                     f"observed {'yes' if war['observed'] else 'no'}; {time.perf_counter() - started:.0f} s")
    table, overall, geometric = skill(rows)
    return {"file": str(backtests.path), "particles": backtests.spec.particles,
            "major_attacks": backtests.spec.major_attacks,
            "replicates": backtests.spec.replicates, "root_seed": backtests.spec.root_seed,
            "forecasts": forecasts, "scores": rows, "skill": table, "overall_skill": overall,
            "overall_skill_geometric": geometric,
            "seconds": round(time.perf_counter() - began, 1), "out": str(out)}
