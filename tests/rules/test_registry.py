"""Every registered rule has a test class (so a new rule without tests fails here)."""

import importlib
import pkgutil

from sim.rules import RULES

from .base import RuleTestCase


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def test_every_rule_has_a_test_class():
    package = importlib.import_module(__package__)
    for module in pkgutil.iter_modules(package.__path__):
        if module.name.startswith("test_"):
            importlib.import_module(f"{__package__}.{module.name}")
    tested = {cls.rule_name for cls in _all_subclasses(RuleTestCase) if cls.__name__.startswith("Test")}
    assert set(RULES) - tested == set(), "rules without a RuleTestCase subclass"
    assert tested - set(RULES) == set(), "test classes for unregistered rules"


def test_the_nine_rules_of_the_model_are_registered():
    assert set(RULES) >= {  # docs/ODD.md, 7.2
        "tit_for_tat", "generous_tit_for_tat", "proportional", "escalate",
        "threshold", "restrained", "grim", "richardson", "passive",
    }
