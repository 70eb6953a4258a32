"""Scripted events (docs/ODD.md, 7.12; step 1 of 3.1): one known-answer test per event type.

Each test starts from the quiet classroom world of tests/builders.py (no TTP cells, no mediators, no events,
rules that never act, no misperception, no economic pressure, no automatic closures or reopenings), adds
the event under test, and checks its effect day by day against the order of a day in ``EscalationModel.step``:
events (1), TTP attacks (2), perception (3), decisions (4), mediators (5), crossings (6), TTP growth (7),
data collection (8).
"""

import copy

import pytest

from sim.events import EVENT_TYPES
from sim.submodels.ladder import act_name, severity
from sim.scenario.loading import scenario_from_data
from sim.model import EscalationModel
from sim.rules.passive import Passive
from sim.rules.tit_for_tat import TitForTat
from tests.builders import quiet_world

TORKHAM, CHAMAN = 3_000_000.0, 1_500_000.0  # classroom_map trade per day (USD)
STILL = {"misperception": 0.0, "max_step_up": 7, "reopen_partial_after_calm_days": None,
         "reopen_after_calm_days": None}  # beyond the shared quiet world: no misperception, no reopenings


def quiet(events=(), **top) -> dict:
    return quiet_world(events=events, both=STILL, **top)


def build(data, days, seed=3) -> EscalationModel:
    return EscalationModel(scenario_from_data(data), rng=seed, days=days)


def series(model, column):
    return model.datacollector.model_vars[column]


def notes(model, act):
    return [a for a in model.log.acts if a.kind == act]


# --- strike ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "actor, province, level, acknowledged",
    [
        ("pakistan", "Nangarhar", 5, True),
        ("pakistan", "Kabul", 6, False),
        ("pakistan", "Kandahar", 4, False),
        ("taliban", "Khyber", 5, True),
        ("taliban", "Chaman", 6, False),
        ("taliban", "Bajaur", 3, False),
    ],
)
def test_strike_is_logged_on_its_day_and_raises_the_posture(actor, province, level, acknowledged):
    data = quiet([{"day": 2, "type": "strike", "actor": actor, "level": level, "province": province,
                   "acknowledged": acknowledged, "note": "scripted test strike"}])
    model = build(data, days=5)
    for _ in range(2):
        model.step()
    assert [a for a in model.log.acts if a.actor == actor] == []
    assert model.actor(actor).level == 0
    model.step()  # day 2
    acts = [a for a in model.log.acts if a.actor == actor]
    assert len(acts) == 1
    strike = acts[0]
    assert (strike.day, strike.level, strike.place, strike.acknowledged) == (2, level, province, acknowledged)
    assert strike.kind == act_name(actor, level)
    assert strike.detail == "scripted test strike"
    assert model.actor(actor).level == level
    assert series(model, f"level_{actor}") == [0, 0, level]
    assert series(model, "level_max") == [0, 0, level]
    other = "taliban" if actor == "pakistan" else "pakistan"
    assert model.actor(other).level == 0


@pytest.mark.parametrize("actor, policy, expected", [("pakistan", "acknowledge_strikes", True),
                                                     ("pakistan", "acknowledge_strikes", False),
                                                     ("taliban", "acknowledge_raids", True),
                                                     ("taliban", "acknowledge_raids", False)])
def test_strike_without_a_flag_follows_the_actors_policy(actor, policy, expected):
    data = quiet([{"day": 0, "type": "strike", "actor": actor, "level": 5,
                   "province": "Kunar" if actor == "pakistan" else "Bajaur"}])
    data["actors"][actor][policy] = expected
    model = build(data, days=1)
    model.step()
    [strike] = [a for a in model.log.acts if a.actor == actor]
    assert strike.acknowledged is expected
    assert strike.detail == "scripted"


def test_posture_decays_after_a_scripted_strike_at_the_cooldown():
    data = quiet([{"day": 0, "type": "strike", "actor": "pakistan", "level": 5, "province": "Kunar"}])
    data["actors"]["pakistan"]["cooldown_days"] = 2
    model = build(data, days=6)
    model.run()
    # held at 5 on the day of the act, then one rung every 2 quiet days
    assert series(model, "level_pakistan") == [5, 5, 4, 4, 3, 3]


# --- ttp_attack ------------------------------------------------------------------------------------

