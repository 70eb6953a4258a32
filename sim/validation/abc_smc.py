"""A small, reproducible ABC-SMC engine on pyabc: priors as plain data, a model and a distance as callables.

It knows nothing of episodes or scenarios. ``run_abc_smc`` builds a pyabc ``ABCSMC`` whose threshold is a
quantile of the last generation's weighted distances (the median by default, as in pyabc; the distance is a
fixed function, never adapted) and whose sampler is a ``SeededSampler``, so the posterior is a function of
``root_seed`` whatever the worker count. Proposals: a multivariate normal kernel for the continuous
parameters and, for each integer parameter, pyabc's ``DiscreteJumpTransition`` over its whole range (stay
with probability 0.7, else jump to any other value, so that the proposal covers the prior), joined by an
``AggregatedTransition``; a normal kernel would propose non-integers, which the integer prior gives
probability 0. The jump kernel enumerates the range: keep integer ranges to a few thousand values.

Resume: the run lives in the SQLite History at ``db_path``; with ``resume`` an existing run is loaded
(``ABCSMC.load``) and continued from its last finished generation, up to ``generations`` in all. This gives
the same populations as an uninterrupted run because everything pyabc carries from one generation to the
next is rebuilt from the database on loading: the transitions are refitted from the stored population
(pyabc refits from the database in an uninterrupted run too), the quantile epsilon is recomputed from the
stored distances, and every evaluation is seeded by (root seed, generation, index). That holds as long as
pyabc's own steps between generations draw no random numbers, which is the case for this configuration
(constant population size, a fixed distance, a quantile epsilon, these kernels); an adaptive population
size, for instance, would break it. Evaluations of a generation that was under way when the process died
are lost, and redone identically. A run whose last epsilon is 0 (where pyabc stops) or whose total reached
``max_runs`` counts as finished.

``max_runs`` caps the total number of model runs, pyabc's calibration sample from the prior (one
population) included: a generation that cannot be completed within it is abandoned and not stored, and
nothing records that it was tried, so resuming with the same ``max_runs`` tries it again, and abandons it again.
With workers > 1 the speculative runs a pool makes past a generation's last acceptance come on top (see
``SeededSampler``); with one worker the model is called exactly as often as counted.
"""

from __future__ import annotations

import ast
import json
import logging
import math
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd
import pyabc
import pyabc.storage.history as pyabc_history

from sim.validation.posterior_summary import effective_sample_size
from sim.validation.seeded_sampler import SeededSampler

PYABC_LOGGERS = ("ABC", "ABC.Sampler", "ABC.Epsilon", "ABC.Distance", "ABC.Data_plot", "ABC.Adaptation",
                 "ABC.History", "ABC.Population", "ABC.Transition", "ABC.Acceptor", "ABC.Predictor", "ABC.Sumstat",
                 "ABC.Util")
META_KEY = "sim_abc_smc"


class DifferentRunError(ValueError):
    """A History database that holds another calibration (other priors, seed, observations or distance)."""


def quiet_pyabc(level: int = logging.WARNING) -> None:
    """pyabc logs every generation at INFO; progress is the caller's business (``on_generation``)."""
    for name in PYABC_LOGGERS:
        logging.getLogger(name).setLevel(level)


quiet_pyabc()


def _rv(name: str, spec: tuple) -> pyabc.RV:
    kind, *args = spec
    expected = {"uniform": 2, "integers": 2, "normal": 2, "lognormal": 2, "beta": 2}
    if kind not in expected or len(args) != expected[kind]:
        raise ValueError(f"prior of {name}: {spec!r} is not one of (uniform|integers, low, high), "
                         "(normal|lognormal, mean, sd) or (beta, a, b)")
    a, b = args
    if kind in ("uniform", "integers") and not a < b:
        raise ValueError(f"prior of {name}: low {a} must be below high {b}")
    if kind in ("normal", "lognormal", "beta") and not (b > 0 and (kind != "beta" or a > 0)):
        raise ValueError(f"prior of {name}: {spec!r} needs positive scale parameters")
    if kind == "uniform":
        return pyabc.RV("uniform", a, b - a)
    if kind == "integers":  # inclusive on both ends, like the project's sweep axes
        return pyabc.RV("randint", int(a), int(b) + 1)
    if kind == "normal":  # truncated at 4 standard deviations, the bounds the project's Prior gives it
        return pyabc.RV("truncnorm", -4, 4, a, b)
    if kind == "lognormal":  # log of the parameter ~ Normal(mean, sd)
        return pyabc.RV("lognorm", b, 0, math.exp(a))
    return pyabc.RV("beta", a, b)


