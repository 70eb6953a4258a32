"""The strategic-decision interface and its registry by name (docs/ODD.md 7.3a).

A decision watches for its trigger (an attack, a strike) and, when one comes, draws once whether the side answers,
after how many days and at which rung: an *order* ``(due day, rung)`` that the side carries out on its due day,
beside whatever its rule proposes that day (the higher of the two; a ceasefire holds both). Each decision is a
small class, as the rules are: a ``name``, a ``side`` it belongs to, a pydantic ``Spec`` whose fields are the
scenario's ``actors.<side>.decisions.<name>`` block, and one method, ``orders``. Randomness only from the
actor's own generator (docs/ODD.md 4.9).
"""

from __future__ import annotations

import math
from typing import ClassVar

import numpy as np

from sim.scenario.strict import Strict

DECISIONS: dict[str, type[StrategicDecision]] = {}


def register(cls: type[StrategicDecision]) -> type[StrategicDecision]:
    """Class decorator: make a decision available to scenarios under its ``name``."""
    if cls.name in DECISIONS:
        raise ValueError(f"decision {cls.name!r} registered twice")
    DECISIONS[cls.name] = cls
    return cls


def logistic(z: float) -> float:
    """1 / (1 + e^-z), safe for any z."""
    return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


def geometric_delay(rng: np.random.Generator, mean_days: float, max_days: int) -> int:
    """Days from trigger to act: geometric on 0, 1, 2, ... with the given mean, truncated at ``max_days`` (the
    record's window), drawn by inversion so that one uniform is used whatever the outcome."""
    if mean_days <= 0:
        return 0
    p = 1.0 / (1.0 + mean_days)
    u = rng.random()
    return min(max_days, int(math.log1p(-u) / math.log1p(-p)))


class StrategicDecision:
    """Base class: subclasses set ``name``, ``side``, ``Spec`` and implement ``orders``."""

    name: ClassVar[str]
    side: ClassVar[str]
    source: ClassVar[str]
    Spec: ClassVar[type[Strict]]

    def spec_of(self, actor):
        return getattr(actor.spec.decisions, self.name)

    def orders(self, actor, rng: np.random.Generator) -> list[tuple[int, int]]:
        """Today's new orders ``(due day, rung)`` of ``actor`` (empty on most days)."""
        raise NotImplementedError


def make_decisions(spec) -> list[StrategicDecision]:
    """The decisions an actor's ``decisions`` block switches on, in registry order."""
    return [cls() for name, cls in DECISIONS.items() if getattr(spec.decisions, name, None) is not None]
