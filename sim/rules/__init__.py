"""Retaliation rules, registered by name (docs/ODD.md, 7.2). Importing this package registers all nine."""

from typing import Annotated, Union

from pydantic import Field

from sim.rules import grim, passive, proportional, richardson, threshold, tit_for_tat  # noqa: F401  (registration)
from sim.rules.base import RULES, Observation, Rule, make_rule, register, rules_where

RuleSpec = Annotated[Union[tuple(cls.Params for cls in RULES.values())], Field(discriminator="name")]

__all__ = ["RULES", "Observation", "Rule", "RuleSpec", "make_rule", "register", "rules_where"]
