"""What a forecast measures on each continued run (docs/forecast.md, "What the numbers mean").

Every event is counted from the forecast's first day (day 0) to the end of a horizon (days 0 .. h-1):

- ``open_war``: the highest level reaches 7 on some day;
- ``pakistani_strike``: Pakistan carries out an act at rung 5 or more (an air strike, a deep strike, war);
- ``taliban_offensive``: the Taliban administration carries out an act at rung 6 or more (coordinated
  "retaliatory operations", a deep strike, war);
- ``national_ceasefire``: a national ceasefire (brokered, or a what-if's) is in force on some day; local
  ceasefires of the flag meetings (docs/ODD.md 7.5a) are not national;
- ``<crossing>_open`` for each main crossing (Torkham, Chaman, Ghulam Khan: most of the trade): the crossing is
  fully open on the horizon's last day (it may have been open all along; ``open_at_start`` says how often);
- ``casualties.<group>``: the killed of each group (sim/acts.py) over the horizon's days;
- ``peak_level``: the highest level over the horizon's days; and the highest level of each day (the fan chart).

A run's outcome is kept small (first days and totals), so thousands of runs travel back from the workers cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.acts import CASUALTY_GROUPS
from sim.record import crossing_column

MAIN_CROSSINGS = ("Torkham", "Chaman", "Ghulam Khan")
EVENTS = ("open_war", "pakistani_strike", "taliban_offensive", "national_ceasefire")
NEVER = -1


def crossing_key(name: str) -> str:
    return crossing_column(name).removeprefix("crossing_")


@dataclass(frozen=True)
class RunOutcome:
    horizons: tuple  # the horizons measured (days)
    levels: np.ndarray  # the highest level of each day, int8
    first: dict  # event -> the first day it happened (NEVER: not in the run)
    killed: dict  # casualty group -> the killed over each horizon
    open_at: dict  # main crossing key -> open on each horizon's last day
    open_at_start: dict  # main crossing key -> open on the day before the forecast

    def happened(self, event: str, horizon: int) -> bool:
        if event.endswith("_open"):
            return self.open_at[event.removesuffix("_open")][self.horizons.index(horizon)]
        day = self.first[event]
        return NEVER < day < horizon

    def total(self, group: str, horizon: int) -> int:
        return self.killed[group][self.horizons.index(horizon)]

    def peak(self, horizon: int) -> int:
        return int(self.levels[:horizon].max())


def binary_targets() -> tuple[str, ...]:
    return EVENTS + tuple(crossing_key(c) + "_open" for c in MAIN_CROSSINGS)


def _first(days: np.ndarray) -> int:
    return int(days.min()) if days.size else NEVER


def measure(model, start_day: int, before: dict, horizons: tuple) -> RunOutcome:
    """The outcome of a run continued from ``start_day`` over ``horizons`` (``before``: each main crossing's status
    code on the day before, read from the restored particle)."""
    series = model.datacollector.model_vars
    day = np.asarray(series["day"])
    keep = day >= start_day
    levels = np.asarray(series["level_max"], dtype=np.int8)[keep]
    ceasefire = np.asarray(series["ceasefire"], dtype=bool)[keep]
    acts = [a for a in model.log.acts if a.day >= start_day]
    strikes = np.array([a.day for a in acts if a.actor == "pakistan" and a.level >= 5], dtype=int) - start_day
    offensive = np.array([a.day for a in acts if a.actor == "taliban" and a.level >= 6], dtype=int) - start_day
    first = {"open_war": _first(np.flatnonzero(levels >= 7)), "pakistani_strike": _first(strikes),
             "taliban_offensive": _first(offensive), "national_ceasefire": _first(np.flatnonzero(ceasefire))}
    killed = {}
    for g in CASUALTY_GROUPS:
        daily = np.cumsum(np.asarray(series[g], dtype=np.int64)[keep])
        killed[g] = tuple(int(daily[h - 1]) for h in horizons)
    open_at = {}
    for c in MAIN_CROSSINGS:
        codes = np.asarray(series[crossing_column(c)], dtype=np.int8)[keep]
        open_at[crossing_key(c)] = tuple(bool(codes[h - 1] == 0) for h in horizons)
    return RunOutcome(tuple(horizons), levels, first, killed, open_at,
                      {crossing_key(c): before.get(c) == 0 for c in MAIN_CROSSINGS})


def status_before(model) -> dict:
    """Each main crossing's status code on the particle's last day (before the forecast)."""
    return {c: int(model.world.crossings[c].status) for c in MAIN_CROSSINGS if c in model.world.crossings}
