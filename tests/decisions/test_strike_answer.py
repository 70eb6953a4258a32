"""Kabul's answer to strikes (docs/ODD.md 7.3a): a scripted Pakistani strike is answered at the decision's rate,
within its window, at its rungs; one draw per episode."""

from __future__ import annotations

from scipy.stats import binomtest

from sim.decisions.strategic_decision import logistic
from tests.builders import build, quiet_world

ANSWER = {"intercept": -0.5, "acknowledged": 1.5, "mean_delay_days": 1.0, "rung_shares": [0.0, 0.0, 1.0, 0.0]}


def struck(acknowledged: bool, answer=ANSWER, nights=(0,)) -> dict:
    events = [{"type": "strike", "day": d, "actor": "pakistan", "level": 5, "province": "Khost",
               "acknowledged": acknowledged} for d in nights]
    return quiet_world(scenario="oct2025.yaml", events=events, days=20,
                       taliban={"decisions": {"strike_answer": answer}})


def answers(model) -> list:
    return [a for a in model.log.acts if a.actor == "taliban" and a.level >= 3]


def test_an_acknowledged_strike_is_answered_at_the_decisions_rate():
    runs = [build(struck(True), seed=s).run() for s in range(300)]
    answered = [m for m in runs if answers(m)]
    assert binomtest(len(answered), len(runs), logistic(-0.5 + 1.5)).pvalue > 0.001
    assert all(answers(m)[0].level == 5 and 1 <= answers(m)[0].day <= 8 for m in answered)  # perceived the day after


def test_an_unowned_strike_is_answered_less_often():
    runs = [build(struck(False), seed=s).run() for s in range(300)]
    assert binomtest(sum(bool(answers(m)) for m in runs), len(runs), logistic(-0.5)).pvalue > 0.001


def test_strike_nights_of_one_episode_draw_once():
    always = {**ANSWER, "intercept": 20.0}
    never_after_first = build(struck(False, always, nights=(0, 3, 6)), seed=1).run()
    assert len({a.day for a in answers(never_after_first)}) == 1
