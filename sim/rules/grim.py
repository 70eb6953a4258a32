"""Grim trigger: after one provocation at or above the trigger, maximum for ever."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sim.submodels.ladder import MAX_LEVEL
from sim.rules.base import Observation, Rule, RuleParams, register


class GrimParams(RuleParams):
    name: Literal["grim"] = "grim"
    trigger: int = Field(5, ge=1, le=MAX_LEVEL, description="level received that pulls the trigger")
    level: int = Field(MAX_LEVEL, ge=1, le=MAX_LEVEL, description="level held for ever once triggered")


@register
class Grim(Rule):
    """Stay quiet until an act at or above ``trigger`` is received, then answer at ``level`` every day.

    Friedman (1971), the grim-trigger strategy of repeated games.
    """

    name = "grim"
    classifier = {"stochastic": False, "memory": "infinite", "source": "Friedman 1971"}
    Params = GrimParams

    def reset(self) -> None:
        self.triggered = False

    def decide(self, obs: Observation, rng) -> int | None:
        if obs.received >= self.params.trigger:
            self.triggered = True
        return self.params.level if self.triggered else None
