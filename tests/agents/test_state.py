"""The decision pipeline shared by both states (docs/ODD.md, 7.3): the rule's rung, delayed by
``reaction_days``, capped by ``max_step_up`` and ``max_level``, restrained, held or broken by a ceasefire;
then the posture it leaves. Known answers in a quiet world with one scripted raid by the Taliban on day 0
and a Pakistan that answers in kind (tit-for-tat), perceives perfectly and feels no restraint."""

import copy

import pytest

from sim.submodels.ladder import Level
from tests.builders import build, quiet_world

RAID = {"day": 0, "type": "strike", "actor": "taliban", "level": 5, "province": "Khyber", "acknowledged": True}
ANSWERING = {"rule": {"name": "tit_for_tat"}, "attribution": 1.0, "misperception": 0.0, "domestic_cost": 0.0,
             "max_step_up": 7, "reaction_days": 0, "cooldown_days": 3}


def pakistan_model(days=8, seed=1, raid=RAID, **pakistan):
    data = quiet_world(events=[raid], pakistan={**ANSWERING, **pakistan}, restraint_pressure=0.0)
    return build(data, seed, days)


def answers(model):
    """(day, rung) of every act Pakistan took by rule (its rung above rhetoric)."""
    return [(a.day, a.level) for a in model.log.acts if a.actor == "pakistan" and a.level > 0]


@pytest.mark.parametrize("delay", [0, 1, 2, 4])
def test_the_answer_comes_reaction_days_after_the_day_it_is_perceived(delay):
    # the raid of day 0 is perceived on day 1 (step 3 reads yesterday), then answered ``delay`` days later
    assert answers(pakistan_model(reaction_days=delay).run()) == [(1 + delay, 5)]


@pytest.mark.parametrize("step_up", [1, 2, 3, 4, 5, 7])
def test_max_step_up_caps_the_climb_from_the_current_posture(step_up):
    assert answers(pakistan_model(max_step_up=step_up).run()) == [(1, min(5, step_up))]


@pytest.mark.parametrize("start", [0, 2])
def test_max_step_up_counts_from_the_posture_held(start):
    assert answers(pakistan_model(max_step_up=1, initial_level=start).run())[0] == (1, start + 1)


@pytest.mark.parametrize("ceiling", [1, 2, 3, 4, 5, 6])
def test_max_level_is_the_highest_rung_taken(ceiling):
    assert answers(pakistan_model(max_level=ceiling).run()) == [(1, min(5, ceiling))]


@pytest.mark.parametrize("cooldown", [1, 2, 3])
def test_the_posture_holds_the_rung_acted_at_then_cools_one_rung_per_cooldown_days(cooldown):
    model = pakistan_model(days=1 + 5 * cooldown + 1, cooldown_days=cooldown)
    levels = []
    for _ in range(model.horizon):
        model.step()
        levels.append(model.pakistan.level)
    assert levels[:2] == [0, 5]  # quiet on day 0; the answer of day 1 sets the posture
    after = levels[2:]
    assert after == [5 - (d + 1) // cooldown for d in range(len(after))]


# --- the ceasefire's breach draw (docs/ODD.md, 7.5) -------------------------------------------------

@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("breach_probability, monitoring", [(0.5, 0.0), (0.5, 0.5), (0.9, 0.2), (1.0, 0.0), (0.0, 0.0),
                                                            (1.0, 1.0)])
def test_a_proposal_above_rhetoric_breaks_the_ceasefire_exactly_when_the_draw_falls_below_p_times_1_minus_m(
        seed, breach_probability, monitoring):
    data = quiet_world(events=[RAID], pakistan=ANSWERING, restraint_pressure=0.0,
                       ceasefire={"breach_probability": breach_probability})
    model = build(data, seed, days=3)
    model.step()  # day 0: the raid
    model.begin_ceasefire(10, monitoring, "Qatar")
    draws = copy.deepcopy(model.pakistan.own_rng)  # no restraint: the breach draw is Pakistan's first of day 1
    model.step()  # day 1: tit-for-tat proposes 5 under the ceasefire
    breached = draws.random() < breach_probability * (1.0 - monitoring)
    assert model.pakistan.breached is breached
    assert model.pakistan.intended == (5 if breached else int(Level.RHETORIC))
    assert model.ceasefire.breaches == int(breached)


# --- decision time by rung (docs/ODD.md, 7.3) ------------------------------------------------------

BY_RUNG = {"reaction_days_by_rung": {4: 0, 5: 2, 6: 3}}


@pytest.mark.parametrize("level, day", [(4, 1), (5, 3), (6, 4), (3, 1 + 1)])
def test_the_answer_waits_the_delay_of_the_rung_decided_on(level, day):
    # rung 3 is not listed: it takes reaction_days (1 here)
    raid = {**RAID, "level": level}
    assert answers(pakistan_model(raid=raid, reaction_days=1, **BY_RUNG).run()) == [(day, level)]


def test_a_quick_low_answer_and_a_slow_high_one_are_both_carried_out_in_their_time():
    fire = {"day": 1, "type": "strike", "actor": "taliban", "level": 4, "province": "Khyber", "acknowledged": True}
    data = quiet_world(events=[RAID, fire], pakistan={**ANSWERING, **BY_RUNG}, restraint_pressure=0.0)
    model = build(data, 1, 8).run()
    # the raid of day 0 (5) is decided on day 1, done on day 3; the fire of day 1 (4) is answered on day 2
    assert answers(model) == [(2, 4), (3, 5)]


def test_orders_due_the_same_day_give_the_highest_rung():
    fire = {"day": 2, "type": "strike", "actor": "taliban", "level": 4, "province": "Khyber", "acknowledged": True}
    data = quiet_world(events=[RAID, fire], pakistan={**ANSWERING, "reaction_days_by_rung": {4: 0, 5: 2}},
                       restraint_pressure=0.0)
    assert answers(build(data, 1, 8).run()) == [(3, 5)]  # day 3: the raid's 5 and the fire's 4 fall due together


def test_reaction_days_by_rung_must_name_rungs_of_the_ladder():
    from pydantic import ValidationError

    from sim.scenario.schema import PakistanSpec

    with pytest.raises(ValidationError, match="rungs 1-7"):
        PakistanSpec(reaction_days_by_rung={8: 1})
    assert PakistanSpec(reaction_days=2, reaction_days_by_rung={5: 0}).delay_for(4) == 2


def test_acting_below_the_posture_cools_it_one_rung_not_down_to_the_act():
    # docs/FINDINGS.md, 1: the raid of day 0 is answered at 5 on day 1; the fire of day 2 at 3 on day 3
    fire = {"day": 2, "type": "strike", "actor": "taliban", "level": 3, "province": "Khyber", "acknowledged": True}
    data = quiet_world(events=[RAID, fire], pakistan={**ANSWERING, "cooldown_days": 10}, restraint_pressure=0.0)
    model = build(data, 1, 5)
    levels = []
    for _ in range(5):
        model.step()
        levels.append(model.pakistan.level)
    assert answers(model) == [(1, 5), (3, 3)]
    assert levels == [0, 5, 5, 4, 4]  # day 3: one rung below 5, not 3; day 4: quiet, cooling waits 10 days
