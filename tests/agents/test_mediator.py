"""Mediators (docs/ODD.md, 7.6): engagement, pressure, fatigue, talks and ceasefires."""

import math
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.agents.mediator import acceptance_probability
from sim.scenario.loading import scenario_from_data
from sim.model import EscalationModel
from sim.scenario.schema import CeasefireSpec
from tests.builders import quiet_world



def logistic(z):
    return 1.0 / (1.0 + math.exp(-z))


# --- acceptance probability ------------------------------------------------------------------------

def test_acceptance_is_one_half_at_z_zero():
    spec = CeasefireSpec(accept_base=0.0, accept_per_pressure=1.0, accept_per_fighting_day=0.1, accept_per_grievance=0.02)
    assert acceptance_probability(0.0, 0, 0.0, spec) == 0.5
    # z = -1 + 1.0*1 + 0.1*10 - 0.02*50 = 0
    assert acceptance_probability(1.0, 10, 50.0, CeasefireSpec()) == pytest.approx(0.5)


@pytest.mark.parametrize("pressure, days, grievance", [(0.5, 3, 20.0), (2.0, 0, 0.0), (0.0, 12, 100.0), (1.3, 7, 4.0)])
def test_acceptance_is_the_logistic_of_its_linear_predictor(pressure, days, grievance):
    spec = CeasefireSpec(accept_base=-1.5, accept_per_pressure=1.2, accept_per_fighting_day=0.25, accept_per_grievance=0.01)
    z = -1.5 + 1.2 * pressure + 0.25 * days - 0.01 * grievance
    assert acceptance_probability(pressure, days, grievance, spec) == pytest.approx(logistic(z), rel=1e-12)


@settings(max_examples=200, deadline=None, database=None)
@given(pressure=st.floats(0, 5), days=st.integers(0, 60), grievance=st.floats(0, 200),
       dp=st.floats(0.01, 2), dd=st.integers(1, 10), dg=st.floats(0.5, 50))
def test_acceptance_rises_with_pressure_and_fighting_and_falls_with_grievance(pressure, days, grievance, dp, dd, dg):
    spec = SimpleNamespace(accept_base=-1.0, accept_per_pressure=1.0, accept_per_fighting_day=0.1, accept_per_grievance=0.02)
    p = acceptance_probability(pressure, days, grievance, spec)
    assert 0.0 < p < 1.0
    assert acceptance_probability(pressure + dp, days, grievance, spec) >= p
    assert acceptance_probability(pressure, days + dd, grievance, spec) >= p
    assert acceptance_probability(pressure, days, grievance + dg, spec) <= p


def test_acceptance_is_strictly_monotone_near_the_middle():
    spec = CeasefireSpec()
    p = acceptance_probability(1.0, 10, 50.0, spec)
    assert acceptance_probability(1.5, 10, 50.0, spec) > p
    assert acceptance_probability(1.0, 11, 50.0, spec) > p
    assert acceptance_probability(1.0, 10, 60.0, spec) < p


# --- a quiet world and scripted provocations -------------------------------------------------------

def world(mediators, events=(), **ceasefire) -> dict:
    """Rules that never act, no TTP, no economic pressure: only scripted acts are seen."""
    return quiet_world(events=events, mediators=mediators, ceasefire=ceasefire)


def strikes(days, level=5, acknowledged=True):
    return [{"day": d, "type": "strike", "actor": "pakistan", "level": level, "province": "Nangarhar",
             "acknowledged": acknowledged} for d in days]


def mediator(**kw):
    spec = {"display_name": "Qatar", "leverage": {"pakistan": 0.5, "taliban": 0.75}, "engage_at": 5, "pressure": 0.8,
            "call_days": 7, "talks_after_days": None, "fatigue_per_day": 0.0}
    spec.update(kw)
    return spec


def run_days(data, days, seed=1):
    data = {**data, "days": max(days, data["days"])}
    model = EscalationModel(scenario_from_data(data), rng=seed, days=days)
    engaged = []
    for _ in range(days):
        model.step()
        engaged.append(model.mediator("qatar").engaged)
    return model, engaged


def acts_of(model, key, act=None):
    return [a for a in model.log.acts if a.actor == key and (act is None or a.kind == act)]


# --- engagement ------------------------------------------------------------------------------------

@pytest.mark.parametrize("level, engages", [(4, False), (5, True), (6, True)])
def test_engages_only_when_the_visible_level_reaches_engage_at(level, engages):
    model, engaged = run_days(world({"qatar": mediator()}, strikes([2], level=level)), 5)
    assert engaged == ([False, False, True, True, True] if engages else [False] * 5)
    calls = [(a.day, a.kind) for a in acts_of(model, "qatar")]
    assert calls == ([(2, "call_for_restraint")] if engages else [])


