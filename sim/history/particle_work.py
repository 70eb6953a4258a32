"""What a worker does for the filter: make particles, and advance one to a window's end and measure it there.

A particle travels as a pickled model (its world, agents, generators). Each task is a pure function of its
inputs (the particle, the parameters it takes, the fork key it takes, the window), so the filter gives the same
result on any number of workers. Between windows a particle forgets the acts and days already measured
(``EscalationModel.forget_before``): only its state goes on.
"""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

import numpy as np

from sim.model import EscalationModel
from sim.validation.joint_fit import measure_model

_SCENARIO = None
_WINDOWS: tuple = ()


def init_worker(scenario, windows) -> None:
    global _SCENARIO, _WINDOWS
    _SCENARIO, _WINDOWS = scenario, tuple(windows)


def start(task: tuple[int, tuple[str, ...]]) -> tuple[bytes, dict]:
    """A new particle: the scenario's run for ``seed`` (its parameters drawn from the posterior by that seed),
    before its first day; and the values it drew of ``names``."""
    seed, names = task
    model = EscalationModel(_SCENARIO, rng=seed)
    data = model.config.model_dump(mode="json", include={n.split(".", 1)[0] for n in names})
    model.config = _light(model.config)
    return pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL), {n: _at(data, n) for n in names}


def _light(config):
    """The run's scenario without what a particle never reads again after its first day: the posterior it drew
    from and the record's events (already in the run's script), so that particles travel light."""
    forcing = config.forcing.model_copy(update={"events": []}) if config.forcing else None
    return config.model_copy(update={"posterior": None, "forcing": forcing})


def _at(data: dict, name: str):
    for part in name.split("."):
        data = data[part]
    return data


def _restored(state: bytes, values, fork):
    model = pickle.loads(state)
    if values:
        model.set_parameters(values)
    if fork is not None:
        model.fork(fork)
    return model


def _run_until(model, day: int) -> None:
    """Run the days before ``day`` not yet run (none if the model is there already)."""
    if day > model.day + 1:
        model.horizon, model.running = day, True
        model.run()


def _run_through(model, end: int, stops=()) -> list[bytes]:
    """Run to ``end`` (the next day to run), pickling the model at each of ``stops`` (checkpoints) on the way."""
    saved = []
    for day in stops:
        _run_until(model, day)
        saved.append(pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL))
    _run_until(model, end)
    return saved


def _levels_from(model, first: int) -> np.ndarray:
    series = model.datacollector.model_vars
    return np.array([lv for d, lv in zip(series["day"], series["level_max"]) if d >= first], dtype=np.int8)


def _travel_light(model, day: int) -> bytes:
    model.forget_before(day)
    model.script = {d: events for d, events in model.script.items() if d >= day}
    return pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)


def advance(task: tuple) -> tuple[bytes, dict, np.ndarray, list[bytes]]:
    """Run a particle to the end of window ``index`` (with new ``values`` and a ``fork`` key, if given): its new
    state, its measures of the window's targets, its highest level on each day it ran, and its state at each of
    ``stops`` (checkpoint days inside the window, optional)."""
    state, values, fork, index, *more = task
    window = _WINDOWS[index]
    model = _restored(state, values, fork)
    first = model.day + 1
    saved = _run_through(model, window.run_days, more[0] if more else ())
    measures = measure_model(window, model)
    ran = _levels_from(model, first)
    return _travel_light(model, window.run_days), measures, ran, saved


def advance_to(task: tuple) -> tuple[bytes, np.ndarray, list[bytes]]:
    """Run a particle to day ``end`` outside any window (to the present, or zero days to take a pending fork and
    new values): its new state, its highest level on each day it ran, and its state at each of ``stops``."""
    state, values, fork, end, stops = task
    model = _restored(state, values, fork)
    first = model.day + 1
    saved = _run_through(model, end, stops)
    return _travel_light(model, end), _levels_from(model, first), saved


@contextmanager
def workers_for(scenario, windows, workers: int):
    """A ``map`` over tasks: in this process for one worker, else a process pool started safely."""
    if workers <= 1:
        init_worker(scenario, windows)
        yield map
        return
    from sim.batch.start_method import worker_context

    with ProcessPoolExecutor(workers, mp_context=worker_context(), initializer=init_worker,
                             initargs=(scenario, windows)) as pool:
        yield lambda fn, tasks: pool.map(fn, tasks, chunksize=8)
