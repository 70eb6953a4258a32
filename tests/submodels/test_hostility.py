"""Hostility, the slow part of grievance (docs/ODD.md, 7.1a): known answers of the update, and through the whole
model in a quiet classroom world (tests/builders.py) a strike that the fast grievance forgets in days and
hostility keeps for months - and that the side's rule weighs both."""

import math

import pytest

from sim.scenario.rivalry import HostilitySpec
from sim.submodels.hostility import daily_retention, next_hostility
from tests.builders import build, quiet_world

STRIKE = {"day": 0, "type": "strike", "actor": "pakistan", "level": 5, "province": "Kunar", "acknowledged": True}


def test_hostility_halves_in_its_half_life():
    assert daily_retention(60.0) ** 60 == pytest.approx(0.5)
    spec = HostilitySpec(share_of_excess=0.3, routine_grievance_per_day=0.0, half_life_days=10.0)
    h = 40.0
    for _ in range(10):
        h = next_hostility(spec, h, 0.0)
    assert h == pytest.approx(20.0)


def test_only_a_days_grievance_beyond_the_routine_enters():
    spec = HostilitySpec(share_of_excess=0.25, routine_grievance_per_day=8.0, half_life_days=1e3)
    keep = daily_retention(1e3)
    assert next_hostility(spec, 10.0, 7.9) == pytest.approx(10.0 * keep)  # a routine day leaves no mark
    assert next_hostility(spec, 10.0, 48.0) == pytest.approx(10.0 * keep + 0.25 * 40.0)


def test_without_a_block_there_is_no_hostility():
    assert next_hostility(None, 0.0, 500.0) == 0.0
    model = build(quiet_world(events=[STRIKE]), days=5)
    model.run()
    assert model.taliban.hostility == 0.0 and model.taliban.felt_grievance == model.taliban.grievance


def struck_world(rule=None, days=40):
    taliban = {"hostility": {"share_of_excess": 0.5, "routine_grievance_per_day": 0.0, "half_life_days": 20.0},
               "grievance_decay": 0.8}
    if rule:
        taliban["rule"] = rule
    return build(quiet_world(events=[STRIKE], taliban=taliban), days=days)


def test_a_strike_is_kept_by_hostility_long_after_grievance_forgets_it():
    model = struck_world()
    model.step()  # day 0: the strike
    model.step()  # day 1: Kabul perceives it
    added = model.taliban.perceived.grievance_added
    assert added > 0
    assert model.taliban.hostility == pytest.approx(0.5 * added)
    for _ in range(20):
        model.step()
    assert model.taliban.hostility == pytest.approx(0.5 * added * 0.5)  # 20 quiet days: one half-life
    assert model.taliban.grievance == pytest.approx(added * 0.8**20)  # the fast part: about 1% left


def test_the_rule_weighs_grievance_and_hostility():
    # 30 days after the strike G alone is far below theta; G + H is above it, so the threshold rule acts
    probe = struck_world(days=32)
    probe.run()
    g, h = probe.taliban.grievance, probe.taliban.hostility
    theta = g + h / 2
    model = struck_world({"name": "threshold", "theta": theta, "grievance_per_level": 1e3}, days=32)
    model.run()
    assert g < theta < g + h
    assert model.taliban.intended == 1  # rung 1 (rhetoric) on the last day: past theta only with H


def test_with_a_ceiling_hostility_saturates_below_it():
    """Known answer: an addition a moves H toward C by 1 - e^(-a/C) of the room left (docs/ODD.md 7.1a), about
    a (1 - H/C) when small, so H never passes C however long the fighting lasts."""
    spec = HostilitySpec(share_of_excess=0.5, routine_grievance_per_day=0.0, half_life_days=3650.0, ceiling=20.0)
    keep = daily_retention(3650.0)
    kept = 10.0 * keep
    assert next_hostility(spec, 10.0, 8.0) == pytest.approx(kept + (20.0 - kept) * (1 - math.exp(-4.0 / 20.0)))
    assert next_hostility(spec, 10.0, 0.08) == pytest.approx(kept + 0.04 * (1 - kept / 20.0), rel=1e-4)
    h = 0.0
    for _ in range(1000):
        h = next_hostility(spec, h, 100.0)
    assert 19.0 < h < 20.0
    assert next_hostility(spec, 25.0, 100.0) == pytest.approx(25.0 * keep)  # above it (an initial value): none added
