"""Richardson's arms-race model as a retaliation rule (Richardson 1960, Arms and Insecurity)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sim.submodels.ladder import MAX_LEVEL, MIN_LEVEL
from sim.rules.base import Observation, Rule, RuleParams, register


class RichardsonParams(RuleParams):
    name: Literal["richardson"] = "richardson"
    k: float = Field(0.3, ge=0.0, description="reaction to the other side's intensity (k or l)")
    a: float = Field(0.5, ge=0.0, le=1.0, description="fatigue / cost damping of one's own intensity (a or b)")
    g: float = Field(0.1, description="standing grievance, intensity added each day (g or h)")
    initial: float = Field(0.0, ge=0.0, le=MAX_LEVEL, description="starting intensity")


def richardson_step(x: float, y: float, k: float, a: float, g: float) -> float:
    """One day of x' = x + k*y - a*x + g, kept on the ladder's range [0, 7]."""
    return min(float(MAX_LEVEL), max(float(MIN_LEVEL), x + k * y - a * x + g))


def richardson_equilibrium(k: float, a: float, g: float, l: float, b: float, h: float) -> float | None:
    """x* = (b*g + k*h) / (a*b - k*l) for the pair (x: k, a, g; y: l, b, h); None when unstable (a*b <= k*l)."""
    det = a * b - k * l
    if det <= 0:
        return None
    return (b * g + k * h) / det


@register
class Richardson(Rule):
    """Continuous intensity x' = x + k*y - a*x + g, where y is the level received; acts at round(x).

    Stable with equilibrium x* = (b*g + k*h)/(a*b - k*l) when a*b > k*l; otherwise runs away to open war.
    Richardson (1960), Arms and Insecurity.
    """

    name = "richardson"
    classifier = {"stochastic": False, "memory": "intensity", "source": "Richardson 1960"}
    Params = RichardsonParams

    def reset(self) -> None:
        self.intensity = float(self.params.initial)

    def update(self, y: float) -> float:
        p = self.params
        self.intensity = richardson_step(self.intensity, y, p.k, p.a, p.g)
        return self.intensity

    def decide(self, obs: Observation, rng) -> int | None:
        level = int(round(self.update(obs.received)))
        return level if level > 0 else None
