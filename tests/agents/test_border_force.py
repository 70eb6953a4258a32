"""Border forces (docs/ODD.md, 7.9a) and the local channel (7.5a): known answers in a quiet classroom world
(tests/builders.py) whose capitals never act, so that every answer comes from the posts themselves."""

import numpy as np
import pytest

from sim.submodels.ladder import Level, act_name
from tests.builders import build, quiet_world

POSTS = {"border_force": {"rule": {"name": "tit_for_tat"}, "answer_delay_days": 0}}


def fire(day=0, level=3, actor="taliban", province="Khyber"):
    return {"day": day, "type": "strike", "actor": actor, "level": level, "province": province, "acknowledged": True}


def posts_world(events, delay=0, channel=None, days=6, seed=1, **both):
    force = {"border_force": {**POSTS["border_force"], "answer_delay_days": delay}}
    data = quiet_world(events=events, both={**force, **both}, restraint_pressure=0.0, local_channel=channel)
    return build(data, seed, days)


def fire_acts(model, actor=None):
    return [a for a in model.log.acts if a.level >= Level.SKIRMISH and (actor is None or a.actor == actor)]


def test_every_border_province_of_a_side_with_border_forces_has_one_force():
    model = posts_world([])
    assert sorted(f.key for f in model.border_forces) == [
        ("pakistan", "Bajaur"), ("pakistan", "Chaman"), ("pakistan", "Khyber"),
        ("taliban", "Kandahar"), ("taliban", "Kunar"), ("taliban", "Nangarhar")]
    assert len(posts_world([], border_force=None).border_forces) == 0


@pytest.mark.parametrize("level", [3, 4])
def test_a_post_answers_one_shot_in_kind_the_same_day_in_its_sector_only(level):
    model = posts_world([fire(level=level)], days=1).run()
    answers = fire_acts(model, "pakistan")
    assert [(a.day, a.level, a.origin, a.provinces) for a in answers] == [(0, level, "Khyber", ("Nangarhar",))]
    assert answers[0].kind == act_name("pakistan", level)


def test_with_a_delay_of_one_day_the_answer_comes_the_next_day():
    model = posts_world([fire()], delay=1, days=2).run()
    assert [(a.day, a.origin) for a in fire_acts(model, "pakistan")] == [(1, "Khyber")]


def test_without_a_channel_the_exchange_echoes_one_answer_a_day():
    model = posts_world([fire()], days=6).run()
    # day 0: the scripted shot and Khyber's answer; then Nangarhar and Khyber answer each other, a day apart
    assert [(a.day, a.actor, a.origin) for a in fire_acts(model)] == [
        (0, "taliban", "Nangarhar"), (0, "pakistan", "Khyber"), (1, "taliban", "Nangarhar"), (2, "pakistan", "Khyber"),
        (3, "taliban", "Nangarhar"), (4, "pakistan", "Khyber"), (5, "taliban", "Nangarhar")]


def test_fire_in_one_sector_leaves_the_other_sectors_quiet():
    model = posts_world([fire(province="Chaman")], days=5).run()
    assert {a.origin for a in fire_acts(model)} == {"Kandahar", "Chaman"}
    assert {a.provinces for a in fire_acts(model)} == {("Kandahar",), ("Chaman",)}


def test_posts_hold_fire_under_a_national_ceasefire():
    model = posts_world([fire(day=1)], days=3)
    model.step()
    model.begin_ceasefire(10, 0.0, "Qatar")
    model.run()
    assert fire_acts(model, "pakistan") == []


def test_posts_hold_fire_when_the_capital_takes_no_rung_above_rhetoric():
    assert fire_acts(posts_world([fire()], max_level=1, days=2).run(), "pakistan") == []


@pytest.mark.parametrize("level", [5, 6])
def test_posts_do_not_answer_strikes_or_raids_which_are_for_the_capital(level):
    # a raid is fought out at the posts raided (Lanchester, 7.10); an air strike cannot be answered by a post
    assert fire_acts(posts_world([fire(level=level)], days=1).run(), "pakistan") == []
    assert fire_acts(posts_world([fire(level=level, actor="pakistan", province="Nangarhar")], days=1).run(),
                     "taliban") == []


def test_a_local_rule_that_escalates_is_capped_at_heavy_weapons():
    model = posts_world([fire(level=3)], days=1, border_force={"rule": {"name": "escalate", "step": 3}})
    assert [(a.level, a.origin) for a in fire_acts(model.run(), "pakistan")] == [(4, "Khyber")]


# --- the local channel (7.5a) ------------------------------------------------------------------------

CHANNEL = {"hazard_per_day": 1.0, "ceasefire_days": 10}


@pytest.mark.parametrize("level", [3, 4])
def test_a_local_ceasefire_ends_a_rung_3_or_4_exchange_the_day_it_is_agreed(level):
    model = posts_world([fire(level=level)], channel=CHANNEL, days=8).run()
    assert [(a.day, a.actor) for a in fire_acts(model)] == [(0, "taliban"), (0, "pakistan")]
    truces = [a for a in model.log.acts if a.kind == "local_ceasefire"]
    assert [(a.day, a.target) for a in truces] == [(0, "Khyber, Nangarhar")]
    assert model.local_channel.holds("Khyber", 10) and not model.local_channel.holds("Khyber", 11)


def test_a_local_ceasefire_leaves_other_sectors_free_to_answer():
    model = posts_world([fire(), fire(day=2, province="Chaman")], channel=CHANNEL, days=4).run()
    assert ("pakistan", "Chaman", 2) in {(a.actor, a.origin, a.day) for a in fire_acts(model)}


def test_the_channel_does_not_work_on_a_day_of_strikes():
    model = posts_world([fire(), fire(level=5, actor="pakistan", province="Kunar")], channel=CHANNEL, days=2).run()
    assert not [a for a in model.log.acts if a.kind == "local_ceasefire" and a.day == 0]


def test_a_local_ceasefire_reopens_the_sectors_crossing():
    closure = {"day": 0, "type": "closure", "actor": "pakistan", "crossings": ["Torkham", "Chaman"]}
    model = posts_world([closure, fire()], channel=CHANNEL, days=2).run()
    assert model.world.crossings["Torkham"].status == 0 and model.world.crossings["Chaman"].status == 2


@pytest.mark.parametrize("hazard", [0.25, 0.5])
def test_local_fighting_lasts_a_geometric_number_of_days_with_mean_one_over_the_hazard(hazard):
    # days with fire in the sector: the channel is tried once on each of them, so their number is
    # geometric with mean 1/h (99.9% interval of a mean of 400 draws of variance (1-h)/h^2)
    days = [len({a.day for a in fire_acts(posts_world([fire()], channel={"hazard_per_day": hazard}, days=80,
                                                      seed=s).run())}) for s in range(400)]
    sd = np.sqrt((1 - hazard) / hazard**2 / len(days))
    assert abs(np.mean(days) - 1 / hazard) < 3.29 * sd
