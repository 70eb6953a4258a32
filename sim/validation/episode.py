"""Episode files: a scenario to start from and what really happened (``targets``), each with its source.

Read with the project's safe YAML reader and checked by a strict pydantic schema; every problem is a
:class:`~sim.scenario.errors.ScenarioError` line ``file:line:column: key.path: message`` (exit status 2).
How each target is measured on a run is in :mod:`sim.validation.hindcast`; the format is in docs/episodes.md.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Literal

from pydantic import Field, StrictBool, StrictInt, field_validator, model_validator

from sim.acts import CASUALTY_GROUPS
from sim.submodels.ladder import MAX_LEVEL
from sim.scenario.loading import ScenarioError, override_posterior, read_with_extends, resolve_geography, scenario_from_data
from sim.scenario.schema import Scenario
from sim.scenario.errors import dotted, locate, read_validated, suggest
from sim.scenario.references import Reference
from sim.scenario.strict import Strict
from sim.sides import SideKey as Side
from sim.scenario.yamlsafe import Where
from sim.validation.window import FindTrigger, Window
from sim.validation.window_placement import as_day, place_window

Bound = StrictInt | None  # an interval end; null = open on that side


def _nonblank(cls, source: str) -> str:
    if not source.strip():
        raise ValueError("expected where the figure comes from (outlet, date); found an empty source")
    return source


class Observed(Strict):
    """One observed figure: ``value`` (with an optional ``tolerance``) or ``interval: [low, high]``; and its source."""

    allow_none: ClassVar[bool] = False  # may ``value: null`` say "it never happened"?
    top: ClassVar[int | None] = None  # highest value that makes sense (ladder levels)

    value: StrictInt | None = Field(None, ge=0, description="the observed figure (null: it never happened, days_to_... only)")
    tolerance: StrictInt = Field(0, ge=0, description="value +- tolerance is taken as observed")
    interval: tuple[Bound, Bound] | None = Field(
        None, description="[low, high], both included; null for an open end (a range of sources or party claims)")
    source: str = Field(description="where the figure comes from (outlet, date)")
    note: str = Field("", description="free text: how the figure was derived")

    _has_source = field_validator("source")(_nonblank)

    @field_validator("value")
    @classmethod
    def _value_on_scale(cls, value):
        if value is not None and cls.top is not None and value > cls.top:
            raise ValueError(f"expected a level from 0 to {cls.top}; found {value}")
        return value

    @field_validator("interval")
    @classmethod
    def _interval_bounds(cls, interval):
        if interval is None:
            return interval
        low, high = interval
        if low is None and high is None:
            raise ValueError("an interval needs at least one bound (null leaves that end open)")
        if any(b is not None and b < 0 for b in interval):
            raise ValueError(f"expected interval bounds >= 0; found {list(interval)}")
        if low is not None and high is not None and low > high:
            raise ValueError(f"interval low {low} is above high {high}")
        if cls.top is not None and any(b is not None and b > cls.top for b in interval):
            raise ValueError(f"expected levels from 0 to {cls.top}; found {list(interval)}")
        return interval

    @model_validator(mode="after")
    def _one_form(self):
        has_value = "value" in self.model_fields_set
        if has_value == (self.interval is not None):
            raise ValueError("give exactly one of value (with an optional tolerance) or interval: [low, high]")
        if has_value and self.value is None and not self.allow_none:
            raise ValueError("expected a number for value; null ('never happened') is only for days_to_... targets")
        if self.tolerance and self.value is None:
            raise ValueError("tolerance goes with a numeric value, not with interval or null")
        return self

    @property
    def is_none(self) -> bool:
        """Observed: it never happened (``value: null``)."""
        return "value" in self.model_fields_set and self.value is None

    def bounds(self) -> tuple[Bound, Bound]:
        """(low, high) of what is taken as observed; None = open end. Meaningless when :attr:`is_none`."""
        if self.interval is not None:
            return self.interval
        return max(0, self.value - self.tolerance), self.value + self.tolerance

    def shown(self):
        """As written for people and JSON: a number, [low, high] (null = open), or null for 'never'."""
        if self.is_none:
            return None
        low, high = self.bounds()
        return low if low == high else [low, high]


class DaysObserved(Observed):
    allow_none: ClassVar[bool] = True


class LevelObserved(Observed):
    top: ClassVar[int | None] = MAX_LEVEL


class BoolObserved(Strict):
    value: StrictBool = Field(description="whether it happened")
    source: str = Field(description="where the figure comes from (outlet, date)")
    note: str = ""

    _has_source = field_validator("source")(_nonblank)

    def shown(self) -> bool:
        return self.value


class Trigger(Strict):
    """When the episode opens: a ``day`` of the run (of the window, for a window), a calendar ``date``, or the
    first act it should ``find`` in each run (sim/validation/window.py)."""

    day: int | None = Field(None, ge=0, description="day of the run (of the window) on which the first act happens")
    date: dt.date | None = Field(None, description="calendar date of the first act (the scenario's start_date places it)")
    find: FindTrigger | None = Field(None, description="in each run, the first act of actor at min_level or above")
    initiator: Side = Field(description="the side that acts first; the other side is the one that retaliates")
    retaliation_level: int = Field(3, ge=1, le=MAX_LEVEL, description="lowest rung that counts as retaliation")

    @model_validator(mode="after")
    def _one_when(self):
        if sum(x is not None for x in (self.day, self.date, self.find)) != 1:
            raise ValueError("give exactly one of day, date or find")
        return self


Group = Literal["pakistan_military", "afghan_military", "afghan_civilian", "pakistan_civilian", "ttp"]


class CasualtyTargets(Strict):
    """Killed by group, counted over the event log: acts by ``actors`` within ``window_days`` of the trigger."""

    actors: list[Literal["pakistan", "taliban", "ttp"]] = Field(
        ["pakistan", "taliban"], min_length=1,
        description="whose acts count (default both states: cross-border fighting; TTP attacks left out)")
    window_days: int | None = Field(None, ge=1, description="days counted from the trigger day (null: to the end)")
    pakistan_military: Observed | None = None
    afghan_military: Observed | None = None
    afghan_civilian: Observed | None = None
    pakistan_civilian: Observed | None = None
    ttp: Observed | None = None

    @model_validator(mode="after")
    def _some_group(self):
        if not self.groups():
            raise ValueError(f"give at least one group: {', '.join(CASUALTY_GROUPS)}")
        return self

    def groups(self) -> dict[str, Observed]:
        return {g: getattr(self, g) for g in CASUALTY_GROUPS if getattr(self, g) is not None}


class Targets(Strict):
    days_to_first_retaliation: DaysObserved | None = None
    peak_level: LevelObserved | None = None
    days_to_ceasefire: DaysObserved | None = None
    days_to_local_ceasefire: DaysObserved | None = Field(
        None, description="days from the trigger to the first local ceasefire (flag meeting, jirga: 7.5a)")
    crossing_closed_days: dict[str, Observed] = Field(default_factory=dict)
    casualties: CasualtyTargets | None = None
    open_war: BoolObserved | None = None

    @model_validator(mode="after")
    def _some_target(self):
        if not any(getattr(self, k) for k in type(self).model_fields):
            raise ValueError(f"give at least one target: {', '.join(type(self).model_fields)}")
        return self


class Phase(Strict):
    """One phase of a run that covers several (e.g. the October 2025 crisis, then the 2026 war): its own
    trigger and targets, measured from its trigger day over ``window_days`` (to the end of the run if null)."""

    name: str = Field(min_length=1, pattern=r"^[a-z0-9_]+$", description="identifier: targets show as NAME.target")
    description: str = ""
    trigger: Trigger
    window_days: int | None = Field(None, ge=1, description="days the phase lasts from its trigger (null: to the end)")
    targets: Targets

    @model_validator(mode="after")
    def _fixed_trigger(self):
        if self.trigger.find is not None:
            raise ValueError("a phase's trigger is a day or a date (find is for an episode's own trigger)")
        return self


class Episode(Strict):
    """A historical episode: where to start, and what really happened (one set of targets, or phases)."""

    name: str = Field(min_length=1, description="identifier, used in outputs")
    description: str = ""
    scenario: str = Field(min_length=1, description="scenario file the runs start from (relative to this file)")
    days: int | None = Field(None, ge=1, le=3650, description="horizon of every run (default: the scenario's days)")
    replicates: int = Field(100, ge=1, le=100_000, description="runs in the ensemble (--replicates overrides)")
    root_seed: int = Field(0, ge=0, description="root of every run's seed")
    trigger: Trigger | None = Field(None, description="default: the scenario's first scripted strike")
    targets: Targets | None = Field(None, description="what happened (give targets, phases, or both)")
    phases: list[Phase] = Field(default_factory=list, description="phases of a run that covers several episodes")
    posterior: str | None = Field(
        None, description="a posterior file for every run (relative to this file) in place of the scenario's; "
                          "null given: the scenario's point values")
    window: Window | None = Field(None, description="the days of a longer run this episode covers (a history's window)")

    @model_validator(mode="after")
    def _something_to_compare(self):
        if self.targets is None and not self.phases:
            raise ValueError("give targets, or phases each with its own trigger and targets")
        names = [p.name for p in self.phases]
        if len(set(names)) != len(names):
            raise ValueError(f"phase names must be unique; found {names}")
        return self


@dataclass(frozen=True)
class LoadedEpisode:
    episode: Episode
    path: Path
    scenario_path: Path
    scenario: Scenario
    trigger: Trigger  # given, or taken from the scenario
    horizon: int  # days measured: the run's, or the window's
    sources: dict[str, str]  # file name -> text, of the episode and every scenario file read
    offset: int = 0  # the run's day on which the window starts (0: no window)

    @property
    def run_days(self) -> int:
        """Days each run lasts: to the horizon, or to the window's end."""
        return self.offset + self.horizon

    @property
    def start_date(self) -> dt.date | None:
        """The calendar date of the episode's day 0 (the window's first day)."""
        start = self.scenario.start_date
        return None if start is None else start + dt.timedelta(days=self.offset)


