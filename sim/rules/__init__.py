"""Retaliation rules, registered by name (MODEL.md s.6). Importing this package registers all eight."""

from typing import Annotated, Union

from pydantic import Field

from sim.rules import grim, proportional, richardson, threshold, tit_for_tat  # noqa: F401  (registration)
from sim.rules.base import RULES, Observation, Rule, make_rule, register, rules_where

RuleSpec = Annotated[Union[tuple(cls.Params for cls in RULES.values())], Field(discriminator="name")]

__all__ = ["RULES", "Observation", "Rule", "RuleSpec", "make_rule", "register", "rules_where"]
