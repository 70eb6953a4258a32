"""Reopening as a daily hazard (docs/ODD.md, 7.11): known answers of the formula, and closure lengths whose
mean matches it, through the whole model in a quiet classroom world (tests/builders.py)."""

import math

import numpy as np
import pytest

from sim.scenario.closures import ReopeningSpec
from sim.submodels.reopening import daily_probability, reopening_rate
from tests.builders import build, quiet_world

TORKHAM_SHARE = 3_000_000 / 4_500_000  # classroom_map: Torkham's share of the map's trade


def test_the_rate_adds_its_terms():
    spec = ReopeningSpec(base_per_day=0.01, calm_per_day=0.1, own_trade_loss_per_day=0.3, ceasefire_per_day=0.5)
    assert reopening_rate(spec, calm=False, trade_lost_share=0.0, ceasefire_active=False) == pytest.approx(0.01)
    assert reopening_rate(spec, True, 0.5, True) == pytest.approx(0.01 + 0.1 + 0.15 + 0.5)
    assert daily_probability(0.0) == 0.0 and daily_probability(math.log(2)) == pytest.approx(0.5)


def closure_world(reopening, *, political=False, days=150, seed=1, events=(), taliban=None):
    closure = {"day": 0, "type": "closure", "actor": "pakistan", "crossings": ["Torkham"], "political": political}
    data = quiet_world(events=[closure, *events], pakistan={"reopening": reopening}, taliban=taliban)
    return build(data, seed, days)


def closed_days(model):
    return model.run().summary()["crossing_closed_days"]["Torkham"]


@pytest.mark.parametrize("base, calm, trade", [(0.0, 0.2, 0.0), (0.05, 0.1, 0.3), (0.5, 0.0, 0.0)])
def test_the_mean_closure_length_is_one_over_the_daily_probability(base, calm, trade):
    # a quiet world: every day is calm, no ceasefire, Torkham's share of trade lost while it is closed
    spec = {"base_per_day": base, "calm_per_day": calm, "own_trade_loss_per_day": trade, "ceasefire_per_day": 0.0}
    p = daily_probability(base + calm + trade * TORKHAM_SHARE)
    lengths = [closed_days(closure_world(spec, seed=s)) for s in range(600)]
    sd = math.sqrt((1 - p) / p**2 / len(lengths))  # geometric on 1, 2, ...: mean 1/p, variance (1-p)/p^2
    assert abs(np.mean(lengths) - 1 / p) < 3.29 * sd
    assert min(lengths) == 1  # no draw on the day of closing
    assert len(set(lengths)) > 3  # a distribution, not one length for every seed


def test_a_political_closure_waits_for_its_demand_then_reopens():
    spec = {"base_per_day": 5.0, "demand_ttp_restraint": 0.5}
    assert closed_days(closure_world(spec, political=True, days=30)) == 30
    change = {"day": 10, "type": "policy_change", "actor": "taliban", "set": {"ttp_restraint": 0.6}}
    lengths = closed_days(closure_world(spec, political=True, days=30, events=[change]))
    assert 10 <= lengths <= 11  # rate 5: p = 0.993 a day once Kabul meets the demand on day 10 (step 1)


def test_a_political_closure_can_ease_to_partial_for_people_and_aid():
    spec = {"base_per_day": 5.0, "partial_per_day": 5.0, "demand_ttp_restraint": 1.0}
    model = closure_world(spec, political=True, days=5).run()
    assert model.datacollector.model_vars["crossing_torkham"] == [2, 1, 1, 1, 1]


def test_a_local_closure_ignores_the_political_demand():
    spec = {"base_per_day": 5.0, "demand_ttp_restraint": 1.0}
    assert closed_days(closure_world(spec, political=False, days=10)) == 1


def test_fire_at_a_crossing_closes_it_locally_for_a_side_that_closes_on_local_fire():
    fire = {"day": 0, "type": "strike", "actor": "taliban", "level": 4, "province": "Khyber", "acknowledged": True}
    data = quiet_world(events=[fire], pakistan={"close_local_crossing_at": 4, "reopening": {"base_per_day": 0.0,
                                                                                           "calm_per_day": 0.0}})
    model = build(data, 1, 3).run()
    assert model.world.crossings["Torkham"].status == 2 and model.world.crossings["Chaman"].status == 0
    assert model.world.crossings["Torkham"].political["pakistan"] is False


def test_a_crossing_without_people_does_not_ease_to_partial():
    """Partial means people and aid pass (7.11): a trade-only crossing (people_per_day 0) stays fully closed while
    its political demand is unmet, where one that people use eases."""
    spec = {"base_per_day": 5.0, "partial_per_day": 5.0, "demand_ttp_restraint": 1.0}
    closure = {"day": 0, "type": "closure", "actor": "pakistan", "crossings": ["Torkham", "Chaman"], "political": True}
    model = build(quiet_world(events=[closure], pakistan={"reopening": spec}), 1, 5)
    model.world.crossings["Chaman"].people_per_day = 0.0  # the classroom map's Chaman as a trade-only crossing
    model.run()
    assert model.datacollector.model_vars["crossing_torkham"] == [2, 1, 1, 1, 1]
    assert model.datacollector.model_vars["crossing_chaman"] == [2, 2, 2, 2, 2]
