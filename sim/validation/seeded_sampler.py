"""A pyabc sampler whose posterior is a function of a root seed, whatever the number of worker processes.

pyabc's own parallel samplers reseed every worker from the operating system (``np.random.seed()``), and
which worker makes which evaluation depends on timing, so two runs of the same calibration give different
posteriors. Here evaluation ``i`` of generation ``t`` first seeds numpy's global generator, from which
pyabc's priors and transitions draw (scipy's distributions default to it) and through which a model can
draw its own run seeds, from ``SeedSequence(root_seed, spawn_key=(t + 1, i))``: ``t + 1`` because pyabc's
calibration sample from the prior is generation -1 and spawn keys must not be negative. Evaluations are
made in batches of consecutive indices, in this process or in a pool of worker processes, and a generation keeps the
first ``n`` accepted particles in index order, counting as evaluated only the indices up to the n-th
acceptance (later ones in the last batch were speculative and are dropped, rejected particles included).
Particle ``i`` thus depends only on ``(root_seed, t, i)`` and on the state pyabc hands over at the start of
the generation, never on timing or on the number of workers.

A pool of worker processes serves a whole run (started at its first generation, ended by pyabc's ``stop``),
its workers started from the project's fork server (``sim/batch/start_method.py``: never forked from this
process, which runs threads); each imports pyabc and the model once. Every generation's ``simulate_one``
(pyabc's transitions, fitted in this process, and the model) travels with that generation's batches of
indices, pickled with cloudpickle as pyabc's own distributed samplers send it (once per batch sent, not per
index), and a worker unpickles it at the first index of a new generation. One thing must not be copied:
numpy's global generator. A scipy distribution holds a reference to it, and pickled plainly it would carry
a copy of its own, out of reach of the per-evaluation seeding; here it is pickled as a reference to the
receiving worker's global generator, which ``seed_evaluation`` seeds.

The coordinator, the process running pyabc, is seeded from ``SeedSequence(root_seed)`` when pyabc starts
a run (``set_analysis_id``), so that anything pyabc draws there is reproducible too, and the caller's global
state is put back when the run stops. Evaluations in this process save and restore the coordinator's state.
"""

from __future__ import annotations

import io
import itertools
import math
import signal
from collections.abc import Callable

import cloudpickle
import numpy as np
from pyabc.population import Particle
from pyabc.sampler import Sampler

from sim.batch.start_method import worker_context

MAX_BATCH_PER_WORKER = 64  # bounds the speculative evaluations thrown away at the end of a generation

_worker_simulate: Callable[[], Particle] | None = None
_worker_generation = None  # which generation's simulate_one the worker holds
_worker_root_seed = 0


def seed_evaluation(root_seed: int, t: int, i: int) -> None:
    """Seed numpy's global generator for evaluation ``i`` of generation ``t`` (-1: pyabc's prior sample)."""
    np.random.seed(np.random.SeedSequence(root_seed, spawn_key=(t + 1, i)).generate_state(8))


def numpy_global_generator() -> np.random.RandomState:
    """numpy's global generator in the process that calls it (what ``np.random.seed`` seeds)."""
    return np.random.mtrand._rand


class _Pickler(cloudpickle.Pickler):
    """cloudpickle, with numpy's global generator sent as a reference to the receiver's own."""

    def reducer_override(self, obj):
        if obj is np.random.mtrand._rand:
            return numpy_global_generator, ()
        return super().reducer_override(obj)


def dumps(obj) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer).dump(obj)
    return buffer.getvalue()


def _init_worker(root_seed: int) -> None:
    global _worker_root_seed
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the coordinator's to handle: it ends the pool
    _worker_root_seed = root_seed


def _evaluate_in_worker(task: tuple) -> Particle:
    global _worker_simulate, _worker_generation
    generation, simulate_one, t, i = task
    if generation != _worker_generation:
        _worker_simulate, _worker_generation = cloudpickle.loads(simulate_one), generation
    seed_evaluation(_worker_root_seed, t, i)
    return _worker_simulate()