def test_ttp_attack_counts_casualties_and_feeds_pakistans_grievance_the_same_day():
    data = quiet([{"day": 1, "type": "ttp_attack", "province": "Khyber", "pakistan_military": 7,
                   "pakistan_civilian": 3, "ttp": 2, "note": "Mir Ali"}])
    model = build(data, days=3)
    model.run()
    pak = data["actors"]["pakistan"]
    blame, outrage, decay = pak["safe_haven_blame"], pak["civilian_outrage"], pak["grievance_decay"]
    added = blame * severity(data["ttp"]["attack_level"], data["severity_base"]) + outrage * 3
    assert added == pytest.approx(0.6 * 4 + 0.5 * 3)
    assert series(model, "grievance_pakistan") == pytest.approx([0.0, added, decay * added])
    assert series(model, "grievance_taliban") == [0.0, 0.0, 0.0]  # Kabul does not perceive TTP attacks
    assert series(model, "ttp_attacks") == [0, 1, 0]
    assert series(model, "pakistan_military") == [0, 7, 0]
    assert series(model, "pakistan_civilian") == [0, 3, 0]
    assert series(model, "ttp") == [0, 2, 0]
    [attack] = notes(model, "ttp_attack")
    assert (attack.day, attack.actor, attack.level, attack.place, attack.detail) == (1, "ttp", 0, "Khyber", "Mir Ali")
    summary = model.summary()
    assert summary["ttp_attacks"] == 1
    assert summary["casualties"]["pakistan_military"] == 7
    assert summary["casualties"]["pakistan_civilian"] == 3


# --- closure and reopening -------------------------------------------------------------------------

def test_closure_closes_the_named_crossing_and_loses_its_trade():
    data = quiet([{"day": 1, "type": "closure", "actor": "pakistan", "crossings": ["Torkham"], "note": "dispute"}])
    model = build(data, days=4)
    model.run()
    assert series(model, "crossing_torkham") == [0, 2, 2, 2]
    assert series(model, "crossing_chaman") == [0, 0, 0, 0]
    assert model.world.crossings["Torkham"].closure == {"pakistan": 2, "taliban": 0}
    assert series(model, "crossings_closed") == [0, 1, 1, 1]
    assert series(model, "trade_lost_usd") == [0.0, TORKHAM, TORKHAM, TORKHAM]
    assert series(model, "trade_lost_usd_cumulative") == [0.0, TORKHAM, 2 * TORKHAM, 3 * TORKHAM]
    [note] = notes(model, "crossing_closure")
    assert (note.day, note.actor, note.target, note.detail) == (1, "pakistan", "Torkham", "dispute")
    assert model.summary()["crossing_closed_days"] == {"Torkham": 3, "Chaman": 0}


def test_partial_closure_of_all_crossings_loses_half_their_trade_and_adds_economic_pressure():
    data = quiet([{"day": 0, "type": "closure", "actor": "taliban", "status": "partial"}])
    data["actors"]["pakistan"]["economic_sensitivity"] = 0.6
    data["actors"]["taliban"]["economic_sensitivity"] = 1.5
    model = build(data, days=3)
    model.run()
    assert series(model, "crossing_torkham") == [1, 1, 1]
    assert series(model, "crossing_chaman") == [1, 1, 1]
    assert series(model, "crossings_closed") == [0, 0, 0]  # partial is not closed
    assert series(model, "trade_lost_usd") == [(TORKHAM + CHAMAN) / 2] * 3
    assert notes(model, "crossing_closure")[0].target == "Torkham, Chaman"
    # decisions read the share of trade lost at the end of the day before: 1/2 of all trade
    assert series(model, "pressure_pakistan") == pytest.approx([0.0, 0.3, 0.3])
    assert series(model, "pressure_taliban") == pytest.approx([0.0, 0.75, 0.75])


def test_reopening_lowers_the_sides_own_closure_only():
    data = quiet([
        {"day": 0, "type": "closure", "actor": "pakistan"},
        {"day": 1, "type": "reopening", "actor": "taliban"},  # Kabul closed nothing: no effect
        {"day": 2, "type": "reopening", "actor": "pakistan", "crossings": ["Torkham"], "status": "partial"},
        {"day": 3, "type": "reopening", "actor": "pakistan"},
    ])
    model = build(data, days=5)
    model.run()
    assert series(model, "crossing_torkham") == [2, 2, 1, 0, 0]
    assert series(model, "crossing_chaman") == [2, 2, 2, 0, 0]
    assert series(model, "trade_lost_usd") == [TORKHAM + CHAMAN, TORKHAM + CHAMAN, TORKHAM / 2 + CHAMAN, 0.0, 0.0]
    reopenings = [(a.day, a.actor, a.target) for a in notes(model, "crossing_reopening")]
    assert reopenings == [(1, "taliban", ""), (2, "pakistan", "Torkham"), (3, "pakistan", "Torkham, Chaman")]
    assert model.summary()["crossing_closed_days"] == {"Torkham": 2, "Chaman": 3}