def load_episode(path: str | Path, ref: Reference | None = None) -> LoadedEpisode:
    """Read and check an episode file and the scenario it names. Raises :class:`ScenarioError`.

    ``ref``: where another file (a calibration) names this one; an unreadable file is reported there."""
    path = Path(path)
    episode, data, positions = read_validated(path, Episode, "episode", ref)
    fallback = Where(str(path), 1, 1)
    ref = Reference.at(positions, ("scenario",), path, episode.scenario)
    scenario_path = Path(os.path.normpath(ref.path))
    scenario_data, scenario_positions, sources = read_with_extends(scenario_path, ref=ref)
    if "posterior" in episode.model_fields_set:
        override_posterior(scenario_data, episode.posterior, path, positions)
    scenario = scenario_from_data(scenario_data, scenario_positions, str(scenario_path))
    offset, horizon, problems = place_window(episode, scenario, positions, fallback)
    crossings = [c.name for c in resolve_geography(scenario).crossings]
    blocks = [(("targets",), episode.targets)] if episode.targets else []
    blocks += [(("phases", i, "targets"), p.targets) for i, p in enumerate(episode.phases)]
    for base, targets in blocks:
        for name in targets.crossing_closed_days:
            if name not in crossings:
                key = (*base, "crossing_closed_days", name)
                problems.append((locate(positions, key, fallback, key=True), dotted(key),
                                 f"unknown crossing {name!r}{suggest(name, crossings)} (known: {', '.join(crossings)})"))
    start = scenario.start_date + dt.timedelta(days=offset) if scenario.start_date else None
    phases = []
    for i, phase in enumerate(episode.phases):
        phases.append(phase.model_copy(update={"trigger": as_day(phase.trigger, start, horizon, positions,
                                                                  ("phases", i, "trigger"), fallback, problems)}))
    episode = episode.model_copy(update={"phases": phases})
    late = sorted({e.day for e in scenario.events if e.day >= horizon}) if episode.window is None else []
    if late:
        problems.append((locate(positions, ("days",), fallback), "days",
                         f"expected a horizon past every scripted event of {scenario_path.name}; "
                         f"found days: {horizon} with events on day {', '.join(map(str, late))}"))
    trigger = episode.trigger or _first_strike(scenario) or (episode.phases[0].trigger if episode.phases else None)
    if trigger is None:
        problems.append((locate(positions, ("scenario",), fallback), "trigger",
                         f"{scenario_path.name} scripts no strike to take as the trigger; give trigger: {{day, initiator}}"))
    else:
        trigger = as_day(trigger, start, horizon, positions, ("trigger",), locate(positions, ("scenario",), fallback),
                         problems)
    if problems:
        raise ScenarioError(problems)
    texts = {str(path): path.read_text(encoding="utf-8"), **sources}
    return LoadedEpisode(episode, path, scenario_path, scenario, trigger, horizon, texts, offset)


def _first_strike(scenario: Scenario) -> Trigger | None:
    strikes = [e for e in scenario.events if e.type == "strike"]
    if not strikes:
        return None
    first = min(strikes, key=lambda e: e.day)  # the first listed among those of the same day
    return Trigger(day=first.day, initiator=first.actor)
