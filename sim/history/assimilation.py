"""The particle filter over the history (``escalation assimilate``; docs/history.md): window by window, in order.

For each window: every particle runs from where it is to the window's end (:mod:`sim.history.particle_work`);
the ensemble, weighted as it stood at the window's start (conditioned only on the windows before), is the
window's **prequential** forecast, scored like ``escalation score`` (skill against climatology, P(open war));
then, unless the window is held out, each particle's weight is multiplied by its likelihood
(:mod:`sim.history.window_likelihood`), and when the effective sample size falls below ``ess_threshold`` x N
the particles are resampled (systematic), each copy forked with its own key (its future diverges from its
siblings') and its parameters jittered (Liu & West 2001's shrinkage kernel, within the priors' bounds).

Resumable: after each window the whole filter is written to ``progress.pkl`` in the output folder (atomically);
a rerun with the same inputs continues from the last window done and ends as an unbroken run would. Everything
random comes from the root seed: the particles' seeds, and per window one generator for resampling and jitter.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from sim import __version__
from sim.history import particle_filter as pf
from sim.history.assimilation_spec import Assimilation
from sim.history.checkpoints import checkpoint_days, save_checkpoints, settle, stops_between
from sim.history.jitter import jittered
from sim.history.particle_work import advance, start, workers_for
from sim.history.window_likelihood import baselines, log_likelihood
from sim.scoring.climatology import Climatology
from sim.scoring.scorecard import score_episode


class AssimilationStateError(ValueError):
    """An output folder that holds another assimilation's progress (the command exits 2)."""


@dataclass
class FilterState:
    fingerprint: str
    states: list  # each particle's pickled model
    values: list  # each particle's parameters (prior name -> value)
    log_weights: np.ndarray
    forks: list  # the fork key each particle takes at its next advance (None: none)
    changed: list  # whether each particle's parameters must be set at its next advance
    done: int = 0  # windows done
    rows: list = field(default_factory=list)  # the report's row of each window done
    segments: list = field(default_factory=list)  # per window: (first day, levels of each particle) as int8 array
    segment_weights: list = field(default_factory=list)  # per window: the weights after its update
    seconds: float = 0.0
    start_values: list = field(default_factory=list)  # the parameters the particles drew at the start
    at_present: bool = False  # the particles have run on to the present after the last window (checkpoints.py)


def fingerprint(asm: Assimilation) -> str:
    # the settings as run, not only as written: --particles or --root-seed override the file's
    parts = [asm.path.read_bytes(), asm.spec.model_dump_json().encode(), asm.scenario_path.read_bytes(),
             __version__.encode()]
    parts += [w.path.read_bytes() for w in asm.climatology_pool]
    parts += [text.encode() for w in asm.windows for text in sorted(w.sources.values())]
    parts += [asm.tag.encode()] if asm.tag else []
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


def _fresh(asm: Assimilation, run) -> FilterState:
    n = asm.spec.particles
    seeds = np.random.SeedSequence(asm.spec.root_seed).generate_state(n, dtype=np.uint64) % (2**63)
    names = tuple(asm.priors.parameters)
    made = list(run(start, [(int(s), names) for s in seeds]))
    values = [m[1] for m in made]
    return FilterState(fingerprint(asm), [m[0] for m in made], values, np.zeros(n), [None] * n, [False] * n,
                       start_values=list(values))


def _load(out: Path, asm: Assimilation) -> FilterState | None:
    path = out / "progress.pkl"
    if not path.exists():
        return None
    state = pickle.loads(path.read_bytes())
    if state.fingerprint != fingerprint(asm):
        raise AssimilationStateError(f"{out} holds another assimilation's progress (its inputs or the tool changed); "
                                     "choose another --out or remove the folder")
    return state


