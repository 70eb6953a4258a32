"""Lessons across crises (docs/ODD.md 4.5): the stock's known answers, a crisis whose demand went unmet moving the
next decision by the lesson's size, and the crisis tracker's judgement."""

from __future__ import annotations

import pytest

from sim.decisions.lessons import LessonStock
from sim.decisions.strategic_decision import logistic
from tests.builders import build, quiet_world


def test_stock_learns_and_halves():
    stock = LessonStock()
    stock.learn(0, 100.0, demand_met=False)
    assert stock.at(0, 100.0) == 1.0 and stock.at(100, 100.0) == pytest.approx(0.5)
    stock.learn(100, 100.0, demand_met=True)
    assert stock.at(100, 100.0) == pytest.approx(-0.5)


LESSONS = {"per_lesson": 1.0, "half_life_days": 3650.0, "quiet_days": 5, "review_days": 10}


def crisis_then(kept_striking: bool) -> dict:
    """A strike on day 0 starts a crisis for Kabul (its demand: no strikes, open crossings); with
    ``kept_striking`` another strike comes inside the review days, so the demand goes unmet."""
    events = [{"type": "strike", "day": 0, "actor": "pakistan", "level": 5, "province": "Khost"}]
    if kept_striking:
        events.append({"type": "strike", "day": 10, "actor": "pakistan", "level": 5, "province": "Khost"})
    return quiet_world(scenario="oct2025.yaml", events=events, days=20, taliban={"lessons": LESSONS})


def test_a_crisis_with_the_demand_unmet_adds_a_lesson():
    unmet = build(crisis_then(True), seed=1).run()
    met = build(crisis_then(False), seed=1).run()
    assert unmet.taliban.lesson_stock == pytest.approx(1.0, rel=0.01)  # learnt on day 15, decayed for 4 days
    assert met.taliban.lesson_stock == pytest.approx(-1.0, rel=0.01)


def test_the_lesson_moves_the_next_decision_by_its_size():
    model = build(crisis_then(True), seed=1).run()
    from sim.decisions.strike_answer import StrikeAnswer, StrikeAnswerSpec

    spec = StrikeAnswerSpec(intercept=-1.0)
    after = StrikeAnswer().probability(spec, False, model.taliban.lesson_stock, model.taliban.lesson_logit)
    assert model.taliban.lesson_stock > 0.99
    assert after == pytest.approx(logistic(-1.0 + 1.0 * model.taliban.lesson_stock))


def test_a_lesson_lowers_pakistans_threshold():
    lessons = {**LESSONS, "theta_per_lesson": 7.0, "initial": 2.0}
    data = quiet_world(scenario="oct2025.yaml", days=2, pakistan={"lessons": lessons, "rule": {
        "name": "threshold", "theta": 10.0, "grievance_per_level": 100.0}, "initial_grievance": 0.0})
    assert build(data, seed=1).run().pakistan.level >= 1  # grievance 0 + 7 x 2 = 14 > theta 10


def test_the_lesson_tilts_a_decisions_rung_upward_by_its_size():
    """Known answer of the tilt (4.5): weights share_k x e^(k x tilt), renormalised; none without a lesson."""
    from sim.decisions.lessons import tilted
    from sim.decisions.punitive_strike import PunitiveStrike, PunitiveStrikeSpec

    shares = [0.25, 0.25, 0.5]
    assert tilted(shares, 0.0) == shares
    w, expected = tilted(shares, 1.0), [0.25, 0.25 * 2.718281828, 0.5 * 7.389056099]
    assert [x / sum(w) for x in w] == pytest.approx([x / sum(expected) for x in expected])
    spec = PunitiveStrikeSpec(deep_share=0.2)
    assert PunitiveStrike.deep_share(spec, 0.0) == 0.2
    assert PunitiveStrike.deep_share(spec, 2.0) == pytest.approx(0.2 * 7.389056099 / (0.8 + 0.2 * 7.389056099))


def test_kabul_answers_harder_after_an_unmet_demand():
    """A rung tilt: Kabul's answer to a strike, every answer a skirmish or an offensive in equal shares, comes at the
    offensive in e^tilt / (1 + e^tilt) of runs with one unit of lesson stock."""
    from scipy.stats import binomtest

    answer = {"intercept": 20.0, "acknowledged": 0.0, "mean_delay_days": 0.0, "rung_shares": [1.0, 0.0, 0.0, 1.0]}
    lessons = {**LESSONS, "rung_per_lesson": 1.0, "initial": 1.0, "half_life_days": 3650.0}
    data = quiet_world(scenario="oct2025.yaml", days=4, taliban={"lessons": lessons, "decisions": {
        "strike_answer": answer}}, events=[{"type": "strike", "day": 0, "actor": "pakistan", "level": 5,
                                            "province": "Khost"}])
    rungs = [max(a.level for a in build(data, seed=s).run().log.acts if a.actor == "taliban") for s in range(300)]
    assert set(rungs) <= {3, 6}
    p = logistic(3.0)  # e^(3 x 1) / (1 + e^(3 x 1)): the offensive is the 4th rung (k = 3)
    assert binomtest(sum(r == 6 for r in rungs), len(rungs), p).pvalue > 0.001
