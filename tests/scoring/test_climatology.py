"""The climatology baseline (sim.scoring.climatology): leave one crisis out, Laplace for open war, skill 0
against itself, and no baseline for a kind no other crisis has."""

from __future__ import annotations

import numpy as np
import pytest

from sim.scoring.climatology import Climatology, NoBaseline, records_of
from sim.scoring.scorecard import EpisodeScore, skill_of
from sim.scoring.target_score import score_target
from sim.validation.episode import load_episode
from tests.scoring.builders import observed, write_episode


@pytest.fixture()
def three(tmp_path):
    """Three crises: A (Jan 2024), B (Jan 2024 too: the same crisis as A), C (Jun 2024)."""
    paths = [
        write_episode(tmp_path, "a", {"peak_level": observed(3), "open_war": {"value": False, "source": "s"},
                                      "casualties": {"ttp": observed(interval=[10, 12])}}),
        write_episode(tmp_path, "b", {"peak_level": observed(5), "open_war": {"value": True, "source": "s"}},
                      start_date="2024-01-05"),
        write_episode(tmp_path, "c", {"peak_level": observed(6), "open_war": {"value": True, "source": "s"},
                                      "casualties": {"ttp": observed(interval=[2, None])}},
                      start_date="2024-06-01"),
    ]
    return [load_episode(p) for p in paths]


def _record(episodes, episode, target):
    return next(r for r in records_of(episodes[episode]) if r.target == target)


def test_the_baseline_leaves_out_the_same_crisis(three):
    clim = Climatology(three)
    values, weights = clim.ensemble(_record(three, 0, "peak_level"), None)
    assert values == [6.0] and list(weights) == [1.0]  # B is within 14 days of A: the same crisis
    values, weights = clim.ensemble(_record(three, 2, "peak_level"), None)
    assert sorted(values) == [3.0, 5.0]


def test_an_interval_shares_its_crisis_weight_and_an_open_one_gives_its_known_end(three):
    clim = Climatology(three)
    values, weights = clim.ensemble(_record(three, 2, "casualties.ttp"), None)
    assert values == [10.0, 11.0, 12.0] and np.allclose(weights, 1 / 3)
    values, _ = clim.ensemble(_record(three, 0, "casualties.ttp"), None)
    assert values == [2.0]


def test_open_war_baseline_is_the_laplace_smoothed_share_of_wars(three):
    clim = Climatology(three)
    values, weights = clim.ensemble(_record(three, 0, "open_war"), None)  # C only: 1 war of 1
    assert values == [True, False] and weights[0] / weights.sum() == pytest.approx(2 / 3)


def test_climatology_scores_zero_skill_against_itself(three):
    clim = Climatology(three)
    rows = []
    for loaded in three:
        for record in records_of(loaded):
            values, weights = clim.ensemble(record, None)
            row = score_target(record.target, record.observed, values, weights=weights)
            row.baseline = score_target(record.target, record.observed, values, weights=weights).score
            rows.append(row)
    assert skill_of(rows) == pytest.approx(0.0)
    assert EpisodeScore("all", "", 0, rows).skill == pytest.approx(0.0)


def test_a_kind_no_other_crisis_has_has_no_baseline(tmp_path, three):
    clim = Climatology(three[:2])  # a and b are one crisis: nothing else to compare with
    with pytest.raises(NoBaseline, match="target peak_level has no baseline"):
        clim.check(records_of(three[0]))
