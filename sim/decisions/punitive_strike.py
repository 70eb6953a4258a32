"""Pakistan's punitive-strike doctrine (docs/ODD.md 7.3a): after a major attack it blames on Afghanistan-based
groups, a strike inside Afghanistan within 14 days with probability

    p = logistic(intercept + per_year * (year - 2024) + per_log_killed * log(killed / 10) + city * [in a city]
                 + per_lesson * lessons)

and, if so, after a geometric delay (mean ``mean_delay_days``, at most 14) at rung 6 (a deep strike) with
probability ``deep_share`` (tilted by the lesson stock, ``rung_per_lesson``: 4.5), else rung 5. Form: a logistic
regression of the record's 28 core attacks (RECORD_STRIKES_ATTACKS.md, Table 2: 8 followed within 14 days, 3 of 22
before October 2025 and 5 of 6 since - a doctrine that changed, which the year term carries); sizes: its fit
(sim/validation/record_fits.py, calibration/record_fits.yaml), uncertainty carried into the posterior as normal
priors. ``year`` is the run's calendar date (``start_date`` + day); a scenario without a date is taken at 2024.0, the
reference year. Lessons: 4.5.
"""

from __future__ import annotations

import math
from typing import ClassVar

from pydantic import Field

from sim.decisions.lessons import tilted
from sim.decisions.major_attack import MIN_KILLED, is_major
from sim.decisions.strategic_decision import StrategicDecision, geometric_delay, logistic, register
from sim.scenario.strict import Strict
from sim.submodels.ladder import Level

WINDOW_DAYS = 14  # the record's window: a strike within 14 days of the attack (Table 2)
REFERENCE_YEAR = 2024.0


class PunitiveStrikeSpec(Strict):
    intercept: float = Field(-1.5, ge=-20.0, le=20.0, description="log-odds of a strike after a major attack of 10 "
                                                                   "killed, outside a city, in 2024")
    per_year: float = Field(0.0, ge=-10.0, le=10.0, description="log-odds added per calendar year after 2024 (the "
                                                                "doctrine's change)")
    per_log_killed: float = Field(0.0, ge=-10.0, le=10.0, description="log-odds added per unit of log(killed / 10)")
    city: float = Field(0.0, ge=-10.0, le=10.0, description="log-odds added for an attack in a city (pk_interior)")
    mean_delay_days: float = Field(3.0, ge=0.0, le=30.0, description="mean days from the attack to the strike")
    deep_share: float = Field(0.1, ge=0.0, le=1.0, description="share of punitive strikes that are deep strikes (rung 6)")


def calendar_year(model) -> float:
    """The run's date today as a year with a fraction (2024.0 without a ``start_date``)."""
    start = model.config.start_date
    if start is None:
        return REFERENCE_YEAR
    return start.year + (start.timetuple().tm_yday - 1 + model.day) / 365.25


@register
class PunitiveStrike(StrategicDecision):
    """One draw per major attack blamed on Kabul (today's TTP attacks; Pakistan blames every one it sees)."""

    name = "punitive_strike"
    side = "pakistan"
    source = "RECORD_STRIKES_ATTACKS.md Table 2 (fit); Leng 1983/2000 (lessons)"
    Spec: ClassVar = PunitiveStrikeSpec

    def probability(self, spec, year: float, killed: int, in_city: bool, lessons: float, per_lesson: float) -> float:
        z = (spec.intercept + spec.per_year * (year - REFERENCE_YEAR)
             + spec.per_log_killed * math.log(max(killed, 1) / MIN_KILLED) + spec.city * in_city + per_lesson * lessons)
        return logistic(z)

    @staticmethod
    def deep_share(spec, tilt: float) -> float:
        """``deep_share`` tilted by the lesson (4.5): the deep strike's weight times e^tilt, renormalised."""
        if not tilt:
            return spec.deep_share
        shallow, deep = tilted((1.0 - spec.deep_share, spec.deep_share), tilt)
        return deep / (shallow + deep)

    def orders(self, actor, rng) -> list[tuple[int, int]]:
        m = actor.model
        majors = [a for a in m.log.ttp_attacks_today
                  if is_major(a.killed("pakistan_military"), a.killed("pakistan_civilian"))]
        if not majors:
            return []
        spec = self.spec_of(actor)
        year = calendar_year(m)
        orders = []
        for attack in majors:
            killed = attack.killed("pakistan_military") + attack.killed("pakistan_civilian")
            in_city = bool(set(attack.provinces) & m.world.cities)
            p = self.probability(spec, year, killed, in_city, actor.lesson_stock, actor.lesson_logit)
            if rng.random() < p:
                rung = Level.DEEP_STRIKE if rng.random() < self.deep_share(spec, actor.lesson_tilt) else Level.STRIKE
                orders.append((m.day + geometric_delay(rng, spec.mean_delay_days, WINDOW_DAYS), int(rung)))
        return orders
