"""Invariants that must hold for any seed and any sensible setting (Hypothesis property tests)."""

import copy

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.acts import CASUALTY_GROUPS
from sim.submodels.ladder import MAX_LEVEL, Level
from sim.scenario.loading import scenario_from_data
from sim.model import run
from sim.rules import RULES

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def variants(draw, base):
    data = copy.deepcopy(base)
    data["restraint_pressure"] = draw(st.floats(0.0, 5.0))
    for side in ("pakistan", "taliban"):
        actor = data["actors"][side]
        name = draw(st.sampled_from(sorted(RULES)))
        actor["rule"] = {"name": name}
        actor["misperception"] = draw(st.floats(0.0, 0.5))
        actor["attribution"] = draw(st.floats(0.0, 1.0))
        actor["max_step_up"] = draw(st.integers(1, MAX_LEVEL))
    return scenario_from_data(data), draw(st.integers(0, 2**32 - 1)), draw(st.integers(20, 80))


def _base(oct2025):
    return oct2025.model_dump(mode="json")


@SETTINGS
@given(data=st.data())
def test_levels_casualties_and_trade_stay_in_range(oct2025, data):
    scenario, seed, days = data.draw(variants(_base(oct2025)))
    model = run(scenario, seed=seed, days=days)
    v = model.datacollector.model_vars
    for col in ("level_pakistan", "level_taliban", "level_max"):
        assert all(0 <= x <= MAX_LEVEL for x in v[col]), col
    for col in (*CASUALTY_GROUPS, "trade_lost_usd", "ttp_fighters", "ttp_attacks"):
        assert all(x >= 0 for x in v[col]), col
    assert all(np.diff(v["trade_lost_usd_cumulative"]) >= 0)
    assert all(a.level in range(0, MAX_LEVEL + 1) for a in model.log.acts)
    assert all(n >= 0 for a in model.log.acts for n in a.casualties.values())
    assert all(c.fighters >= 0 for c in model.ttp_cells)
    assert all(0 <= p.intact_posts <= p.posts for p in model.world.provinces.values())
    s = model.summary()
    assert s["trade_lost_usd"] >= 0 and all(x >= 0 for x in s["casualties"].values())
    assert 0 <= s["peak_level"] <= MAX_LEVEL


@SETTINGS
@given(data=st.data())
def test_a_seed_reproduces_its_run(oct2025, data):
    scenario, seed, days = data.draw(variants(_base(oct2025)))
    a, b = run(scenario, seed=seed, days=days), run(scenario, seed=seed, days=days)
    assert a.datacollector.model_vars == b.datacollector.model_vars
    assert a.summary() == b.summary()


@SETTINGS
@given(data=st.data())
def test_a_ceasefire_caps_both_sides_at_rhetoric_while_it_holds(oct2025, data):
    base = _base(oct2025)
    base["events"].append({"day": 1, "type": "ceasefire", "days": 40, "monitoring": data.draw(st.floats(0, 1))})
    scenario, seed, days = data.draw(variants(base))
    model = run(scenario, seed=seed, days=days)
    v = model.datacollector.model_vars
    breach_days = {a.day for a in model.log.acts if a.kind == "ceasefire_breach"}
    held = [d for d in range(1, len(v["day"])) if v["ceasefire"][d - 1] and v["ceasefire"][d] and d not in breach_days]
    for d in held:
        acts = [a for a in model.log.acts if a.day == d and a.actor in ("pakistan", "taliban")]
        assert all(a.level <= Level.RHETORIC for a in acts), (d, [(a.actor, a.kind, a.level) for a in acts])
        assert v["level_pakistan"][d] <= Level.RHETORIC and v["level_taliban"][d] <= Level.RHETORIC, d
    for d in range(len(v["day"])):  # whenever a ceasefire is on at the end of a day, postures are capped
        if v["ceasefire"][d]:
            assert v["level_max"][d] <= Level.RHETORIC, d


def test_ceasefire_property_is_not_vacuous(oct2025):
    """Under a long scripted ceasefire with no breaches allowed, fighting must stop: no act above rhetoric."""
    base = _base(oct2025)
    base["events"].append({"day": 1, "type": "ceasefire", "days": 60, "monitoring": 1.0})
    model = run(scenario_from_data(base), seed=3, days=60)
    assert all(model.datacollector.model_vars["ceasefire"][1:])
    assert not [a for a in model.log.acts if a.day >= 1 and a.actor in ("pakistan", "taliban") and a.level > Level.RHETORIC]
