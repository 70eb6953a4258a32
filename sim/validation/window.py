"""Windows: an episode that is a stretch of a longer run (the history, docs/history.md; docs/episodes.md).

``window: {start: 2024-05-13, days: 30}`` in an episode file names the days of its scenario's run that the
episode covers (the scenario's ``start_date`` places the date). Runs go from the scenario's day 0 to the
window's end; every target is measured on the window only, as if it were a run of its own: days count from the
window's start (a trigger's ``day``, a phase's), acts and casualties outside it are left out, and the peak, open
war and closed days come from the window's days of the daily series. With nothing before the window, a window's
targets are those of a standalone run of the same days.

A trigger may also be **found** in each run: ``trigger: {find: {actor: pakistan, min_level: 5}, ...}`` is the
first day in the window on which that side acts at that rung or above (what the record shows as the crisis's
opening, where the model must make it itself). A run without it has no trigger: its days targets are "never",
and its other targets are measured over the whole window.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from sim.record import crossing_column
from sim.scenario.strict import Strict
from sim.sides import SideKey
from sim.submodels.ladder import MAX_LEVEL, Level


class Window(Strict):
    start: dt.date = Field(description="first day of the window (a date of the scenario's calendar)")
    days: int = Field(ge=1, le=3650, description="days the window lasts")


class FindTrigger(Strict):
    actor: SideKey = Field(description="the side whose act opens the episode")
    min_level: int = Field(5, ge=1, le=MAX_LEVEL, description="lowest rung of that act")


def found_day(find: FindTrigger, events: list[dict]) -> int | None:
    """The first day (in window coordinates) on which ``find.actor`` acts at ``find.min_level`` or above."""
    days = [e["day"] for e in events if e["actor"] == find.actor and e["level"] >= find.min_level]
    return min(days) if days else None


def window_view(start: int, days: int, summary: dict, events: list[dict], series: dict) -> tuple[dict, list, dict]:
    """The run as the window sees it: (summary of the window's days, events shifted to day 0 at ``start``,
    series of the window's days). Only the summary keys targets read are recomputed. The series' ``day``
    column places its rows (a run may have forgotten its first days: ``EscalationModel.forget_before``)."""
    end = start + days
    shifted = [{**e, "day": e["day"] - start} for e in events if start <= e["day"] < end]
    first = series["day"][0] if series.get("day") else 0  # a run that forgot its first days keeps the rest
    cut = {name: column[start - first:end - first] for name, column in series.items()}
    levels = cut["level_max"]
    view = {"peak_level": int(max(levels, default=0)), "open_war": any(v >= Level.OPEN_WAR for v in levels)}
    for name in [k for k in summary if k.startswith("crossing_closed_days.")]:
        view[name] = sum(1 for v in cut[crossing_column(name.split(".", 1)[1])] if v == 2)
    return view, shifted, cut
