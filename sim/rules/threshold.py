"""Grievance-threshold rules: act once grievance passes a threshold."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sim.submodels.ladder import MAX_LEVEL
from sim.rules.base import Observation, Rule, RuleParams, register


class ThresholdParams(RuleParams):
    name: Literal["threshold"] = "threshold"
    theta: float = Field(10.0, ge=0.0, description="grievance above which the actor acts")
    grievance_per_level: float = Field(10.0, gt=0.0, description="extra grievance that adds one rung")
    min_level: int = Field(1, ge=1, le=MAX_LEVEL,
                           description="lowest rung it acts at once past theta (e.g. 5: its answer is an air strike)")


@register
class Threshold(Rule):
    """Act only when grievance G exceeds theta, at level max(min_level, 1 + floor((G - theta) / grievance_per_level)).

    Granovetter (1978) threshold models of collective action, applied to a state's tolerance of provocation;
    ``min_level`` is a doctrine whose first answer is already a given rung (a strike on camps, not a skirmish).
    """

    name = "threshold"
    classifier = {"stochastic": False, "memory": "grievance", "source": "Granovetter 1978"}
    Params = ThresholdParams

    def decide(self, obs: Observation, rng) -> int | None:
        excess = obs.grievance - self.params.theta
        if excess <= 0:
            return None
        return min(MAX_LEVEL, max(self.params.min_level, 1 + int(excess // self.params.grievance_per_level)))


class RestrainedParams(RuleParams):
    name: Literal["restrained"] = "restrained"
    theta: float = Field(10.0, ge=0.0, description="grievance above which the actor answers at all")


@register
class Restrained(Rule):
    """Answer one level below what was received, and only once grievance exceeds theta.

    A de-escalating reciprocity (Osgood 1962, GRIT: graduated reciprocation in tension-reduction).
    """

    name = "restrained"
    classifier = {"stochastic": False, "memory": 1, "source": "Osgood 1962"}
    Params = RestrainedParams

    def decide(self, obs: Observation, rng) -> int | None:
        if obs.received <= 0 or obs.grievance <= self.params.theta:
            return None
        level = obs.received - 1
        return level if level > 0 else None
