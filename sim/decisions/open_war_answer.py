"""Pakistan's answer to an Afghan offensive (docs/ODD.md 7.3a): after a Taliban act at rung 6 or more on Pakistan
(an offensive, raids on several sectors, a deep strike), open war within ``WINDOW_DAYS`` with probability

    p = logistic(intercept + failed_settlement * [a mediated settlement failed] + per_lesson * lessons),

one draw per episode (acts within ``episode_days`` of the last drawn one are the same episode), after a geometric
delay (mean ``mean_delay_days``). A mediated settlement *failed* when a national ceasefire brokered by a mediator
began in the ``memory_days`` before the offensive and a major attack Pakistan blames on Kabul came after it began
(any such ceasefire, not only the latest: as the fit's cases are read): the demand the settlement was to meet
(Kabul restrains the TTP) went unmet.

Form: failed peaceful settlements add pressure to settle the issue by force (Hensel et al. 2008); mediated
agreements last less well and the side that feels cheated bargains more coercively in the next crisis (Beardsley
2008; Leng 1983, 2000; facts/LITERATURE.md). The record has two cases of the step (observations.yaml): Kabul's
raids on several sectors of 11 Oct 2025, with no mediated settlement before them, answered by strikes and a
ceasefire; its offensive of 26 Feb 2026, after the Doha ceasefire of 19 Oct 2025 had been followed by the
attacks of Nov 2025 and Feb 2026, answered by declared open war the same night. Sizes: the logistic fit of those
two cases and of the dyad's two earlier Afghan offensives, 1950 and 1960-61, answered short of war and weighing
half a case each (record/before_2021/offensives.yaml; sim/validation/earlier_cases.py), with the weakly
informative priors of every fit (sim/validation/record_fits.py, calibration/record_fits.yaml) - a fit of few
cases: its uncertainty, carried into the posterior, is much of what it says.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from sim.decisions.strategic_decision import StrategicDecision, geometric_delay, logistic, register
from sim.scenario.strict import Strict
from sim.submodels.ladder import Level

WINDOW_DAYS = 3  # open war came the same night in the one case taken (RECORD_STRIKES_ATTACKS.md Table 1 row 13)
MEMORY_DAYS = 365  # assumption: a failed settlement weighs for a year (the record's one lies 130 days back)


class OpenWarAnswerSpec(Strict):
    intercept: float = Field(-2.0, ge=-20.0, le=20.0, description="log-odds of open war after an Afghan offensive when "
                                                                   "no mediated settlement failed")
    failed_settlement: float = Field(0.0, ge=-20.0, le=20.0, description="log-odds added when a mediated settlement "
                                                                          "failed in the memory_days before")
    memory_days: int = Field(MEMORY_DAYS, ge=1, le=3650, description="days a failed mediated settlement is remembered")
    mean_delay_days: float = Field(0.0, ge=0.0, le=30.0, description="mean days from the offensive to open war")
    episode_days: int = Field(14, ge=1, le=60, description="days after a drawn offensive in which further ones are "
                                                          "the same episode")


class SettlementMemory:
    """Every mediated national ceasefire Pakistan accepted, and whether a major attack it blamed on Kabul came after
    it: a settlement failed when any ceasefire of the last ``memory_days`` was followed by one - the record's own
    definition (sim/validation/record_cases.py), which the fit is made with. A later ceasefire does not erase an
    earlier one's failure: histories of failed settlements add pressure (Hensel et al. 2008)."""

    def __init__(self):
        self.ceasefires: dict[int, bool] = {}  # start day -> a blamed major attack came on or after it

    def update(self, actor) -> None:
        """Take today in: a new mediated ceasefire, or the major attacks ``actor`` blames on Kabul today."""
        cf = actor.model.ceasefire
        if cf.broker and cf.began >= 0 and cf.began not in self.ceasefires:  # a new mediated ceasefire
            self.ceasefires[cf.began] = False
        if self.ceasefires and actor.blamed_major_attacks():
            day = actor.model.day
            for began in self.ceasefires:
                if began <= day:
                    self.ceasefires[began] = True

    def failed(self, day: int, memory_days: int) -> bool:
        return any(attacked and day - began <= memory_days for began, attacked in self.ceasefires.items())

    def __setstate__(self, state: dict) -> None:
        """A checkpoint written before 2026-12-08 kept only the last ceasefire (``began``, ``attacks_since``)."""
        if "began" in state:
            began, attacks = state.pop("began"), state.pop("attacks_since", 0)
            state["ceasefires"] = {} if began is None else {began: attacks > 0}
        self.__dict__.update(state)


@register
class OpenWarAnswer(StrategicDecision):
    """One draw per Afghan offensive episode, on the day after it (Pakistan perceives yesterday: docs/ODD.md 7.1)."""

    name = "open_war_answer"
    side = "pakistan"
    source = "observations.yaml, Kabul's rung-6 acts of Oct 2025 and Feb 2026, and before_2021/offensives.yaml " \
             "(fit); Hensel et al. 2008, Beardsley 2008, Leng 1983/2000 (form)"
    Spec: ClassVar = OpenWarAnswerSpec

    def __init__(self):
        self.last_draw_day: int | None = None
        self.settlement = SettlementMemory()

    def probability(self, spec, failed: bool, lessons: float, per_lesson: float) -> float:
        return logistic(spec.intercept + spec.failed_settlement * failed + per_lesson * lessons)

    def orders(self, actor, rng) -> list[tuple[int, int]]:
        m = actor.model
        self.settlement.update(actor)
        if not any(a.level >= Level.DEEP_STRIKE for a in m.log.of("taliban", m.day - 1)):
            return []
        spec = self.spec_of(actor)
        if self.last_draw_day is not None and m.day - self.last_draw_day <= spec.episode_days:
            return []
        self.last_draw_day = m.day
        failed = self.settlement.failed(m.day, spec.memory_days)
        if rng.random() >= self.probability(spec, failed, actor.lesson_stock, actor.lesson_logit):
            return []
        return [(m.day + geometric_delay(rng, spec.mean_delay_days, WINDOW_DAYS), int(Level.OPEN_WAR))]
