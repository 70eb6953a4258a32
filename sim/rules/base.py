"""The retaliation-rule interface and its registry by name.

A rule turns what an actor perceived today into a proposed rung of the ladder, or ``None`` when it has
no reason to act (the actor's posture then cools). Each rule is a small class, as Axelrod-Python's
strategies are: a ``name``, a ``classifier`` of metadata, a pydantic ``Params`` model that the scenario
schema uses for validation, and one decision method. Rules keep their own memory (grim's trigger,
richardson's intensity) and draw randomness only from the generator they are given.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

import numpy as np
from pydantic import BaseModel, ConfigDict


class Observation(NamedTuple):
    """What one actor knows when it decides on a day (immutable; a named tuple because one is made per actor
    per day: docs/performance.md).

    received: highest level of the other side's acts it perceived and attributed yesterday (0 = none);
    grievance: its accumulated grievance toward the other side; level: its own current posture.
    """

    received: int
    grievance: float
    level: int
    day: int


class RuleParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rule:
    """Base class: subclasses set ``name``, ``classifier``, ``Params`` and implement ``decide``."""

    name: ClassVar[str]
    classifier: ClassVar[dict] = {}
    Params: ClassVar[type[RuleParams]]

    def __init__(self, params: RuleParams | None = None, **kwargs):
        if params is None:
            params = self.Params(name=self.name, **kwargs)
        self.params = params
        self.reset()

    def reset(self) -> None:
        """Forget any memory (called at the start of a run)."""

    def decide(self, obs: Observation, rng: np.random.Generator) -> int | None:
        raise NotImplementedError

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v}" for k, v in self.params.model_dump().items() if k != "name")
        return f"{type(self).__name__}({fields})"


RULES: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator: make a rule available to scenarios under its ``name``."""
    if cls.name in RULES:
        raise ValueError(f"rule {cls.name!r} registered twice")
    RULES[cls.name] = cls
    return cls


def make_rule(params: RuleParams) -> Rule:
    """Build the rule a scenario's validated ``rule:`` block names."""
    return RULES[params.name](params)


def rules_where(**classifier) -> list[str]:
    """Names of the rules whose classifier matches every given key (e.g. ``stochastic=False``)."""
    return sorted(
        name for name, cls in RULES.items() if all(cls.classifier.get(k) == v for k, v in classifier.items())
    )
