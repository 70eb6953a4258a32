"""The baseline every forecast is judged against: climatology, leave one crisis out.

For a target of one episode, the climatology is the ensemble of the **observed** values of the same kind of
target (:func:`sim.scoring.outcome_space.target_kind`) in the other crises of the files given, each crisis
weighing one (a point is one member; an interval its whole numbers, sharing the weight; an interval open on
one side its known end; "none" the target's W). For open war, it is the share of the other crises with
war, Laplace-smoothed: (wars + 1) / (crises + 2).

"The other crises": a target's crisis is anchored on its trigger's calendar date (the scenario's
``start_date`` plus the trigger day, or its phase's); two anchors within ``SAME_CRISIS_DAYS`` days are the same
crisis, so a phase of a long run and the standalone episode of the same crisis never inform each other's
baseline. Without a ``start_date``, only the same episode file and phase is the same crisis.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from sim.scoring.outcome_space import is_bool, is_days, observed_outcome, target_kind
from sim.validation.episode import LoadedEpisode
from sim.validation.measures import observed_targets

SAME_CRISIS_DAYS = 14


class NoBaseline(ValueError):
    """A target whose kind no other crisis among the files given has: it has no climatology (exit 2)."""


@dataclass(frozen=True)
class Record:
    """One observed target of one episode, where its crisis lies."""

    episode: str
    file: str
    phase: str  # "" for the episode's own targets
    target: str
    kind: str
    observed: object
    anchor: dt.date | None


def _anchor(loaded: LoadedEpisode, trigger_day: int | None) -> dt.date | None:
    start = loaded.start_date  # the window's first day, for a window
    return None if start is None else start + dt.timedelta(days=trigger_day or 0)


def records_of(loaded: LoadedEpisode) -> list[Record]:
    ep = loaded.episode
    phases = {p.name: p for p in ep.phases}
    out = []
    for name, observed in observed_targets(loaded).items():
        head = name.split(".", 1)[0]
        phase = phases.get(head) if "." in name else None
        day = phase.trigger.day if phase else loaded.trigger.day
        out.append(Record(ep.name, str(loaded.path.resolve()), phase.name if phase else "", name, target_kind(name),
                          observed, _anchor(loaded, day)))
    return out


def same_crisis(a: Record, b: Record) -> bool:
    if a.file == b.file and a.phase == b.phase:
        return True
    return a.anchor is not None and b.anchor is not None and abs((a.anchor - b.anchor).days) <= SAME_CRISIS_DAYS


class Climatology:
    """The observations of a pool of episodes, from which each target's baseline ensemble is drawn."""

    def __init__(self, pool: list[LoadedEpisode]):
        self.records = [r for loaded in pool for r in records_of(loaded)]

    def others(self, record: Record) -> list[Record]:
        return [r for r in self.records if r.kind == record.kind and not same_crisis(r, record)]

    def check(self, records: list[Record]) -> None:
        """Raise :class:`NoBaseline` for the first target whose kind no other crisis has."""
        for record in records:
            if not self.others(record):
                raise NoBaseline(f"{record.episode}: target {record.target} has no baseline: no other crisis among "
                                 f"the episode files given has a target of kind {record.kind} "
                                 "(give more episode files, or --baseline FILE...)")

    def ensemble(self, record: Record, none_at: int | None) -> tuple[list, np.ndarray]:
        """The baseline ensemble of ``record``'s target: (values, weights); None is "never"."""
        others = self.others(record)
        if is_bool(record.observed):
            wars = sum(bool(r.observed.value) for r in others)
            return [True, False], np.array([wars + 1.0, len(others) - wars + 1.0])
        values, weights = [], []
        for r in others:
            members = _members(r.observed, none_at if is_days(record.kind) else None)
            values += members
            weights += [1.0 / len(members)] * len(members)
        return values, np.array(weights)


def _members(observed, none_at: int | None) -> list:
    if observed.is_none:
        return [None]
    outcome = observed_outcome(observed, none_at)
    points = [outcome.bound] if outcome.censored else list(outcome.points)
    return [None if none_at is not None and p >= none_at else float(p) for p in points]