# --- diplomatic_visit ------------------------------------------------------------------------------

def test_diplomatic_visit_adds_grievance_before_the_days_decay():
    base = quiet()
    base["actors"]["pakistan"]["initial_grievance"] = 10.0
    visit = copy.deepcopy(base)
    visit["events"] = [{"day": 1, "type": "diplomatic_visit", "actor": "taliban", "partner": "India",
                        "grievance": {"pakistan": 5.0, "taliban": 2.0}, "note": "FM in New Delhi"}]
    control, model = build(base, days=3).run(), build(visit, days=3).run()
    d = 0.85  # classroom grievance_decay of both sides
    assert series(control, "grievance_pakistan") == pytest.approx([10 * d, 10 * d**2, 10 * d**3])
    # added in step 1, decayed in step 3 of the same day
    assert series(model, "grievance_pakistan") == pytest.approx([10 * d, (10 * d + 5) * d, (10 * d + 5) * d**2])
    assert series(model, "grievance_taliban") == pytest.approx([0.0, 2 * d, 2 * d**2])
    [note] = notes(model, "diplomatic_visit")
    assert (note.day, note.actor, note.target, note.level) == (1, "taliban", "India", 0)


# --- mediator_call ---------------------------------------------------------------------------------

QATAR = {"display_name": "Qatar", "leverage": {"pakistan": 0.5, "taliban": 0.7}, "pressure": 0.8,
         "call_days": 4, "fatigue_per_day": 0.1}


def test_mediator_call_engages_and_presses_for_call_days():
    data = quiet([{"day": 1, "type": "mediator_call", "mediator": "qatar", "note": "Doha calls"}],
                 mediators={"qatar": dict(QATAR)})
    model = build(data, days=8)
    qatar = model.mediator("qatar")
    engaged, on_pak, on_tal = [], [], []
    for _ in range(8):
        model.step()
        engaged.append(qatar.engaged)
        on_pak.append(qatar.pressure_on("pakistan"))
        on_tal.append(qatar.pressure_on("taliban"))
    # the call presses the decisions of days 1..4 (call_days = 4); fatigue 0.1 per engaged day
    fatigue = [None, 0.0, 0.1, 0.2, 0.3]
    expected_pak = [0.0] + [0.8 * (1 - f) * 0.5 for f in fatigue[1:]] + [0.0] * 3
    expected_tal = [0.0] + [0.8 * (1 - f) * 0.7 for f in fatigue[1:]] + [0.0] * 3
    assert series(model, "pressure_pakistan") == pytest.approx(expected_pak)
    assert series(model, "pressure_taliban") == pytest.approx(expected_tal)
    # the model's restraint pressure is exactly the mediator's (restraint_pressure = 1, no trade lost)
    assert engaged == [False, True, True, True, True, False, False, False]
    assert on_pak[5:] == [0.0, 0.0, 0.0] and on_tal[5:] == [0.0, 0.0, 0.0]
    [call] = [a for a in model.log.acts if a.actor == "qatar"]
    assert (call.day, call.kind, call.detail) == (1, "call_for_restraint", "Doha calls")


def test_mediator_call_to_an_inactive_mediator_does_nothing():
    data = quiet([{"day": 1, "type": "mediator_call", "mediator": "qatar"}],
                 mediators={"qatar": {**QATAR, "active": False}})
    model = build(data, days=4).run()
    assert not model.mediator("qatar").engaged
    assert [a for a in model.log.acts if a.actor == "qatar"] == []
    assert series(model, "pressure_pakistan") == [0.0] * 4
    assert series(model, "pressure_taliban") == [0.0] * 4


# --- ceasefire -------------------------------------------------------------------------------------

def fighting(events=()):
    """Both sides want open war every day (huge grievance, threshold 0), and nothing restrains them."""
    data = quiet(events)
    for side in ("pakistan", "taliban"):
        data["actors"][side].update(rule={"name": "threshold", "theta": 0.0, "grievance_per_level": 1.0},
                                    initial_grievance=100.0)
    data["ceasefire"]["breach_probability"] = 0.0
    return data


