"""Proportional response and deliberate escalation ("more severe than before")."""

from __future__ import annotations

import math
from typing import Literal

from pydantic import Field

from sim.submodels.ladder import MAX_LEVEL, clamp_level
from sim.rules.base import Observation, Rule, RuleParams, register


class ProportionalParams(RuleParams):
    name: Literal["proportional"] = "proportional"
    k: float = Field(1.0, ge=0.0, le=7.0, description="response level per level received")


@register
class Proportional(Rule):
    """Answer with round(k x level received), halves rounded up, clipped to the ladder.

    Proportionality doctrine in the law of armed conflict and in reprisal studies (e.g. Snyder & Diesing 1977).
    """

    name = "proportional"
    classifier = {"stochastic": False, "memory": 1, "source": "Snyder & Diesing 1977"}
    Params = ProportionalParams

    def decide(self, obs: Observation, rng) -> int | None:
        if obs.received <= 0:
            return None
        # Halves round up (Python's round() rounds them to even: 0.5 x 1 -> 0, 0.5 x 5 -> 2).
        level = clamp_level(math.floor(self.params.k * obs.received + 0.5))
        return level if level > 0 else None


class EscalateParams(RuleParams):
    name: Literal["escalate"] = "escalate"
    step: int = Field(1, ge=0, le=MAX_LEVEL, description="rungs added to the level received")


@register
class Escalate(Rule):
    """Answer one or more rungs above what was received: "more severe than before".

    Kahn (1965), On Escalation; the Afghan Defence Ministry's warning of 12 Oct 2025 (SEED.txt). Two
    such actors climb ``step`` rungs per exchange to open war.
    """

    name = "escalate"
    classifier = {"stochastic": False, "memory": 1, "source": "Kahn 1965"}
    Params = EscalateParams

    def decide(self, obs: Observation, rng) -> int | None:
        if obs.received <= 0:
            return None
        return min(MAX_LEVEL, obs.received + self.params.step)
