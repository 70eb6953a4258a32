"""How an episode's targets become numbers that a score can compare (docs/validation.md, "How a target is scored").

- A target's **kind** is its name without a phase prefix, with the crossing left out of
  ``crossing_closed_days.<crossing>`` (every crossing's closure is one kind) and the group kept in
  ``casualties.<group>``: the climatology of a target is built from the targets of its kind in other crises.
- **"None"** (no retaliation, no ceasefire) is an outcome of its own, placed on the day scale at W, the first
  day past the target's window (the days from the trigger to the end of the run or phase): a run that never
  answers is W from a run that answers on day 0, and (W - 60) from one that answers on day 60. Nothing the
  window holds can be later than "none", so a value from another episode beyond W is counted as none.
- An **observed figure** is one of: a point; a finite interval [a, b] (sources disagree), scored as the mean
  score over its whole numbers, as if the truth were any of them with equal chance (so a forecast gains
  nothing by being wide: the expected score under that uniform truth is smallest for a forecast of it);
  an interval open above ([a, null]: at least a) or below, scored by the censored (threshold-weighted) CRPS,
  which penalises only runs on the wrong side of the known bound.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.validation.episode import BoolObserved, LoadedEpisode, Observed

BASE_KINDS = ("days_to_first_retaliation", "days_to_ceasefire", "days_to_local_ceasefire", "peak_level", "open_war")
MAX_POINTS = 1001  # an observed interval wider than this is scored on this many evenly spaced points


def target_kind(name: str) -> str:
    """``war2026.crossing_closed_days.Torkham`` -> ``crossing_closed_days``; ``casualties.ttp`` stays."""
    parts = name.split(".")
    for i, part in enumerate(parts):
        if part in BASE_KINDS:
            return part
        if part == "crossing_closed_days":
            return part
        if part == "casualties":
            return ".".join(parts[i:i + 2])
    raise ValueError(f"not a target name: {name!r}")


def is_days(kind: str) -> bool:
    return kind.startswith("days_to_")


@dataclass(frozen=True)
class ObservedOutcome:
    """An observation on a target's number line: ``points`` (a point, or a finite interval's whole numbers),
    or a one-sided ``bound`` (``above``: the truth is at least it; else at most it)."""

    points: np.ndarray | None = None
    bound: float | None = None
    above: bool = True

    @property
    def censored(self) -> bool:
        return self.points is None


def observed_outcome(observed: Observed, none_at: int | None = None) -> ObservedOutcome:
    """The observation as numbers; ``none_at`` (W) places "never" and caps day values (days targets)."""
    if observed.is_none:
        return ObservedOutcome(points=np.array([float(none_at)]))
    low, high = observed.bounds()
    cap = (lambda v: min(v, none_at)) if none_at is not None else (lambda v: v)
    if low is not None and high is not None:
        low, high = cap(low), cap(high)
        count = int(high - low) + 1
        points = np.arange(low, high + 1, dtype=float) if count <= MAX_POINTS else np.linspace(low, high, MAX_POINTS)
        return ObservedOutcome(points=points)
    if high is None:
        return ObservedOutcome(bound=float(cap(low)), above=True)
    return ObservedOutcome(bound=float(cap(high)), above=False)


def ensemble_values(values: list, none_at: int | None = None) -> np.ndarray:
    """The runs' measures as numbers: None ("never") at W, booleans as 0/1."""
    return np.array([float(none_at) if v is None else float(v) for v in values])


def days_windows(loaded: LoadedEpisode) -> dict[str, int]:
    """W for every days target of the episode: the days from its trigger to the end of its window."""
    ep, out = loaded.episode, {}
    if ep.targets:
        for key in ("days_to_first_retaliation", "days_to_ceasefire", "days_to_local_ceasefire"):
            if getattr(ep.targets, key):
                out[key] = loaded.horizon - (loaded.trigger.day or 0)  # a trigger to find: the whole window
    for phase in ep.phases:
        span = phase.window_days or (loaded.horizon - phase.trigger.day)
        span = min(span, loaded.horizon - phase.trigger.day)
        for key in ("days_to_first_retaliation", "days_to_ceasefire", "days_to_local_ceasefire"):
            if getattr(phase.targets, key):
                out[f"{phase.name}.{key}"] = span
    return out


def is_bool(observed) -> bool:
    return isinstance(observed, BoolObserved)