def test_ceasefire_caps_both_postures_at_rhetoric_for_its_days():
    model = build(fighting([{"day": 2, "type": "ceasefire", "days": 4, "note": "imposed"}]), days=8).run()
    assert series(model, "ceasefire") == [False, False, True, True, True, True, False, False]
    assert series(model, "level_pakistan") == [7, 7, 1, 1, 1, 1, 7, 7]
    assert series(model, "level_taliban") == [7, 7, 1, 1, 1, 1, 7, 7]
    assert series(model, "level_max") == [7, 7, 1, 1, 1, 1, 7, 7]
    during = [a for a in model.log.acts if a.actor in ("pakistan", "taliban") and 2 <= a.day <= 5 and a.level > 0]
    assert during and all(a.level == 1 for a in during)
    assert [(a.day, a.target, a.detail) for a in notes(model, "ceasefire")] == [(2, "4 days", "imposed")]
    assert [a.day for a in notes(model, "ceasefire_expired")] == [6]
    summary = model.summary()
    assert (summary["ceasefires"], summary["ceasefire_breaches"]) == (1, 0)


def test_without_the_ceasefire_the_same_world_fights_on():
    model = build(fighting(), days=8).run()
    assert series(model, "level_max") == [7] * 8
    assert not any(series(model, "ceasefire"))


# --- ttp_surge -------------------------------------------------------------------------------------

def test_ttp_surge_multiplies_the_tempo_for_exactly_its_days():
    data = quiet([{"day": 2, "type": "ttp_surge", "factor": 3.0, "days": 4},
                  {"day": 4, "type": "ttp_surge", "factor": 2.0, "days": 5}])
    data["ttp"].update(cells=[{"name": "c", "province": "Kunar", "fighters": 100}], base_attack_probability=0.1,
                       recruitment_rate=0.0, attack_casualties={"pakistan_military": 1, "pakistan_civilian": 0, "ttp": 0})
    data["actors"]["pakistan"]["counter_terror"] = 0.0
    model = build(data, days=11)
    [cell] = model.ttp_cells
    surge, p = [], []
    for _ in range(11):
        model.step()
        surge.append(model.world.ttp_surge)
        p.append(cell.attack_probability())
    # first surge on days 2..5, second on days 4..8
    assert surge == [1.0, 1.0, 3.0, 3.0, 6.0, 6.0, 2.0, 2.0, 2.0, 1.0, 1.0]
    assert p == pytest.approx([0.1 * s for s in surge])
    assert [(a.day, a.target) for a in notes(model, "ttp_surge")] == [(2, "x3.0 for 4 days"), (4, "x2.0 for 5 days")]


def test_a_surge_on_day_zero_applies_on_day_zero():
    """A certain attack only when surged: the surge's first day is the day of the event."""
    data = quiet([{"day": 0, "type": "ttp_surge", "factor": 4.0, "days": 3}])
    data["ttp"].update(cells=[{"name": "c", "province": "Kunar", "fighters": 100}], base_attack_probability=0.25,
                       recruitment_rate=0.0, attack_casualties={"pakistan_military": 0, "pakistan_civilian": 0, "ttp": 0})
    data["actors"]["pakistan"]["counter_terror"] = 0.0
    model = build(data, days=3).run()
    assert series(model, "ttp_attacks") == [1, 1, 1]


# --- policy_change ---------------------------------------------------------------------------------

@pytest.mark.parametrize("change_day, answered", [(1, True), (2, False)])
def test_policy_change_of_rule_applies_from_its_day(change_day, answered):
    data = quiet([
        {"day": 0, "type": "strike", "actor": "taliban", "level": 5, "province": "Khyber", "acknowledged": True},
        {"day": change_day, "type": "policy_change", "actor": "pakistan", "set": {"rule": {"name": "tit_for_tat"}},
         "note": "Islamabad answers in kind"},
    ])
    model = build(data, days=3)
    model.step()
    assert isinstance(model.pakistan.rule, Passive)
    model.step()  # day 1: Pakistan perceives the raid of day 0
    assert isinstance(model.pakistan.rule, TitForTat) is answered
    assert model.pakistan.spec.rule.name == ("tit_for_tat" if answered else "passive")
    answers = [a for a in model.log.acts if a.actor == "pakistan" and a.level > 0]
    if answered:
        assert [(a.day, a.level, a.kind) for a in answers] == [(1, 5, "air_strike")]
        assert model.pakistan.level == 5
    else:
        assert answers == [] and model.pakistan.level == 0
    model.step()
    assert isinstance(model.pakistan.rule, TitForTat)
    [note] = notes(model, "policy_change")
    assert (note.day, note.actor, note.target) == (change_day, "pakistan", "rule={'name': 'tit_for_tat'}")
    # the other fields of the actor are untouched
    assert model.pakistan.spec.grievance_decay == data["actors"]["pakistan"]["grievance_decay"]


