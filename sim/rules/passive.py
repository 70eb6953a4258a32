"""Passive: never act, whatever is received."""

from __future__ import annotations

from typing import Literal

from sim.rules.base import Observation, Rule, RuleParams, register


class PassiveParams(RuleParams):
    name: Literal["passive"] = "passive"


@register
class Passive(Rule):
    """Never propose a rung: the side's posture only cools, and only scripted events or a person act for it.

    The unconditional co-operator (ALL C) of Axelrod (1984), the null strategy of his tournaments; here it
    makes a quiet world in which one submodel can be watched alone (docs/ODD.md, 7.2).
    """

    name = "passive"
    classifier = {"stochastic": False, "memory": 0, "source": "Axelrod 1984"}
    Params = PassiveParams

    def decide(self, obs: Observation, rng) -> int | None:
        return None
