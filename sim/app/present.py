"""The classroom page from the present: ``escalation app --from STATE`` (docs/classroom.md, docs/forecast.md).

The page opens on a particle of an assimilation's state (its final particles, or a checkpoint) instead of a fresh
run: today's date, the crossings as that particle has them, both sides' postures, grievances and the TTP's cells, so
a class plays forward from now. The seed dial chooses the particle (drawn by its weight) and its fork: another seed,
another present and another future. The other dials change the continuation as a what-if would
(sim/forecast/what_if.py), and only where they differ from the scenario's own values: every particle keeps its
calibrated and filtered parameters otherwise. The page's counters (deaths, trade lost) count from today. A played
game's debrief sets it against the model's own runs from the same particle (forks by other seeds).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import numpy as np

ENV = "ESCALATION_FROM_STATE"
DAYS = 365  # the Watch tab's run from the present, unless a game asks for fewer


def active() -> bool:
    return bool(os.environ.get(ENV))


@functools.cache
def particles(state: str):
    from sim.forecast.particle_state import read_state

    return read_state(state)


def particle_for(ps, seed: int) -> int:
    """The particle a seed opens the page on: drawn by the particles' weights."""
    return int(np.random.default_rng(seed).choice(len(ps.states), p=ps.weights))


def dial_values(config, base) -> dict:
    """What the dials change against the scenario's own values: dotted fields, as a what-if sets them."""
    values = {}
    if config.restraint_pressure != base.restraint_pressure:
        values["restraint_pressure"] = config.restraint_pressure
    for side in ("pakistan", "taliban"):
        rule = getattr(config.actors, side).rule
        if rule != getattr(base.actors, side).rule:
            values[f"actors.{side}.rule"] = rule.model_dump(mode="json")
    for key, mediator in config.mediators.items():
        if key in base.mediators and mediator.active != base.mediators[key].active:
            values[f"mediators.{key}.active"] = mediator.active
    return values


def count_from_today(model) -> None:
    """The page's tallies (killed, trade lost, TTP attacks, posts lost) from today: what a class sees of the run.
    Nothing the model decides reads them."""
    model.log.casualties_total.clear()
    model.log.ttp_attacks_total = 0
    model.log.posts_lost = dict.fromkeys(model.log.posts_lost, 0)
    model.world.trade_lost_total = 0.0


def _start(state: str, index: int, values: dict, days: int, seed: int):
    from sim.forecast.continuation import continued
    from sim.forecast.what_if import WhatIf

    ps = particles(state)
    model = continued(ps.states[index], ps.start_day, days, WhatIf("dials", values=values), (seed,))  # as a forecast
    count_from_today(model)
    model.seed = seed  # the page's seed (the fork's key), which a debrief runs again; the particle's own is kept within
    model.present_day = ps.start_day  # the page counts days from here
    model.present_origin = (state, index, values, days)  # what a debrief needs to run the same start again
    return model


def opened(config, seed: int, days: int | None, base) -> object:
    """A run from the present for the page: particle and fork by ``seed``, the dials' changes (``config`` against
    the scenario ``base``), ``days`` long (default a year), today already run."""
    state = os.environ[ENV]
    model = _start(state, particle_for(particles(state), seed), dial_values(config, base), days or DAYS, seed)
    model.step()
    return model


def start_for(model):
    """For a debrief: seed -> the model's own run from the same particle (None: not a run from the present)."""
    origin = getattr(model, "present_origin", None)
    if origin is None:
        return None
    state, index, values, _ = origin

    def start(seed: int):
        return _start(state, index, values, model.horizon - model.present_day, seed)

    return start


def first_day(model) -> int:
    """The day the page counts from: the present's, or 0."""
    return getattr(model, "present_day", 0)


def check(state: str | Path) -> None:
    """Raise ForecastInputError if STATE cannot be opened (the command line's check, before the server starts)."""
    particles(str(state))
