"""Calibrate the uncertain parameters on several episodes at once: ABC-SMC (pyabc), reproducible, resumable.

A calibration file (``calibration/calibration.yaml``) names the priors (``calibration/priors.yaml``), the
calibration episodes and the held-out ones, the replicates per episode and particle, the population size,
generations, budget of runs, root seed and distance. Each particle (a parameter set) runs every calibration
episode ``replicates`` times. With ``distance: log_score_ratio`` (the default) or ``score_ratio`` its summary
statistics are the targets' proper scores over their climatology's (sim.scoring.score_fit), their logarithms or
themselves summed; with ``targets_missed`` (the
distance of calibration v2) the targets' distances outside their observed intervals (sim.validation.joint_fit),
each counting at most 1. A fixed distance, unlike pyabc's adaptive ones, keeps a resumed calibration identical
to an unbroken one.
The History database (``history.db``) is kept in the output folder and a rerun resumes it; the weighted
last population is written as the posterior file (sim.scenario.posterior_block). A calibration that cannot
write (a full disk: SQLite's "database or disk is full") stops with an ``OutputWriteError`` that says how
many generations the database keeps; the same command, where there is room, goes on from them. Method and
diagnostics: docs/validation.md.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field

from sim import __version__
from sim.batch.start_method import default_workers
from sim.outputs.write_errors import OutputWriteError, is_disk_error, reason, size_text, where
from sim.scenario.errors import read_validated
from sim.scenario.posterior_block import write_posterior_file
from sim.scenario.references import Reference
from sim.scenario.strict import Strict
from sim.scenario.values import dotted_path, has_field
from sim.validation.episode import LoadedEpisode, load_episode
from sim.validation.joint_fit import JointFit, bounded_total
from sim.validation.posterior_summary import effective_sample_size, marginal
from sim.validation.priors import Priors, load_priors

class CalibrationInputError(ValueError):
    """A calibration file that names episodes or fields that do not fit together (the command exits 2)."""


class CalibrationSpec(Strict):
    priors: str = Field(description="priors file (relative to this file)")
    episodes: list[str] = Field(min_length=1, description="calibration episode files (relative to this file)")
    held_out: list[str] = Field(default_factory=list, description="episodes checked on the posterior, never fitted")
    replicates: int = Field(4, ge=1, le=1000, description="seeded runs per episode and particle")
    population_size: int = Field(150, ge=2, le=100_000, description="particles per generation")
    generations: int = Field(6, ge=1, le=100, description="populations after the prior's")
    max_runs: int | None = Field(None, ge=1, description="budget: model runs in all (null: no budget)")
    root_seed: int = Field(0, ge=0, description="seeds every draw and run of the calibration")
    distance: Literal["log_score_ratio", "score_ratio", "targets_missed"] = Field(
        "log_score_ratio", description="log_score_ratio: the logs of each target's proper score over its climatology's, "
                                       "summed; score_ratio: the ratios summed; targets_missed: how far outside its "
                                       "observed interval each target falls (calibration v2)")


@dataclass(frozen=True)
class Calibration:
    spec: CalibrationSpec
    path: Path
    priors: Priors
    episodes: tuple[LoadedEpisode, ...]
    held_out: tuple[LoadedEpisode, ...]

    @property
    def runs_per_particle(self) -> int:
        return len(self.episodes) * self.spec.replicates


def load_calibration(path: str | Path) -> Calibration:
    """Read a calibration file, its priors and episodes; every prior must name a field of every episode."""
    path = Path(path)
    spec, _, positions = read_validated(path, CalibrationSpec, "calibration")
    priors_ref = Reference.at(positions, ("priors",), path, spec.priors, "priors file")
    priors = load_priors(priors_ref.path, priors_ref)

    def named(key: str, names: list[str]) -> tuple[LoadedEpisode, ...]:
        refs = [Reference.at(positions, (key, i), path, name, "episode file") for i, name in enumerate(names)]
        return tuple(load_episode(ref.path, ref) for ref in refs)

    episodes, held_out = named("episodes", spec.episodes), named("held_out", spec.held_out)
    both = {e.path.resolve() for e in episodes} & {e.path.resolve() for e in held_out}
    if both:
        names = sorted(p.name for p in both)
        raise CalibrationInputError(f"{path.name}: an episode cannot be both fitted and held out: {names}")
    for loaded in episodes + held_out:
        data = loaded.scenario.model_dump(mode="json")
        missing = [n for n in priors.parameters if not has_field(data, dotted_path(n))]
        if missing:
            raise CalibrationInputError(f"{path.name}: the scenario of {loaded.path.name} has no field "
                                        f"{', '.join(missing)}")
    return Calibration(spec, path, priors, episodes, held_out)


def calibrate(cal: Calibration, out: str | Path, workers: int = 1, posterior: str | Path | None = None,
              population_size: int | None = None, generations: int | None = None, max_runs: int | None = None,
              on_generation=None) -> dict:
    """Run (or resume) the calibration into ``out``; write the posterior file; return the report."""
    from sim.validation.abc_smc import DifferentRunError, run_abc_smc, weighted_samples

    spec = cal.spec
    out = Path(out)
    population_size = population_size or spec.population_size
    generations = generations or spec.generations
    max_runs = max_runs or spec.max_runs
    first_generation = population_size * cal.runs_per_particle
    if max_runs is not None and max_runs < first_generation:  # pyabc would end with no population at all
        raise CalibrationInputError(f"a budget of {max_runs} runs cannot finish the first generation: it needs at "
                                    f"least {first_generation} ({population_size} particles x "
                                    f"{cal.runs_per_particle} runs each); raise max_runs")
    fit, distance = _fit_and_distance(cal)
    started = time.perf_counter()
    try:
        out.mkdir(parents=True, exist_ok=True)
        history = run_abc_smc(fit, cal.priors.specs(), distance, fit.observed(), population_size=population_size,
                              generations=generations,
                              max_runs=None if max_runs is None else max(1, max_runs // cal.runs_per_particle),
                              root_seed=spec.root_seed, workers=workers, db_path=out / "history.db",
                              on_generation=on_generation,
                              label="" if spec.distance == "targets_missed" else spec.distance)
    except DifferentRunError as exc:
        raise CalibrationInputError(str(exc)) from None
    except Exception as exc:
        if not is_disk_error(exc):
            raise
        raise _stopped(cal, out, exc, "the calibration stopped; {stored}, the generation under way is lost") from None
    seconds = time.perf_counter() - started
    if history.max_t < 0:  # the budget ran out while particles were being rejected
        raise CalibrationInputError(f"the budget of {max_runs} runs ran out before the first generation was "
                                    f"complete; raise max_runs (the runs so far are kept in {out / 'history.db'})")
    frame, weights = weighted_samples(history)
    columns = {name: [cal.priors.parameters[name].prior.as_value(v) for v in frame[name]]
               for name in cal.priors.parameters}
    report = _report(cal, history, columns, weights, seconds, workers, population_size, generations, max_runs)
    posterior = Path(posterior) if posterior else cal.path.parent / "posterior.parquet"
    try:
        write_posterior_file(posterior, columns, [float(w) for w in weights], report)
        (out / "calibration.json").write_text(json.dumps(report, indent=1, default=float) + "\n")
    except OSError as exc:
        raise _stopped(cal, out, exc, "the calibration is done; {stored}, but its posterior file and report "
                       "were not written") from None
    return {**report, "posterior_file": str(posterior)}


def _stopped(cal: Calibration, out: Path, exc: BaseException, kept: str) -> OutputWriteError:
    """What a calibration that could not write says: where, why, and the generations its database keeps."""
    db = out / "history.db"
    try:
        import pyabc

        history = pyabc.History(f"sqlite:///{db.resolve()}", create=False)
        done, evaluations = history.max_t + 1, int(history.total_nr_simulations or 0)
    except Exception:  # no database yet, or none that can be read
        return OutputWriteError(where(exc, out), reason(exc), "nothing was stored")
    stored = (f"{done} generation{'' if done == 1 else 's'} ({evaluations * cal.runs_per_particle} model runs) "
              f"{'is' if done == 1 else 'are'} stored and kept in {db} ({size_text(db.stat().st_size)})")
    return OutputWriteError(where(exc, out), reason(exc), kept.format(stored=stored), folder=out)


METHODS = {"log_score_ratio": "ABC-SMC (pyabc), score distance: sum over targets of log(CRPS (Brier) / climatology's)",
           "score_ratio": "ABC-SMC (pyabc), score distance: sum over targets of CRPS (Brier) / climatology's",
           "targets_missed": "ABC-SMC (pyabc), bounded distance: sum over targets of d / (1 + d)"}


def _fit_and_distance(cal: Calibration):
    if cal.spec.distance == "targets_missed":
        return JointFit(cal.episodes, cal.spec.replicates, cal.priors.as_values), bounded_total
    from sim.scoring.climatology import NoBaseline
    from sim.scoring.score_fit import log_ratio_total, ratio_total, score_fit

    distance = log_ratio_total if cal.spec.distance == "log_score_ratio" else ratio_total
    try:
        return score_fit(cal.episodes, cal.held_out, cal.spec.replicates, cal.priors.as_values), distance
    except NoBaseline as exc:
        raise CalibrationInputError(f"{cal.path.name}: {exc}") from None


def _history_seconds(history) -> float | None:
    """From the run's start to the end of its last stored generation, over every session that resumed it."""
    start = history.get_abc().start_time
    ends = history.get_all_populations()["population_end_time"]
    return None if start is None or ends.empty else float((ends.max() - start).total_seconds())


