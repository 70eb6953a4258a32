"""Grievance from militancy (docs/ODD.md, 7.1 and 7.8): heavy-tailed TTP attacks, grievance by deaths and
place, blamed on Kabul through safe_haven_blame; a run of such attacks can make Pakistan strike unscripted."""

import numpy as np
import pytest

from sim.submodels.ladder import Level, severity
from tests.builders import build, quiet_world

BLAME, PER_DEATH, CITY = 0.6, 1.5, 2.0
PAKISTAN = {"safe_haven_blame": BLAME, "grievance_per_militant_death": PER_DEATH, "city_weight": CITY,
            "civilian_outrage": 0.0, "grievance_decay": 1.0, "misperception": 0.0}


def attack(day, province, soldiers=0, civilians=0):
    return {"day": day, "type": "ttp_attack", "province": province, "pakistan_military": soldiers,
            "pakistan_civilian": civilians}


def grievance_after(events, days=1, **pakistan):
    data = quiet_world(scenario="oct2025.yaml", events=events, pakistan={**PAKISTAN, **pakistan})
    model = build(data, 1, days).run()
    return model.pakistan.grievance


@pytest.mark.parametrize("province, place", [("Islamabad-Rawalpindi", CITY), ("Peshawar", CITY), ("Bajaur", 1.0)])
def test_grievance_grows_with_the_deaths_and_more_in_a_city(province, place):
    base = BLAME * severity(3, 2.0)  # the attack itself, at oct2025's attack_level 3
    assert grievance_after([attack(0, province, soldiers=11, civilians=20)]) == pytest.approx(
        base + BLAME * PER_DEATH * 31 * place)


def test_without_a_weight_per_death_an_attack_weighs_the_same_whatever_it_kills():
    one = grievance_after([attack(0, "Bajaur", soldiers=1)], grievance_per_militant_death=0.0)
    many = grievance_after([attack(0, "Bajaur", soldiers=40)], grievance_per_militant_death=0.0)
    assert one == many == pytest.approx(BLAME * severity(3, 2.0))


def test_a_run_of_mass_casualty_attacks_makes_pakistan_strike_without_a_scripted_strike():
    # Islamabad 6 Feb 2026 (31 killed), Bajaur 16 Feb (12), Bannu 21 Feb (2; North Waziristan on this map):
    # EPISODES_MORE.md, episode 4, on days 0, 10 and 15. A threshold rule (theta 40, 8 a rung) strikes
    # (rung 5) from grievance 72; no decay, so grievance is the running sum.
    wave = [attack(0, "Islamabad-Rawalpindi", civilians=31), attack(10, "Bajaur", soldiers=12),
            attack(15, "North Waziristan", soldiers=2)]
    rule = {"name": "threshold", "theta": 40.0, "grievance_per_level": 8.0}
    data = quiet_world(scenario="oct2025.yaml", events=wave, pakistan={**PAKISTAN, "rule": rule, "max_step_up": 7})
    model = build(data, 1, 20).run()
    each = [BLAME * (severity(3, 2.0) + PER_DEATH * 31 * CITY), BLAME * (severity(3, 2.0) + PER_DEATH * 12),
            BLAME * (severity(3, 2.0) + PER_DEATH * 2)]  # 58.2, 13.2, 4.2
    assert each[0] + each[1] < 72 <= sum(each)
    strikes = [a.day for a in model.log.acts if a.actor == "pakistan" and a.level >= Level.STRIKE]
    assert strikes and strikes[0] == 15  # TTP attacks are perceived the day they happen (3.2)


def cell_attacks(dispersion, seed=3, days=400):
    cells = [{"name": "c", "province": "Kunar", "fighters": 100}]
    data = quiet_world(events=[], cells=cells, pakistan={"counter_terror": 0.0}, taliban={"ttp_restraint": 0.0},
                       ttp={"base_attack_probability": 1.0, "recruitment_rate": 0.0,
                       "attack_casualties": {"pakistan_military": 3.0, "pakistan_civilian": 0.0, "ttp": 0.0,
                                             "dispersion": dispersion}})
    model = build(data, seed, days).run()
    return np.array([a.killed("pakistan_military") for a in model.log.acts if a.kind == "ttp_attack"])


@pytest.mark.parametrize("dispersion, variance", [(None, 3.0), (0.5, 3.0 + 9.0 / 0.5)])
def test_killed_per_attack_has_mean_m_and_variance_m_plus_m_squared_over_k(dispersion, variance):
    killed = cell_attacks(dispersion)
    assert len(killed) == 400
    assert abs(killed.mean() - 3.0) < 3.29 * np.sqrt(variance / len(killed))
    assert 0.6 * variance < killed.var() < 1.6 * variance


def test_a_heavy_tail_has_more_quiet_attacks_and_some_mass_casualty_ones():
    plain, heavy = cell_attacks(None), cell_attacks(0.5)
    assert (heavy == 0).mean() > (plain == 0).mean() + 0.2 and heavy.max() >= 2 * plain.max()
