"""Lessons across crises (docs/ODD.md 4.5): in recurrent crises between the same rivals, the lessons leaders draw
from one crisis shape their bargaining in the next - a side whose demand went unmet fights the next one more
coercively, one whose demand was met less so (Leng 1983, "When Will They Ever Learn?"; Leng 2000, whose cases
include India-Pakistan). A side's lesson stock L gains 1 for a crisis ending with its demand unmet and loses 1
for one ending with it met (sim/decisions/crisis_tracker.py judges which); it halves every ``half_life_days``.
Its strategic decisions (7.3a) add ``per_lesson`` x L to their log-odds and choose their rung with weights tilted by
``exp(k x rung_per_lesson x L)`` for the k-th rung they may choose (harder blows), and a threshold rule's theta falls
by ``theta_per_lesson`` x L (it answers provocation sooner: a more coercive bargainer). Every size is an assumption
with a prior in calibration/priors.yaml: the literature gives the direction, not a number for this dyad."""

from __future__ import annotations

import math

from pydantic import Field

from sim.scenario.strict import Strict


class LessonSpec(Strict):
    per_lesson: float = Field(0.5, ge=-5.0, le=5.0, description="log-odds added to the side's strategic decisions per "
                                                                "unit of lesson stock")
    theta_per_lesson: float = Field(0.0, ge=-50.0, le=50.0, description="grievance by which a threshold rule's theta "
                                                                        "falls per unit of lesson stock")
    rung_per_lesson: float = Field(0.0, ge=-5.0, le=5.0, description="log-weight per rung added to the choice of a "
                                                                      "decision's rung per unit of lesson stock (a "
                                                                      "tilt toward higher rungs)")
    half_life_days: float = Field(365.0, gt=0.0, le=3650.0, description="days for a lesson to lose half its weight")
    quiet_days: int = Field(30, ge=1, le=365, description="days with no fire (rung >= 3) by either state that end a "
                                                          "crisis")
    review_days: int = Field(60, ge=1, le=365, description="days after a crisis over which the side judges whether its "
                                                           "demand was met")
    initial: float = Field(0.0, ge=-20.0, le=20.0, description="lesson stock on day 0 (crises before the run)")


class LessonStock:
    """L with lazy decay: the value at ``day`` is the stored one halved every ``half_life_days`` since its update."""

    def __init__(self, initial: float = 0.0):
        self.value, self.day = initial, 0

    def at(self, day: int, half_life_days: float) -> float:
        return self.value * 0.5 ** ((day - self.day) / half_life_days) if self.value else 0.0

    def learn(self, day: int, half_life_days: float, demand_met: bool) -> None:
        self.value = self.at(day, half_life_days) + (-1.0 if demand_met else 1.0)
        self.day = day


def tilted(shares, tilt: float) -> list[float]:
    """``shares`` (of rungs in rising order) reweighted by exp(k x tilt) for the k-th: the lesson's tilt (4.5)."""
    if not tilt:
        return list(shares)
    top = max(0.0, tilt * (len(shares) - 1))  # subtract the largest exponent: no overflow
    return [share * math.exp(k * tilt - top) for k, share in enumerate(shares)]