def build_prior(priors: dict[str, tuple]) -> pyabc.Distribution:
    return pyabc.Distribution(**{name: _rv(name, spec) for name, spec in priors.items()})


def _integer_names(priors: dict[str, tuple]) -> list[str]:
    return [name for name, spec in priors.items() if spec[0] == "integers"]


def beaumont_bandwidth(effective_sample_size: float, dimension: int) -> float:
    """Kernel covariance = twice the population's weighted covariance (Beaumont et al. 2009, 2.2).

    pyabc's default (Silverman's rule) shrinks the kernel with the dimension: with 14 parameters and 150-250
    particles it is under half the population's covariance, the proposal density then varies by orders of
    magnitude across the population, and the importance weights collapse (effective sample sizes of 4-27
    measured in the first calibrations, docs/validation.md)."""
    return math.sqrt(2.0)


def _normal_kernel() -> pyabc.MultivariateNormalTransition:
    return pyabc.MultivariateNormalTransition(bandwidth_selector=beaumont_bandwidth)


def build_transition(priors: dict[str, tuple]) -> pyabc.transition.Transition:
    integers = _integer_names(priors)
    if not integers:
        return _normal_kernel()
    mapping: dict = {name: pyabc.DiscreteJumpTransition(domain=np.arange(priors[name][1], priors[name][2] + 1))
                     for name in integers}
    continuous = tuple(name for name in priors if name not in integers)
    if continuous:
        mapping[continuous] = _normal_kernel()
    return pyabc.AggregatedTransition(mapping=mapping)


class _ReportingABCSMC(pyabc.ABCSMC):
    on_generation: Callable[[dict], None] | None = None

    def run_generation(self, t: int) -> dict:
        ret = super().run_generation(t)
        if ret["successful"] and self.on_generation is not None:
            self.on_generation(_generation_row(self.history, t) | {"total_evaluations":
                                                                   int(self.history.total_nr_simulations)})
        return ret


def _simulator(model: Callable[[dict], dict], integers: list[str]) -> Callable:
    # the model sees plain ints and floats, not numpy scalars nor the floats pyabc's database gives back
    def simulate(par) -> dict:
        return model({k: int(round(v)) if k in integers else float(v) for k, v in par.items()})
    return simulate


def _fingerprint(priors: dict[str, tuple], observed: dict, population_size: int, root_seed: int) -> dict:
    return {"root_seed": int(root_seed), "population_size": int(population_size),
            "priors": {k: list(v) for k, v in priors.items()},
            "observed": json.dumps(observed, sort_keys=True, default=repr)}


def _stored_fingerprint(history: pyabc.History) -> dict | None:
    try:
        options = ast.literal_eval(history.get_abc().json_parameters)
        return json.loads(options[META_KEY])
    except (ValueError, SyntaxError, TypeError, KeyError):
        return None


@contextmanager
def _without_git():
    # pyabc records the git commit of the working directory when GitPython is installed: not its business
    saved = pyabc_history.git_hash
    pyabc_history.git_hash = lambda: "not recorded"
    try:
        yield
    finally:
        pyabc_history.git_hash = saved


def _generations_left(history: pyabc.History, generations: int, max_runs: int | None) -> int:
    done = history.max_t + 1
    if done > 0 and _generation_row(history, done - 1)["epsilon"] <= 0:
        return 0  # pyabc stops at epsilon 0; a resumed run must not add generations an unbroken one would not
    if max_runs is not None and (history.total_nr_simulations or 0) >= max_runs:
        return 0
    return generations - done


