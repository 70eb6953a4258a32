"""Strategic decisions (docs/ODD.md 7.3a): the choices that start and end crises - Pakistan's punitive strike after a
mass-casualty attack, Kabul's answer to a strike, Pakistan's open war after an Afghan offensive - beside the
retaliation rules, each a small unit registered by name with its form from the literature and its size fitted on the
record (sim/validation/record_fits.py); and the lessons each side carries from one crisis to the next (docs/ODD.md
4.5)."""

from sim.decisions.strategic_decision import DECISIONS, StrategicDecision, make_decisions
from sim.decisions import punitive_strike, strike_answer  # noqa: F401  each registers itself (registry order: draw order)
from sim.decisions import open_war_answer  # noqa: F401,E402

__all__ = ["DECISIONS", "StrategicDecision", "make_decisions"]
