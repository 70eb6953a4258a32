"""The world as it was known on a date: what a backtest's forecast may use (docs/forecast.md, "Backtests").

A forecast made on date D may know only what was observed before D. Its particles are filtered again from 2021 with

- **the record as known on D**: every row dated before D forces the run, none dated D or later. A tempo period
  (record/tempo.yaml: attacks counted over months) is known once it has ended; the period under way on D, whose count
  was not yet published, runs at the tempo of the last period that had ended (persistence, as the forecast itself
  continues: sim/forecast/continuation.py), and the days of D and later are the forecast's;
- **the windows that ended before D** weigh the particles; a window under way on D is not used (not all of it was
  observed), nor any later one;
- **the climatology of the windows that ended before D** scales the likelihood (docs/history.md, the filter's step 3),
  so no later crisis's observations reach the weights either; the held-out windows before D (never weighed) still
  count in it, as in the shipped filter.

The posterior the particles draw their parameters from is the shipped calibration's, fitted on four crises of which
three (October 2025, Peshawar November 2025, the 2026 war) are later than most backtests' dates: that is knowledge
the backtests have and a forecaster on D had not, and docs/forecast.md says so beside the results.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sim.history.assimilation_spec import Assimilation
from sim.scenario.schema import Scenario

TEMPO = "ttp_surge"  # the record's tempo periods become events of this type (sim/scenario/forcing.py)


def _known_tempo(events: list, cut: int) -> float:
    """The factor of the tempo period that ended last before day ``cut`` (1, the base tempo, if none had)."""
    ended = [e for e in events if e.type == TEMPO and e.day + e.days <= cut]
    return max(ended, key=lambda e: e.day + e.days).factor if ended else 1.0


def scenario_as_of(scenario: Scenario, date: dt.date) -> Scenario:
    """``scenario`` forced only by the record as known on ``date`` (see the module's doc); events keep their order."""
    forcing = scenario.forcing
    if forcing is None or not forcing.events:
        return scenario
    cut = (date - scenario.start_date).days
    persisted = _known_tempo(forcing.events, cut)
    events = []
    for e in forcing.events:
        if e.type != TEMPO:
            if e.day < cut:
                events.append(e)
        elif e.day + e.days <= cut:
            events.append(e)
        elif e.day < cut:  # under way on the date: its count was not known
            events.append(e.model_copy(update={"factor": persisted, "days": cut - e.day}))
    return scenario.model_copy(update={"forcing": forcing.model_copy(update={"events": events})})


def _ended_before(loaded, date: dt.date) -> bool:
    start = loaded.start_date
    return start is not None and start + dt.timedelta(days=loaded.horizon) <= date


def assimilation_as_of(asm: Assimilation, date: dt.date, particles: int | None = None) -> Assimilation:
    """The filter a forecast made on ``date`` could have run: the record as known then, the windows ended before it
    weighing the particles (the held-out ones left out: they never weigh), their climatology, to ``date``."""
    weighed = tuple(w for w in asm.windows if asm.weighs(w) and _ended_before(w, date))
    seen, known = {w.path.resolve() for w in weighed}, []
    for e in asm.climatology_pool:  # each crisis once, as a file may be both a window and a baseline
        if _ended_before(e, date) and e.path.resolve() not in seen:
            seen.add(e.path.resolve())
            known.append(e)
    spec = asm.spec.model_copy(update={"present": date, "checkpoints": [],
                                       **({"particles": particles} if particles else {})})
    return dataclasses.replace(asm, spec=spec, windows=weighed, held_out=frozenset(), baseline=tuple(known),
                               base_scenario=scenario_as_of(asm.scenario, date), tag=f"as known on {date}")
