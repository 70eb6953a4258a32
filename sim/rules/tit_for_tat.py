"""Tit for tat and its generous variant (Axelrod 1984; Nowak & Sigmund 1992)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sim.rules.base import Observation, Rule, RuleParams, register


class TitForTatParams(RuleParams):
    name: Literal["tit_for_tat"] = "tit_for_tat"


@register
class TitForTat(Rule):
    """Answer the last act received at the same level; do nothing when nothing was received.

    Axelrod (1984), The Evolution of Cooperation. Two tit-for-tat actors echo a single provocation for ever.
    """

    name = "tit_for_tat"
    classifier = {"stochastic": False, "memory": 1, "source": "Axelrod 1984"}
    Params = TitForTatParams

    def decide(self, obs: Observation, rng) -> int | None:
        return obs.received if obs.received > 0 else None


class GenerousTitForTatParams(RuleParams):
    name: Literal["generous_tit_for_tat"] = "generous_tit_for_tat"
    forgiveness: float = Field(0.1, ge=0.0, le=1.0, description="probability g of letting an act go unanswered")


@register
class GenerousTitForTat(Rule):
    """Tit for tat that forgives each act with probability ``forgiveness`` (g).

    Nowak & Sigmund (1992), Tit for tat in heterogeneous populations. Between two such actors an echo of
    one provocation lasts 1/g acts on average (a geometric number of answers).
    """

    name = "generous_tit_for_tat"
    classifier = {"stochastic": True, "memory": 1, "source": "Nowak & Sigmund 1992"}
    Params = GenerousTitForTatParams

    def decide(self, obs: Observation, rng) -> int | None:
        if obs.received <= 0:
            return None
        if rng.random() < self.params.forgiveness:
            return None
        return obs.received