def test_an_unacknowledged_strike_is_not_seen_by_mediators():
    model, engaged = run_days(world({"qatar": mediator()}, strikes([1, 2, 3], level=7, acknowledged=False)), 6)
    assert not any(engaged)
    assert acts_of(model, "qatar") == []


@pytest.mark.parametrize("delay", [0, 1, 3])
def test_engages_engage_delay_days_after_the_trigger_even_if_calm_since(delay):
    model, engaged = run_days(world({"qatar": mediator(engage_delay_days=delay)}, strikes([1])), 8)
    first = 1 + delay
    assert engaged == [d >= first for d in range(8)]
    assert [a.day for a in acts_of(model, "qatar", "call_for_restraint")] == [first]


def test_an_inactive_mediator_never_engages():
    data = world({"qatar": mediator(active=False, talks_after_days=0)}, strikes(range(10), level=7))
    data["events"].append({"day": 3, "type": "mediator_call", "mediator": "qatar"})
    model, engaged = run_days(data, 10)
    assert not any(engaged)
    assert acts_of(model, "qatar") == []
    assert model.datacollector.model_vars["pressure_pakistan"] == [0.0] * 10
    assert model.summary()["ceasefires"] == 0


# --- pressure --------------------------------------------------------------------------------------

def test_pressure_while_engaged_and_none_after_call_days_without_renewal():
    data = world({"qatar": mediator(call_days=4, fatigue_per_day=0.125)}, strikes([1]))
    model, engaged = run_days(data, 9)
    qatar = model.mediator("qatar")
    # engaged in step 5 of day 1: presses the decisions of days 2..5; fatigue 0.125 per engaged day from day 2
    fatigue = {2: 0.0, 3: 0.125, 4: 0.25, 5: 0.375}
    expected = [0.8 * (1 - fatigue[d]) * 0.5 if d in fatigue else 0.0 for d in range(9)]
    assert model.datacollector.model_vars["pressure_pakistan"] == pytest.approx(expected)
    assert model.datacollector.model_vars["pressure_taliban"] == pytest.approx([x * 0.75 / 0.5 for x in expected])
    assert engaged == [False, True, True, True, True, True, False, False, False]  # steps back when calm after the call
    assert qatar.pressure_on("pakistan") == 0.0 and qatar.trigger_day is None


def test_persisting_escalation_renews_the_call():
    data = world({"qatar": mediator(call_days=2)}, strikes(range(1, 7), level=5))
    model, engaged = run_days(data, 12)
    pressure = model.datacollector.model_vars["pressure_pakistan"]
    # strikes on days 1..6 renew the call each day: pressure from day 2 to day 6 + 2
    assert pressure == pytest.approx([0.4 if 2 <= d <= 8 else 0.0 for d in range(12)])
    assert engaged == [1 <= d <= 8 for d in range(12)]  # steps back on day 9, calm after its last call


def test_global_restraint_dial_scales_mediator_pressure():
    data = world({"qatar": mediator()}, strikes([0]))
    data["restraint_pressure"] = 2.5
    model, _ = run_days(data, 3)
    assert model.datacollector.model_vars["pressure_pakistan"] == pytest.approx([0.0, 2.5 * 0.8 * 0.5, 2.5 * 0.8 * 0.5])


# --- fatigue ---------------------------------------------------------------------------------------

def test_fatigue_grows_per_engaged_day_and_the_mediator_withdraws_at_one_for_good():
    data = world({"qatar": mediator(fatigue_per_day=0.25)}, strikes(range(12), level=6))
    model = EscalationModel(scenario_from_data(data), rng=1, days=12)
    qatar = model.mediator("qatar")
    fatigue = []
    for _ in range(12):
        model.step()
        fatigue.append(qatar.fatigue)
    assert fatigue == [0.0, 0.25, 0.5, 0.75] + [1.0] * 8
    pressure = model.datacollector.model_vars["pressure_pakistan"]
    assert pressure == pytest.approx([0.0, 0.4, 0.3, 0.2, 0.1] + [0.0] * 7)
    assert [(a.day, a.kind) for a in acts_of(model, "qatar")] == [(0, "call_for_restraint"), (4, "withdraws")]
    assert not qatar.engaged


# --- talks and ceasefires --------------------------------------------------------------------------