def _report(cal, history, columns, weights, seconds, workers, population_size, generations, max_runs) -> dict:
    from sim.validation.abc_smc import generation_table

    table = generation_table(history)
    evaluations = int(history.total_nr_simulations)  # the prior sample pyabc starts from included
    params = {}
    for name, entry in cal.priors.parameters.items():
        low, high = entry.prior.bounds
        integers = entry.prior.kind == "integers"
        params[name] = {**marginal(columns[name], weights, low, high, integers), "kind": entry.prior.kind,
                        "source": entry.source, "means": entry.means}
    return {"method": METHODS[cal.spec.distance], "distance": cal.spec.distance, "tool_version": __version__,
            "calibration_file": cal.path.name, "episodes": [e.path.name for e in cal.episodes],
            "held_out": [e.path.name for e in cal.held_out], "replicates": cal.spec.replicates,
            "population_size": population_size, "generations_asked": generations, "max_runs": max_runs,
            "root_seed": cal.spec.root_seed, "workers": workers, "generations": table,
            "evaluations": evaluations, "runs": evaluations * cal.runs_per_particle,
            "wall_seconds": round(_history_seconds(history) or seconds, 1), "session_seconds": round(seconds, 1),
            "ess": round(effective_sample_size(weights), 1),
            "priors": {n: {"prior": e.prior.model_dump(exclude_none=True), "source": e.source}
                       for n, e in cal.priors.parameters.items()},
            "params": params}


