"""Pakistan's punitive-strike doctrine (docs/ODD.md 7.3a): a scripted major attack produces strikes at the doctrine's
probability, after its delay, at its rungs; smaller attacks produce none."""

from __future__ import annotations

import math

import pytest
from scipy.stats import binomtest

from sim.decisions.punitive_strike import PunitiveStrike, PunitiveStrikeSpec, calendar_year
from sim.decisions.strategic_decision import geometric_delay, logistic
from tests.builders import build, quiet_world

DOCTRINE = {"intercept": 0.0, "per_year": 0.5, "per_log_killed": 0.0, "city": 0.0, "mean_delay_days": 2.0,
            "deep_share": 0.25}


def attacked(military: int, doctrine=DOCTRINE, start_date="2025-07-02", days=20) -> dict:
    attack = {"type": "ttp_attack", "day": 0, "province": "North Waziristan", "pakistan_military": military}
    return quiet_world(scenario="oct2025.yaml", events=[attack], start_date=start_date, days=days,
                       pakistan={"decisions": {"punitive_strike": doctrine}})


def strikes(model) -> list:
    return [a for a in model.log.acts if a.actor == "pakistan" and a.level >= 5]


def test_a_major_attack_is_answered_at_the_doctrines_rate():
    data = attacked(12)
    runs = [build(data, seed=s).run() for s in range(300)]
    year = calendar_year(runs[0])
    p = logistic(DOCTRINE["per_year"] * (year - 2024.0) + 0.0)  # log(12 / 10) weighs 0 here
    struck = sum(bool(strikes(m)) for m in runs)
    assert binomtest(struck, len(runs), p).pvalue > 0.001, (struck, p)
    days = [strikes(m)[0].day for m in runs if strikes(m)]
    assert max(days) <= 14 and abs(sum(days) / len(days) - 2.0) < 0.6  # the geometric delay's mean, truncated at 14
    deep = sum(strikes(m)[0].level == 6 for m in runs if strikes(m))
    assert binomtest(deep, struck, 0.25).pvalue > 0.001


def test_an_attack_below_the_threshold_is_not_answered():
    assert not any(strikes(build(attacked(3), seed=s).run()) for s in range(50))


def test_no_doctrine_no_strike():
    assert not any(strikes(build(attacked(12, doctrine=None), seed=s).run()) for s in range(30))


@pytest.mark.parametrize("killed, city, year", [(10, False, 2024.0), (40, True, 2026.0), (5, False, 2022.5)])
def test_probability_is_the_documented_logistic(killed, city, year):
    spec = PunitiveStrikeSpec(intercept=-1.0, per_year=0.7, per_log_killed=-0.5, city=0.4)
    z = -1.0 + 0.7 * (year - 2024.0) - 0.5 * math.log(killed / 10) + 0.4 * city
    assert PunitiveStrike().probability(spec, year, killed, city, 0.0, 0.0) == pytest.approx(1 / (1 + math.exp(-z)))


def test_geometric_delay_has_its_mean():
    import numpy as np

    rng = np.random.default_rng(3)
    draws = [geometric_delay(rng, 3.0, 10**6) for _ in range(20000)]
    assert sum(draws) / len(draws) == pytest.approx(3.0, rel=0.05)


def test_a_strike_pakistan_decides_is_owned_at_the_records_share():
    """acknowledged_share (docs/ODD.md 7.10): each decided strike owned with that probability, drawn strike by strike."""
    always = {**DOCTRINE, "intercept": 20.0, "deep_share": 0.0}
    data = attacked(12, doctrine=always)
    data["actors"]["pakistan"]["acknowledged_share"] = 0.3
    runs = [build(data, seed=s).run() for s in range(300)]
    owned = [strikes(m)[0].acknowledged for m in runs]
    assert binomtest(sum(owned), len(owned), 0.3).pvalue > 0.001, sum(owned)
    data["actors"]["pakistan"]["acknowledged_share"] = None  # the policy, as before model v5
    assert not any(strikes(build(data, seed=s).run())[0].acknowledged for s in range(20))
