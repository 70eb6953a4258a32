"""Kabul's answer to a strike (docs/ODD.md 7.3a): after a Pakistani strike on Afghan soil (rung 5 or more, owned or
not - Kabul knows where the bombs fell), a kinetic answer within 7 days with probability

    p = logistic(intercept + acknowledged * [Pakistan owned the strike] + per_lesson * lessons),

after a geometric delay (mean ``mean_delay_days``, at most 7) at a rung drawn from ``rung_shares`` (skirmish,
shelling, raid, offensive), tilted toward the higher rungs by the lesson stock (``rung_per_lesson``, 4.5). One
draw per strike episode: strikes within ``episode_days`` of the last one that triggered a draw are the same
episode. Form and sizes: the record's 12 strike nights before the 2026 war (RECORD_STRIKES_ATTACKS.md, Table 1:
8 answered, median gap 2-3 days; every acknowledged strike answered), fitted in sim/validation/record_fits.py
(calibration/record_fits.yaml). The source counts Table 1's rows as separate episodes, October 2025's four strike
days 2-6 days apart among them, where this decision's 14-day grouping (an assumption) draws once for them: a
mismatch left open (docs/FINDINGS.md 10)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, field_validator

from sim.decisions.lessons import tilted
from sim.decisions.strategic_decision import StrategicDecision, geometric_delay, logistic, register
from sim.scenario.strict import Strict
from sim.submodels.ladder import Level

WINDOW_DAYS = 7  # answers the record links to a strike came within 0-5 days; fire 8-11 days on is not linked
ANSWER_RUNGS = (int(Level.SKIRMISH), int(Level.SHELLING), int(Level.STRIKE), int(Level.DEEP_STRIKE))


class StrikeAnswerSpec(Strict):
    intercept: float = Field(0.0, ge=-20.0, le=20.0, description="log-odds of answering a strike Pakistan does not own")
    acknowledged: float = Field(0.0, ge=-10.0, le=10.0, description="log-odds added when Pakistan owns the strike")
    mean_delay_days: float = Field(2.0, ge=0.0, le=30.0, description="mean days from the strike to the answer")
    rung_shares: tuple[float, float, float, float] = Field(
        (0.25, 0.25, 0.25, 0.25), description="shares of answers at rungs 3 (fire), 4 (shelling), 5 (raid), 6 (offensive)")
    episode_days: int = Field(14, ge=1, le=60, description="days after a drawn strike in which further strikes are the "
                                                          "same episode")

    @field_validator("rung_shares")
    @classmethod
    def _shares(cls, shares):
        if min(shares) < 0 or sum(shares) <= 0:
            raise ValueError(f"rung_shares must be >= 0 with a positive sum; found {list(shares)}")
        return shares


@register
class StrikeAnswer(StrategicDecision):
    """One draw per strike episode, on the day after the strike (Kabul perceives yesterday: docs/ODD.md 7.1)."""

    name = "strike_answer"
    side = "taliban"
    source = "RECORD_STRIKES_ATTACKS.md Table 1 (fit); Leng 1983/2000 (lessons)"
    Spec: ClassVar = StrikeAnswerSpec

    def __init__(self):
        self.last_draw_day: int | None = None

    def probability(self, spec, acknowledged: bool, lessons: float, per_lesson: float) -> float:
        return logistic(spec.intercept + spec.acknowledged * acknowledged + per_lesson * lessons)

    def orders(self, actor, rng) -> list[tuple[int, int]]:
        m = actor.model
        strikes = [a for a in m.log.of("pakistan", m.day - 1) if a.level >= Level.STRIKE]
        if not strikes:
            return []
        spec = self.spec_of(actor)
        if self.last_draw_day is not None and m.day - self.last_draw_day <= spec.episode_days:
            return []
        self.last_draw_day = m.day
        owned = any(a.acknowledged for a in strikes)
        if rng.random() >= self.probability(spec, owned, actor.lesson_stock, actor.lesson_logit):
            return []
        shares = tilted(spec.rung_shares, actor.lesson_tilt)
        u, total, rung = rng.random() * sum(shares), 0.0, ANSWER_RUNGS[-1]
        for r, share in zip(ANSWER_RUNGS, shares):
            total += share
            if u < total:
                rung = r
                break
        return [(m.day + geometric_delay(rng, spec.mean_delay_days, WINDOW_DAYS), rung)]