def run_abc_smc(model: Callable[[dict], dict], priors: dict[str, tuple], distance: Callable[[dict, dict], float],
                observed: dict, *, population_size: int, generations: int, max_runs: int | None, root_seed: int,
                workers: int, db_path: Path, on_generation: Callable[[dict], None] | None = None,
                resume: bool = True, epsilon_quantile: float = 0.5, label: str = "") -> pyabc.History:
    """Run (or continue) ABC-SMC up to ``generations`` generations in all; returns pyabc's History.

    Each generation's threshold is the ``epsilon_quantile`` of the previous one's weighted distances (0.5:
    pyabc's median). With a distance taking few values the median can stall above 0 for good (when fewer than
    half of the particles within epsilon 1 match exactly, the median stays 1); a lower quantile gets past it.
    ``label`` names the distance in the database's fingerprint, so that a run is never resumed with another.
    After each stored generation ``on_generation`` gets a dict: t, epsilon, acceptance_rate (accepted /
    evaluated in it), ess (of its normalised weights), evaluations (its model runs) and total_evaluations
    (all so far, the prior calibration sample of ``population_size`` runs included).
    """
    def distance_to_observed(x: dict, x0: dict) -> float:
        return float(distance(x, x0))

    abc = _ReportingABCSMC(_simulator(model, _integer_names(priors)), build_prior(priors), distance_to_observed,
                           population_size=population_size, transitions=build_transition(priors),
                           eps=pyabc.QuantileEpsilon(alpha=epsilon_quantile), sampler=SeededSampler(root_seed, workers))
    abc.on_generation = on_generation
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db = f"sqlite:///{db_path.resolve()}"
    fingerprint = _fingerprint(priors, observed, population_size, root_seed) | {"epsilon_quantile": epsilon_quantile}
    if label:
        fingerprint["distance"] = label
    run_id = pyabc.History(db, create=False).id if resume and db_path.exists() else None
    if run_id is not None:
        history = abc.load(db, run_id, observed_sum_stat=observed)
        stored = _stored_fingerprint(history)
        if stored != fingerprint:
            raise DifferentRunError(f"{db_path} holds a different calibration (its priors, seed, episodes or distance "
                                    "differ); choose another --out or delete it")
    else:
        with _without_git():
            history = abc.new(db, observed, meta_info={META_KEY: json.dumps(fingerprint)})
    left = _generations_left(history, generations, max_runs)
    if left > 0:
        abc.run(max_nr_populations=left, max_total_nr_simulations=np.inf if max_runs is None else max_runs)
    return history


def weighted_samples(history: pyabc.History, t: int | None = None) -> tuple[pd.DataFrame, np.ndarray]:
    """Parameters (a row per particle, integer parameters as ints) and normalised weights of generation t
    (default: the last)."""
    frame, weights = history.get_distribution(m=0, t=t)
    frame = frame.reset_index(drop=True)
    frame.columns.name = None
    stored = _stored_fingerprint(history) or {"priors": {}}
    for name in _integer_names(stored["priors"]):
        frame[name] = frame[name].round().astype(int)
    return frame, np.asarray(weights, dtype=float)


def _generation_row(history: pyabc.History, t: int) -> dict:
    populations = history.get_all_populations().set_index("t")
    evaluations = int(populations.loc[t, "samples"])
    particles = int(populations.loc[t, "particles"])
    return {"t": int(t), "epsilon": float(populations.loc[t, "epsilon"]), "evaluations": evaluations,
            "acceptance_rate": particles / evaluations if evaluations else math.nan,
            "ess": effective_sample_size(history.get_distribution(m=0, t=t)[1])}


def generation_table(history: pyabc.History) -> list[dict]:
    """One row per finished generation: t, epsilon, evaluations, acceptance_rate, ess (the prior calibration
    sample, generation -1 in pyabc's database, is not a row)."""
    return [_generation_row(history, t) for t in range(history.max_t + 1)]
