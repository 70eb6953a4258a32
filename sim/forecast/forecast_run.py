"""The forecast's runs: every particle continued K times, under the base and every what-if, on common random numbers.

1. **Equal weights.** The particles (weighted as the filter left them) are resampled to N equally weighted ones by
   systematic resampling (sim/history/particle_filter.py) with a generator of the root seed, so that every run
   counts alike and a probability is a plain share of runs.
2. **Slots.** Particle i (0..N-1 after resampling) is continued K times; its j-th continuation is forked with the
   key (root_seed, i, j) (sim/forecast/continuation.py). A particle drawn twice by the resampling is two slots whose
   keys differ, so its copies diverge.
3. **Common random numbers.** The base and every what-if continue the same slots with the same keys: the runs pair
   by slot, and a what-if's paired effect is not confounded with luck (sim/analysis/compare_stats.py's intervals).
4. **Workers.** Each particle's continuations are one task, a pure function of (its state, its slot, the what-ifs),
   so any number of workers gives the same runs in the same order (tested on 1 and 2).
"""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np

from sim.forecast.continuation import continued
from sim.forecast.forecast_spec import ForecastSpec
from sim.forecast.major_attacks import of_model
from sim.forecast.outcomes import RunOutcome, measure, status_before
from sim.forecast.particle_state import ParticleSet
from sim.forecast.what_if import BASE, WhatIf
from sim.history.particle_filter import systematic_resample

_SETUP: tuple = ()


@dataclass
class ForecastRuns:
    spec: ForecastSpec
    start_day: int
    start_date: object
    picked: np.ndarray  # the particle (row of STATE) each slot particle i continues
    variants: list  # WhatIf: the base first, then each what-if
    outcomes: list  # [variant][i * K + j]: RunOutcome
    keys: list  # [i * K + j]: the fork key (root_seed, i, j), shared by every variant
    seconds: float = 0.0
    attacks: object = None  # the record's major attacks the future's are drawn from (major_attacks.py)

    @property
    def runs(self) -> int:
        return len(self.keys)


def resampled(weights, root_seed: int) -> np.ndarray:
    """N particles of equal weight: systematic resampling with a generator of the root seed."""
    rng = np.random.default_rng(np.random.SeedSequence(root_seed, spawn_key=(0,)))
    return systematic_resample(np.asarray(weights, dtype=float), rng)


def _setup(start_day: int, spec: ForecastSpec, variants: list, attacks=None) -> None:
    global _SETUP
    _SETUP = (start_day, spec, tuple(variants), attacks)


def continue_particle(task: tuple) -> list[list[RunOutcome]]:
    """Slot particle ``i`` (its state) continued K times under each variant: [variant][fork]."""
    state, i = task
    start_day, spec, variants, attacks = _SETUP
    out = []
    for what_if in variants:
        runs = []
        for j in range(spec.replicates):
            model = continued(state, start_day, spec.days, what_if, (spec.root_seed, i, j), attacks)
            before = status_before(model)
            model.run()
            runs.append(measure(model, start_day, before, spec.horizons))
        out.append(runs)
    return out


def _mapped(tasks: list, workers: int, setup: tuple):
    if workers <= 1:
        _setup(*setup)
        return list(map(continue_particle, tasks))
    from sim.batch.start_method import worker_context

    chunk = max(1, len(tasks) // (workers * 8))
    with ProcessPoolExecutor(workers, mp_context=worker_context(), initializer=_setup, initargs=setup) as pool:
        return list(pool.map(continue_particle, tasks, chunksize=chunk))


def run_forecast(particles: ParticleSet, spec: ForecastSpec, what_ifs: list[WhatIf] = (), workers: int = 1) \
        -> ForecastRuns:
    """Every slot under the base and each of ``what_ifs`` (see the module's doc)."""
    began = time.perf_counter()
    picked = resampled(particles.weights, spec.root_seed)
    variants = [BASE, *what_ifs]
    tasks = [(particles.states[p], i) for i, p in enumerate(picked)]
    # the record's last year, as known on the start; None: the cells make the major attacks (continuation.py)
    attacks = of_model(particles.first(), particles.start_date) if spec.major_attacks == "record" else None
    results = _mapped(tasks, workers, (particles.start_day, spec, variants, attacks))
    outcomes = [[run for particle in results for run in particle[v]] for v in range(len(variants))]
    keys = [(spec.root_seed, i, j) for i in range(len(picked)) for j in range(spec.replicates)]
    return ForecastRuns(spec, particles.start_day, particles.start_date, picked, variants, outcomes, keys,
                        time.perf_counter() - began, attacks)