def test_policy_change_of_ttp_restraint_stops_attacks_from_its_day():
    data = quiet([{"day": 3, "type": "policy_change", "actor": "taliban", "set": {"ttp_restraint": 1.0}}])
    data["ttp"].update(cells=[{"name": "c", "province": "Kunar", "fighters": 100}], base_attack_probability=1.0,
                       recruitment_rate=0.0, attack_casualties={"pakistan_military": 0, "pakistan_civilian": 0, "ttp": 0})
    data["actors"]["pakistan"]["counter_terror"] = 0.0
    model = build(data, days=6).run()
    assert series(model, "ttp_attacks") == [1, 1, 1, 0, 0, 0]
    assert model.taliban.spec.ttp_restraint == 1.0


def test_every_event_type_has_a_test_here():
    import sys

    module = sys.modules[__name__]
    names = [n for n in dir(module) if n.startswith("test_")]
    for event_type in EVENT_TYPES:
        assert any(event_type in n for n in names), event_type


# --- the record's kinds (sim/record_events.py; docs/ODD.md 7.12b) ----------------------------------

FORCED = {"forcing": {}}  # the forcing block at its defaults: the weights these events read
STILL_GRIEVANCE = {**STILL, "grievance_decay": 1.0, "initial_grievance": 10.0}  # grievance moves only by the event


def grievances(events, days=3, **top):
    model = build(quiet_world(events=events, both=STILL_GRIEVANCE, **FORCED, **top), days=days)
    model.run()
    return model.pakistan.grievance, model.taliban.grievance


@pytest.mark.parametrize("blamed", [True, False])
def test_militant_attack_kills_as_recorded_and_is_the_ttps_only_when_blamed(blamed):
    data = quiet_world(events=[{"day": 1, "type": "militant_attack", "province": "Peshawar", "pakistan_military": 6,
                                "pakistan_civilian": 20, "ttp": 2, "blamed": blamed}], both=STILL, **FORCED)
    model = build(data, days=3)
    model.run()
    attack = [a for a in model.log.acts if a.day == 1 and a.kind in ("ttp_attack", "militant_attack")]
    assert len(attack) == 1 and attack[0].killed("pakistan_civilian") == 20
    assert attack[0].actor == ("ttp" if blamed else "militant")
    assert model.summary()["ttp_attacks"] == (1 if blamed else 0)


def test_border_dispute_adds_the_forcings_grievance_to_the_objector_only():
    base = grievances([])
    pakistan, taliban = grievances([{"day": 1, "type": "border_dispute", "province": "Khyber", "objector": "taliban"}])
    assert (pakistan, taliban) == (base[0], pytest.approx(base[1] + 4.0))


def test_diplomatic_contact_keeps_one_minus_the_relief_of_each_sides_grievance():
    pakistan, taliban = grievances([{"day": 1, "type": "diplomatic_contact", "kind": "call", "host": "pakistan"}])
    assert (pakistan, taliban) == (pytest.approx(8.0), pytest.approx(8.0))  # 10 x (1 - 0.2)


@pytest.mark.parametrize("kind, added", [("deportation", 4.0), ("documents", 2.0), ("trade", 2.0), ("transit", 2.0)])
def test_policy_measure_weighs_on_the_other_side_by_its_kind(kind, added):
    pakistan, taliban = grievances([{"day": 1, "type": "policy_measure", "by": "pakistan", "kind": kind}])
    assert (pakistan, taliban) == (pytest.approx(10.0), pytest.approx(10.0 + added))


def test_outside_shock_of_a_regional_war_tires_the_named_mediators_only():
    data = quiet_world(events=[{"day": 1, "type": "outside_shock", "kind": "regional_war", "mediators": ["qatar"]}],
                       both=STILL, mediators={"qatar": {"fatigue_per_day": 0.0}, "china": {"fatigue_per_day": 0.0}},
                       **FORCED)
    model = build(data, days=3)
    model.run()
    assert model.mediator("qatar").fatigue == 0.5 and model.mediator("china").fatigue == 0.0


@pytest.mark.parametrize("first", ["sim.record_events", "sim.forecast.major_attacks", "sim.events"])
def test_the_record_kinds_load_whatever_is_imported_first(first):
    """Importing the record's event kinds before sim.events once built the union of kinds without them, and the
    history scenario (forced by the record) did not load (a fresh interpreter: the import order is the test)."""
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    code = (f"import {first}\nfrom sim.scenario.loading import load_scenario\n"
            "load_scenario('scenarios/history_2021_2026.yaml')\nfrom sim.events import EVENT_TYPES\n"
            "assert {'militant_attack', 'strike'} <= set(EVENT_TYPES), EVENT_TYPES")
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-600:]
