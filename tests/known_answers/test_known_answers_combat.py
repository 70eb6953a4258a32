"""Known answers of combat and restraint, through the whole model (docs/ODD.md, 7.4 and 7.10).

tests/submodels/test_combat.py and tests/submodels/test_restraint.py check ``lanchester_square``, ``raid_posts`` and
``restrain`` on their own; here a scripted raid and a rule's proposal go through ``EscalationModel``.
"""

import json
import math

import pytest

from sim.scenario.loading import scenario_from_data
from sim.model import EscalationModel

from .helpers import actor, exact_interval, minimal, state_acts

TFT = {"name": "tit_for_tat"}


def one_post_map(tmp_path, garrison: int) -> str:
    """A one-row map whose only Pakistani border province (Bajaur) holds one post of ``garrison`` soldiers."""
    path = tmp_path / "one_post.yaml"
    path.write_text(json.dumps({  # JSON is YAML
        "name": "one_post",
        "provinces": [
            {"name": "Kunar", "side": "AF", "row": 0, "column": "af_border"},
            {"name": "Bajaur", "side": "PK", "row": 0, "column": "pk_border",
             "posts": {"count": 1, "garrison": garrison}},
        ],
    }))
    return str(path)


def raid(tmp_path, raiders: int, garrison: int):
    """Kabul's scripted raid (level 5) on Bajaur on day 0, equal effectiveness, every loss a death."""
    data = minimal(actor(TFT), actor(TFT), level=5, by="taliban", province="Bajaur",
                   geography=one_post_map(tmp_path, garrison),
                   combat={"raid_party": raiders, "attacker_effectiveness": 1.0, "defender_effectiveness": 1.0,
                           "attacker_killed_fraction": 1.0, "defender_killed_fraction": 1.0, "posts_per_raid": 1})
    model = EscalationModel(data, rng=0, days=1).run()
    [act] = model.log.of("taliban", 0)
    return model, act


def test_lanchester_raid_of_1000_on_a_garrison_of_800_wins_losing_400(tmp_path):
    """Lanchester (1916), Aircraft in Warfare: under the square law 1000 attackers against 800 defenders
    of equal effectiveness win (1000^2 > 800^2) and keep sqrt(1000^2 - 800^2) = 600, i.e. lose 400; the
    garrison is wiped out (800 lost). With killed fractions of 1 every loss is a death in the event log."""
    model, act = raid(tmp_path, raiders=1000, garrison=800)
    assert (act.kind, act.level, act.place) == ("post_raid", 5, "Bajaur")
    assert act.casualties == {"afghan_military": 400, "pakistan_military": 800}
    assert act.posts_destroyed == 1 and model.log.posts_lost == {"pakistan": 1, "taliban": 0}
    assert model.world.provinces["Bajaur"].intact_posts == 0
    assert model.summary()["casualties"]["afghan_military"] == 400


def test_lanchester_raid_of_800_on_a_garrison_of_1000_is_repelled(tmp_path):
    """Lanchester (1916), the mirror case: 800 raiders against 1000 defenders are destroyed and the post
    holds with 600 defenders left (400 lost)."""
    model, act = raid(tmp_path, raiders=800, garrison=1000)
    assert act.casualties == {"afghan_military": 800, "pakistan_military": 400}
    assert act.posts_destroyed == 0 and model.world.provinces["Bajaur"].intact_posts == 1


def survival_frequency(pressure: float, runs: int) -> tuple[int, int]:
    """Kabul answers Pakistan's day-0 strike (level 5) in kind on day 1 under ``domestic_cost`` = R, the only
    pressure there is. Returns (runs where the proposed rung 5 survived, runs)."""
    scenario = scenario_from_data(minimal(actor(TFT), actor(TFT, domestic_cost=pressure), level=5))
    kept = 0
    for seed in range(runs):
        model = EscalationModel(scenario, rng=seed, days=2).run()
        assert model.taliban.restraint == pytest.approx(pressure)
        [(side, level)] = state_acts(model, 1)
        assert side == "taliban" and 1 <= level <= 5
        kept += level == 5
    return kept, runs


def check_survival(pressure: float, runs: int) -> None:
    kept, n = survival_frequency(pressure, runs)
    low, high = exact_interval(kept, n, 0.99)
    expected = math.exp(-pressure)
    assert low <= expected <= high, (
        f"R={pressure}: proposed rung kept in {kept}/{n} runs; 99% exact interval [{low:.3f}, {high:.3f}] "
        f"excludes exp(-R) = {expected:.3f}")


@pytest.mark.parametrize("pressure", [0.5, 1.0, 2.0])
def test_restraint_keeps_the_proposed_rung_with_probability_exp_minus_r(pressure):
    """docs/ODD.md, 7.4: each rung above rhetoric that a rule proposes survives with probability
    exp(-R). Through the model, with R = domestic_cost alone: the frequency with which tit for tat's rung-5
    answer is carried out at rung 5 must hold exp(-R) in its 99% exact (Clopper-Pearson) interval, 1000 seeds."""
    check_survival(pressure, runs=1000)


@pytest.mark.slow
@pytest.mark.parametrize("pressure", [0.25, 0.5, 1.0, 2.0, 3.0])
def test_restraint_keeps_the_proposed_rung_with_probability_exp_minus_r_slow(pressure):
    """As above over 10,000 seeds, 99% exact interval."""
    check_survival(pressure, runs=10_000)
