"""One particle continued into the future: what a forecast does to a restored model before it runs on.

A particle has run every day before the present, forced by the record. From the present on nothing is known:

1. **No scripted future.** Every event still in its script on or after the present is dropped: the record's rows
   dated later (a checkpoint's particles still carry them) are what the forecast must not know.
2. **The attack tempo persists.** The record's tempo periods (docs/history.md) end; the TTP tempo of the particle's
   last day is kept for the whole forecast (persistence: the simplest forecast of a rate, and the one backtests
   score). The cells go on making the routine attacks, and the major ones (10 or more killed, or 5 or more security
   forces), which the record listed up to the present, come in one of two ways (``ForecastSpec.major_attacks``):
   ``cells`` (the default): a history that kept the cells' attacks below the major threshold
   (``forcing.major_attacks_from_record``, docs/ODD.md 7.8) lets them make major ones again, at their own rate (about
   10 in 180 days from 8 April 2026); ``record``: the cap stays, and major attacks come at the rate of the record's
   last year (5.4 in 180 days; the record under-counts attacks with 5-9 security deaths), each a copy of one of its
   attacks (sim/forecast/major_attacks.py). Without either, nothing that answers a major attack (Pakistan's
   punitive-strike doctrine, docs/ODD.md 7.3a) would ever be tried.
3. **The what-if** (sim/forecast/what_if.py): its values set on the particle's own parameters (a rule named anew
   is made anew; one kept keeps its memory) and its events put on the script, day 0 being the present.
4. **A fork**: every agent stream reseeded from the particle's keys and this continuation's (root seed, particle,
   fork), so forks differ, and a base run and its what-if runs share every draw the what-if does not change
   (common random numbers). A what-if with no values and no events leaves the base run as it was, run for run.
"""

from __future__ import annotations

import pickle

from sim.forecast.major_attacks import tempo_ratio
from sim.forecast.what_if import WhatIf
from sim.rules.base import make_rule

FOREVER = 10**9  # a surge's end that no forecast reaches


def drop_future(model, start_day: int) -> None:
    model.script = {day: events for day, events in model.script.items() if day < start_day}


def keep_tempo(model) -> None:
    """The TTP tempo of the last day run, kept from now on (the record's periods give way to it)."""
    tempo = model.world.ttp_surge
    model.world.surges = [(FOREVER, tempo)] if tempo != 1.0 else []


def release_major_attacks(model) -> None:
    """The record lists no attack after the present: the cells' attacks may be major again (7.8)."""
    forcing = model.config.forcing
    if forcing is not None and forcing.major_attacks_from_record:
        model.config = model.config.model_copy(
            update={"forcing": forcing.model_copy(update={"major_attacks_from_record": False})})


def add_major_attacks(model, start_day: int, days: int, attacks, key: tuple, ratio: float) -> None:
    for day, event in attacks.draw(key, days, ratio):
        model.script.setdefault(start_day + day, []).append(event.model_copy(update={"day": start_day + day}))


def apply_what_if(model, start_day: int, what_if: WhatIf) -> None:
    if what_if.values:
        model.set_parameters(what_if.values)
        for state in model.states:  # set_parameters keeps a rule's memory; a rule named anew starts afresh
            if type(state.rule).name != state.spec.rule.name:
                state.rule = make_rule(state.spec.rule)
    for event in what_if.events:
        day = start_day + event.day
        model.script.setdefault(day, []).append(event.model_copy(update={"day": day}))


def continued(state: bytes, start_day: int, days: int, what_if: WhatIf, key: tuple[int, ...], attacks=None):
    """The particle ``state`` ready to run ``days`` days from ``start_day`` under ``what_if``, forked by ``key``;
    ``attacks``: the record's major attacks to draw the future's from (sim/forecast/major_attacks.py; None: the
    cells make them)."""
    model = pickle.loads(state)
    if model.day + 1 != start_day:
        raise ValueError(f"a particle at day {model.day + 1} cannot start a forecast on day {start_day}")
    drop_future(model, start_day)
    keep_tempo(model)
    if attacks is None:
        release_major_attacks(model)
    before = (model.pakistan.spec, model.taliban.spec)
    if not what_if.empty:
        apply_what_if(model, start_day, what_if)
    if attacks is not None:
        add_major_attacks(model, start_day, days, attacks, key, tempo_ratio(before, (model.pakistan.spec,
                                                                                  model.taliban.spec)))
    model.fork(key)
    model.horizon, model.running = start_day + days, True
    return model