class SeededSampler(Sampler):
    """Reproducible sampler: same ``root_seed``, same populations, for any ``workers``.

    With ``hard_budget`` a generation never evaluates past pyabc's ``max_total_nr_simulations`` (read from
    ``ana_vars``): one that cannot reach ``n`` acceptances within it is abandoned (``sample.ok = False``),
    and pyabc then stops without storing it. pyabc's calibration sample from the prior is always completed.
    Evaluations are counted in index order; with ``workers`` > 1 a generation may also run up to one batch
    of speculative evaluations past its n-th acceptance (at most ``MAX_BATCH_PER_WORKER`` per worker), which
    are neither counted nor kept.
    """

    def __init__(self, root_seed: int, workers: int = 1, *, hard_budget: bool = True):
        super().__init__()
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self.root_seed = int(root_seed)
        self.workers = int(workers)
        self.hard_budget = hard_budget
        self._caller_state: dict | None = None
        self._pool = None  # the run's worker processes, once started
        self._generations = itertools.count()  # tells the workers a new simulate_one apart

    def set_analysis_id(self, analysis_id: str) -> None:
        # pyabc calls this once at the start of every run(), before fitting or calibrating anything
        super().set_analysis_id(analysis_id)
        if self._caller_state is None:
            self._caller_state = np.random.get_state(legacy=False)
        np.random.seed(np.random.SeedSequence(self.root_seed).generate_state(8))

    def stop(self) -> None:
        # pyabc calls this when a run ends, however it ends
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
        if self._caller_state is not None:
            np.random.set_state(self._caller_state)
            self._caller_state = None

    def sample_until_n_accepted(self, n, simulate_one, t, *, max_eval=np.inf, all_accepted=False, ana_vars=None):
        limit = self._limit(max_eval, all_accepted, ana_vars)
        sample = self._create_empty_sample()
        accepted = evaluated = 0
        coordinator_state = np.random.get_state(legacy=False)  # evaluations made here must not move it
        sent = (next(self._generations), dumps(simulate_one)) if self.workers > 1 else None
        try:
            while accepted < n and evaluated < limit:
                size = self._batch_size(n - accepted, accepted, evaluated, all_accepted)
                indices = range(evaluated, int(min(evaluated + size, limit)))
                for particle in self._evaluate(sent, simulate_one, t, indices):
                    sample.append(particle)
                    evaluated += 1
                    accepted += bool(particle.accepted)
                    if accepted == n:
                        break
        finally:
            np.random.set_state(coordinator_state)
        self.nr_evaluations_ = evaluated
        if accepted < n:
            sample.ok = False
        return sample

    def _limit(self, max_eval, all_accepted: bool, ana_vars) -> float:
        limit = max_eval
        budget = getattr(ana_vars, "max_total_nr_simulations", np.inf)
        if self.hard_budget and not all_accepted and budget is not None and np.isfinite(budget):
            limit = min(limit, budget - (ana_vars.prev_total_nr_simulations or 0))
        return max(limit, 0)

    def _batch_size(self, needed: int, accepted: int, evaluated: int, all_accepted: bool) -> int:
        if self.workers == 1:
            return 1  # in this process nothing is gained by running ahead of the n-th acceptance
        if all_accepted:
            return needed
        rate = (accepted + 1) / (evaluated + 1)  # optimistic while little is known, so early batches stay small
        wanted = math.ceil(1.2 * needed / rate)
        return max(self.workers, min(wanted, self.workers * MAX_BATCH_PER_WORKER))

    def workers_pool(self):
        """The run's pool of worker processes, started at its first use."""
        if self._pool is None:
            context = worker_context("pyabc", __name__)
            self._pool = context.Pool(self.workers, initializer=_init_worker, initargs=(self.root_seed,))
        return self._pool

    def _evaluate(self, sent, simulate_one: Callable[[], Particle], t: int, indices: range) -> list[Particle]:
        if sent is not None:
            generation, blob = sent
            chunk = max(1, len(indices) // (4 * self.workers))
            return self.workers_pool().map(_evaluate_in_worker, [(generation, blob, t, i) for i in indices],
                                           chunksize=chunk)
        out = []
        for i in indices:
            seed_evaluation(self.root_seed, t, i)
            out.append(simulate_one())
        return out