def test_talks_only_after_talks_after_days_of_escalation_then_every_interval():
    # accept_base -50: nobody ever accepts, so offers repeat every talks_interval_days
    data = world({"qatar": mediator(talks_after_days=3, talks_interval_days=4)}, strikes(range(14)), accept_base=-50.0)
    model, _ = run_days(data, 14)
    talks = acts_of(model, "qatar", "talks")
    # engaged day 0; escalated days counted from day 1: the third is day 3
    assert [a.day for a in talks] == [3, 7, 11]
    assert all("refuses" in a.detail for a in talks)
    assert model.summary()["ceasefires"] == 0


def test_each_failed_round_of_talks_adds_its_fatigue_and_fatigue_carries_across_rounds():
    data = world({"qatar": mediator(talks_after_days=3, talks_interval_days=4, fatigue_per_failed_talks=0.25,
                                    initial_fatigue=0.1)}, strikes(range(14)), accept_base=-50.0)
    model, _ = run_days(data, 14)
    assert [a.day for a in acts_of(model, "qatar", "talks")] == [3, 7, 11]  # three failed rounds
    assert model.mediator("qatar").fatigue == pytest.approx(0.1 + 3 * 0.25)  # fatigue_per_day is 0 here
    assert model.mediator("qatar").pressure_on("pakistan") == pytest.approx(0.8 * (1 - 0.85) * 0.5)


def test_no_talks_without_persisting_escalation():
    data = world({"qatar": mediator(talks_after_days=3)}, strikes([0, 1, 2]), accept_base=50.0)
    model, _ = run_days(data, 10)
    assert acts_of(model, "qatar", "talks") == []  # days 1 and 2 escalated: two, not three


def test_a_mediator_without_talks_never_offers_them():
    data = world({"qatar": mediator(talks_after_days=None)}, strikes(range(20)), accept_base=50.0)
    model, _ = run_days(data, 20)
    assert acts_of(model, "qatar", "talks") == []
    assert model.summary()["ceasefires"] == 0


def test_a_brokered_ceasefire_is_logged_and_counted_and_no_talks_while_it_holds():
    data = world({"qatar": mediator(talks_after_days=2, talks_interval_days=3, ceasefire_days=4, monitoring=0.5)},
                 strikes(range(16)), accept_base=50.0)
    model, _ = run_days(data, 16)
    v = model.datacollector.model_vars
    talks = acts_of(model, "qatar", "talks")
    ceasefires = acts_of(model, "qatar", "ceasefire")
    # talks on day 2 (accepted), none while the 4-day ceasefire holds (days 2..5), next on day 6
    assert [a.day for a in talks] == [2, 6, 10, 14]
    assert all(a.detail == "Qatar hosts talks: both accept" for a in talks)
    assert [(a.day, a.detail) for a in ceasefires] == [(d, "4-day ceasefire brokered by Qatar") for d in (2, 6, 10, 14)]
    assert v["ceasefire"] == [d >= 2 for d in range(16)]
    summary = model.summary()
    assert summary["ceasefires"] == 4
    assert model.ceasefire.broker == "Qatar" and model.ceasefire.monitoring == 0.5
    expired = [a.day for a in model.log.acts if a.kind == "ceasefire_expired"]
    assert expired == [6, 10, 14]
    assert max(v["level_pakistan"][2:]) == 1  # capped at rhetoric under every ceasefire


def test_talks_not_offered_while_an_outside_ceasefire_holds():
    events = strikes(range(12)) + [{"day": 1, "type": "ceasefire", "days": 6}]
    data = world({"qatar": mediator(talks_after_days=1, talks_interval_days=1)}, events, accept_base=-50.0)
    model, _ = run_days(data, 12)
    assert [a.day for a in acts_of(model, "qatar", "talks")] == [7, 8, 9, 10, 11]


def test_ceasefire_acceptance_rate_matches_the_logistic():
    """Both sides accept independently: the rate of accepted offers is p_pakistan x p_taliban."""
    data = world({"qatar": mediator(talks_after_days=0, talks_interval_days=1, ceasefire_days=1, fatigue_per_day=0.0)},
                 strikes(range(400)), accept_base=0.0, accept_per_pressure=0.0, accept_per_fighting_day=0.0,
                 accept_per_grievance=0.0)
    model, _ = run_days(data, 400)
    talks = acts_of(model, "qatar", "talks")
    accepted = sum(a.detail.endswith("both accept") for a in talks)
    n = len(talks)
    assert n >= 300
    assert abs(accepted / n - 0.25) <= 3.2905 * math.sqrt(0.25 * 0.75 / n)
    assert model.summary()["ceasefires"] == accepted