def _save(out: Path, state: FilterState) -> None:
    tmp = out / "progress.pkl.tmp"
    tmp.write_bytes(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(tmp, out / "progress.pkl")  # a kill leaves the old file or the new one, never half of one


def _window_rng(asm: Assimilation, index: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(asm.spec.root_seed, spawn_key=(1, index)))


def run_assimilation(asm: Assimilation, out: str | Path, workers: int = 1, progress=None,
                     stop_after: int | None = None) -> FilterState:
    """Filter through every window (or resume); ``stop_after`` windows in all, then return (for tests)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    windows = list(asm.windows)
    base = baselines(windows, asm.climatology_pool)
    climatology = Climatology(asm.climatology_pool)
    with workers_for(asm.scenario, windows, workers) as run:
        began = time.perf_counter()
        state = _load(out, asm)
        if state is None:
            state = _fresh(asm, run)
            state.seconds += time.perf_counter() - began
        last = len(windows) if stop_after is None else min(stop_after, len(windows))
        for index in range(state.done, last):
            started = time.perf_counter()
            _step(asm, state, index, run, base, climatology, out)
            state.seconds += time.perf_counter() - started
            state.done = index + 1
            _save(out, state)
            if progress:
                progress(progress_line(state.rows[-1], index, len(windows), time.perf_counter() - started))
        if state.done == len(windows) and not state.at_present:
            _to_present(asm, state, run, out)
    return state


def _to_present(asm: Assimilation, state: FilterState, run, out: Path) -> None:
    """After the last window: every particle on to the present (checkpoints on the way), a stretch of the fan."""
    started = time.perf_counter()
    here = asm.windows[-1].run_days if asm.windows else 0
    levels = settle(asm, state, run, out, here, asm.present_day)
    if levels.size:
        state.segments.append((here, levels))
        state.segment_weights.append(pf.normalised(state.log_weights))
    state.at_present = True
    state.seconds += time.perf_counter() - started
    _save(out, state)


def _step(asm: Assimilation, state: FilterState, index: int, run, base: dict, climatology: Climatology,
          out: Path) -> None:
    window = asm.windows[index]
    here = int(asm.windows[index - 1].run_days) if index else 0
    stops = stops_between(asm, here, window.run_days)
    tasks = [(s, v if c else None, f, index, stops) for s, v, c, f in zip(state.states, state.values, state.changed,
                                                                          state.forks)]
    results = list(run(advance, tasks))
    prior = pf.normalised(state.log_weights)
    save_checkpoints(asm, out, stops, [r[3] for r in results], prior, state.values)  # before the window weighs
    state.states = [r[0] for r in results]
    measures = [r[1] for r in results]
    state.forks, state.changed = [None] * len(results), [False] * len(results)
    scored = score_episode(window, measures, climatology, weights=prior)
    row = {"episode": window.episode.name, "start": str(window.start_date), "days": window.horizon,
           "held_out": not asm.weighs(window), "skill": scored.skill,
           "p_open_war": float(np.sum(prior * [bool((r[2][-window.horizon:] >= 7).any()) for r in results])),
           "ess_before": pf.effective_sample_size(prior), "resampled": False,
           "targets": [t.as_dict() for t in scored.targets]}
    if asm.weighs(window):
        loglik = [log_likelihood(window, m, base[window.episode.name], asm.spec.temperature) for m in measures]
        state.log_weights = pf.update(state.log_weights, loglik)
        row["ess_before"] = pf.effective_sample_size(pf.normalised(state.log_weights))
    weights = pf.normalised(state.log_weights)
    first = int(asm.windows[index - 1].run_days) if index else 0
    state.segments.append((first, np.stack([r[2] for r in results])))
    state.segment_weights.append(weights)
    if asm.weighs(window) and row["ess_before"] < asm.spec.ess_threshold * len(weights):
        _resample(asm, state, index, weights)
        row["resampled"] = True
    row["ess_after"] = pf.effective_sample_size(pf.normalised(state.log_weights))
    state.rows.append(row)
    last_to_present = index + 1 == len(asm.windows) and asm.present_day == window.run_days  # _to_present's
    if window.run_days in checkpoint_days(asm) and not last_to_present:  # saved after the window weighed
        settle(asm, state, run, out, window.run_days, window.run_days)


def _resample(asm: Assimilation, state: FilterState, index: int, weights: np.ndarray) -> None:
    rng = _window_rng(asm, index)
    picked = pf.systematic_resample(weights, rng)
    state.states = [state.states[i] for i in picked]
    parents = [state.values[i] for i in picked]
    state.values = jittered(parents, asm.priors, asm.spec.jitter, rng) if asm.spec.jitter else parents
    state.changed = [asm.spec.jitter > 0] * len(picked)
    state.forks = [(index, k) for k in range(len(picked))]  # copies of one particle diverge by their keys
    state.log_weights = np.zeros(len(picked))


def progress_line(row: dict, index: int, total: int, seconds: float) -> str:
    skill = "-" if row["skill"] is None else f"{row['skill']:.2f}"
    note = " (held out)" if row["held_out"] else (", resampled" if row["resampled"] else "")
    return (f"window {index + 1}/{total} {row['episode']} ({row['start']}, {row['days']} days): prequential skill "
            f"{skill}, P(open war) {row['p_open_war']:.2f}, ESS {row['ess_before']:.0f} -> {row['ess_after']:.0f}"
            f"{note}; {seconds:.0f} s")
