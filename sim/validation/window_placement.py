"""Where an episode's days fall in its scenario's run: its window, and triggers given by date (docs/episodes.md).

Problems are collected as (where, key, message) for :class:`~sim.scenario.errors.ScenarioError`, so that an
episode file reports every one at its place.
"""

from __future__ import annotations

import datetime as dt

from sim.scenario.errors import dotted, locate


def place_window(episode, scenario, positions: dict, fallback) -> tuple[int, int, list]:
    """(offset, horizon, problems): the run's day the episode starts on, and the days it measures."""
    problems: list = []
    if episode.window is None:
        return 0, episode.days or scenario.days, problems
    where = locate(positions, ("window", "start"), fallback)
    if scenario.start_date is None:
        problems.append((where, "window.start", "a window needs its scenario's start_date to place its dates"))
        return 0, episode.window.days, problems
    offset = (episode.window.start - scenario.start_date).days
    end = offset + episode.window.days
    if offset < 0 or end > scenario.days:
        last = scenario.start_date + dt.timedelta(days=scenario.days - 1)
        problems.append((where, "window", f"expected a window within the run, {scenario.start_date} to {last}; found "
                                          f"{episode.window.start} for {episode.window.days} days"))
    return max(offset, 0), episode.window.days, problems


def as_day(trigger, start: dt.date | None, horizon: int, positions: dict, key: tuple, fallback, problems: list):
    """``trigger`` with a ``date`` turned into the episode's day (from ``start``, its day 0); a given day is checked
    against the horizon; a trigger to find in each run is kept as it is."""
    if trigger.find is not None:
        return trigger
    by_date = trigger.date is not None
    if by_date:
        if start is None:
            problems.append((locate(positions, (*key, "date"), fallback), dotted((*key, "date")),
                             "a trigger by date needs the scenario's start_date"))
            return trigger
        trigger = trigger.model_copy(update={"day": (trigger.date - start).days, "date": None})
    if not 0 <= trigger.day < horizon:
        field = (*key, "date" if by_date else "day")
        problems.append((locate(positions, field, locate(positions, key, fallback)), dotted(field),
                         f"expected a day before the horizon (0 to {horizon - 1}); found {trigger.day}"))
    return trigger
