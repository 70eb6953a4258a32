"""Restraint (docs/ODD.md, 7.4): pressure on a side, and how it removes rungs from a rule's proposal.

R = restraint_pressure x sum(mediator pressure x (1 - fatigue) x leverage over the side)
    + economic_sensitivity x share of border trade lost + domestic_cost.
Each rung above rhetoric that a rule proposes survives with probability exp(-R): the proposed rung is
tried first, then the one below, and so on down to rhetoric.
"""

from __future__ import annotations

import math

from sim.submodels.ladder import Level


def restraint_on(side: str, spec, restraint_pressure: float, mediators, trade_lost_share: float) -> float:
    """R for ``side`` today (docs/ODD.md, 7.4)."""
    mediated = sum([m.pressure_on(side) for m in mediators])
    return restraint_pressure * mediated + spec.economic_sensitivity * trade_lost_share + spec.domestic_cost


def restrain(proposed: int, pressure: float, rng) -> int:
    """Apply pressure to a proposed rung; returns the rung that survives (rhetoric at worst)."""
    if proposed <= Level.RHETORIC or pressure <= 0:
        return proposed
    survive = math.exp(-pressure)
    for rung in range(proposed, Level.RHETORIC, -1):
        if rng.random() < survive:
            return rung
    return int(Level.RHETORIC)