def generation_line(info: dict) -> str:
    return (f"generation {info['t']}: epsilon {info['epsilon']:.4g}, acceptance {info['acceptance_rate']:.1%}, "
            f"ESS {info['ess']:.0f}, {info['evaluations']} particles tried ({info['total_evaluations']} in all)")


def format_report(report: dict) -> str:
    lines = [f"calibration on {', '.join(report['episodes'])} (held out: {', '.join(report['held_out']) or 'none'}): "
             f"{report['method']}", f"{len(report['generations'])} generations, {report['evaluations']} particles, "
             f"{report['runs']} runs in {report['wall_seconds']} s on {report['workers']} worker(s); "
             f"final ESS {report['ess']}", "",
             f"{'parameter':46} {'prior':>14} {'median':>8} {'90% interval':>18}  note"]
    for name, p in report["params"].items():
        prior = f"[{p['prior'][0]:g}, {p['prior'][1]:g}]"
        note = f"mass piled at the {p['piled_on_edge']} edge" if p["piled_on_edge"] else ""
        lines.append(f"{name:46} {prior:>14} {p['median']:8.3g} {f'[{p['q05']:.3g}, {p['q95']:.3g}]':>18}  {note}")
    return "\n".join(lines)


def calibrate_command(args) -> int:
    cal = load_calibration(args.calibration)
    out = Path(args.out) if args.out else Path("out") / "calibration"
    workers = args.workers or default_workers()
    show = None if args.json else (lambda info: print(generation_line(info), flush=True))
    report = calibrate(cal, out, workers, args.posterior, args.population_size, args.generations, args.max_runs,
                       on_generation=show)
    print(json.dumps(report, indent=1, default=float) if args.json else format_report(report))
    if not args.json:
        print(f"\nwrote {report['posterior_file']}, {out / 'calibration.json'} and {out / 'history.db'}")
    return 0
