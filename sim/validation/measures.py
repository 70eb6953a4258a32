"""Measuring one run against an episode's targets (docs/episodes.md): what each target means on a run.

``summary`` = the run's summary row (nested or dotted); ``events`` = its event-log rows; ``series`` = its
daily series (columns ``level_max`` and ``crossing_<name>``), needed only for phases.

- ``days_to_first_retaliation``: first day >= the trigger day on which the retaliating side (not the
  initiator) logs an act at rung >= ``trigger.retaliation_level`` (3, skirmish), minus the trigger day;
  None if it never does. Scripted acts count.
- ``peak_level``: the summary's ``peak_level`` (highest ``level_max`` over the run); for a phase, the
  highest ``level_max`` over the phase's days.
- ``days_to_ceasefire`` / ``days_to_local_ceasefire``: first day >= the trigger day with a ``ceasefire``
  (brokered or scripted) / ``local_ceasefire`` event, minus the trigger day; None if none.
- ``crossing_closed_days.<name>``: the days that crossing was fully closed (the summary's; for a phase,
  counted over the phase's days).
- ``casualties.<group>``: killed in that group, summed over events by ``casualties.actors`` on days
  trigger .. trigger + ``window_days`` - 1 (for a phase, at most to its end).
- ``open_war``: the summary's ``open_war``; for a phase, whether ``level_max`` reached 7 in it.

A phase counts from its trigger day over ``window_days`` (to the end of the run if null); its targets are
named ``<phase>.<target>``.
"""

from __future__ import annotations

import math

from sim.acts import CASUALTY_GROUPS
from sim.batch.storage import flatten
from sim.record import crossing_column
from sim.sides import other
from sim.submodels.ladder import Level
from sim.validation.episode import BoolObserved, LoadedEpisode, Observed, Trigger
from sim.validation.window import found_day, window_view

EVENT_COLUMNS = ["day", "actor", "act", "level", *CASUALTY_GROUPS]


def first_retaliation(events: list[dict], trigger: Trigger, end: float = math.inf) -> int | None:
    side = other(trigger.initiator)
    days = [e["day"] for e in events
            if e["actor"] == side and e["level"] >= trigger.retaliation_level and trigger.day <= e["day"] < end]
    return min(days) - trigger.day if days else None


def first_event(events: list[dict], kind: str, trigger: Trigger, end: float = math.inf) -> int | None:
    days = [e["day"] for e in events if e["act"] == kind and trigger.day <= e["day"] < end]
    return min(days) - trigger.day if days else None


def window_casualties(events: list[dict], trigger: Trigger, actors, window_days: int | None,
                      end: float = math.inf) -> dict[str, int]:
    end = min(end, trigger.day + window_days if window_days else math.inf)
    rows = [e for e in events if e["actor"] in actors and trigger.day <= e["day"] < end]
    return {g: sum(int(e[g]) for e in rows) for g in CASUALTY_GROUPS}


def resolved(trigger: Trigger, events: list[dict]) -> Trigger | None:
    """The trigger with its day: as given, or found in this run's events (None: not found)."""
    if trigger.find is None:
        return trigger
    day = found_day(trigger.find, events)
    return None if day is None else trigger.model_copy(update={"day": day, "find": None})


def _measure(targets, trigger: Trigger | None, events: list[dict], whole, end: float = math.inf) -> dict:
    """``whole(name)`` gives a measure over the run's (or the phase's) days: peak_level, open_war, crossings.
    Without a trigger (one to find that this run does not have) the days targets are "never" and casualties
    are counted from the first day."""
    out: dict = {}
    never = trigger is None

    def days_to(kind):
        return None if never else first_event(events, kind, trigger, end)
    if targets.days_to_first_retaliation:
        out["days_to_first_retaliation"] = None if never else first_retaliation(events, trigger, end)
    if targets.peak_level:
        out["peak_level"] = whole("peak_level")
    if targets.days_to_ceasefire:
        out["days_to_ceasefire"] = days_to("ceasefire")
    if targets.days_to_local_ceasefire:
        out["days_to_local_ceasefire"] = days_to("local_ceasefire")
    for name in targets.crossing_closed_days:
        out[f"crossing_closed_days.{name}"] = whole(f"crossing_closed_days.{name}")
    if targets.casualties:
        cas = targets.casualties
        counted = window_casualties(events, trigger or Trigger(day=0, initiator="pakistan"), cas.actors,
                                    cas.window_days, end)
        out.update({f"casualties.{g}": counted[g] for g in cas.groups()})
    if targets.open_war:
        out["open_war"] = whole("open_war")
    return out


def measure_run(loaded: LoadedEpisode, summary: dict, events: list[dict], series: dict | None = None) -> dict:
    """Every target of the episode measured on one run: target name -> int, bool or None ("never").

    For a window (sim/validation/window.py) the run is first cut to the window's days."""
    ep, flat = loaded.episode, flatten(summary)
    if ep.window is not None:
        flat, events, series = window_view(loaded.offset, loaded.horizon, flat, events, series)
    out: dict = {}
    if ep.targets:
        def whole(name):
            value = flat[name]
            return bool(value) if name == "open_war" else int(value)
        out.update(_measure(ep.targets, resolved(loaded.trigger, events), events, whole))
    for phase in ep.phases:
        start = phase.trigger.day
        end = start + phase.window_days if phase.window_days else math.inf

        def in_phase(name, start=start, end=end):
            days = slice(start, None if math.isinf(end) else int(end))
            if name == "peak_level":
                return int(max(series["level_max"][days], default=0))
            if name == "open_war":
                return any(v >= Level.OPEN_WAR for v in series["level_max"][days])
            crossing = name.split(".", 1)[1]
            return sum(1 for v in series[crossing_column(crossing)][days] if v == 2)
        out.update({f"{phase.name}.{k}": v for k, v in _measure(phase.targets, phase.trigger, events, in_phase, end).items()})
    return out


def observed_targets(loaded: LoadedEpisode) -> dict[str, Observed | BoolObserved]:
    ep = loaded.episode
    out = _observed(ep.targets) if ep.targets else {}
    for phase in ep.phases:
        out.update({f"{phase.name}.{k}": v for k, v in _observed(phase.targets).items()})
    return out


def _observed(t) -> dict:
    keys = ("days_to_first_retaliation", "peak_level", "days_to_ceasefire", "days_to_local_ceasefire")
    out = {k: getattr(t, k) for k in keys if getattr(t, k)}
    out.update({f"crossing_closed_days.{n}": o for n, o in t.crossing_closed_days.items()})
    if t.casualties:
        out.update({f"casualties.{g}": o for g, o in t.casualties.groups().items()})
    if t.open_war:
        out["open_war"] = t.open_war
    return out
