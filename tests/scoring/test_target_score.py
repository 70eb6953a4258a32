"""Scoring one target (sim.scoring.target_score): "none" as an outcome, intervals, coverage, true/false."""

from __future__ import annotations

import numpy as np
import pytest

from sim.scoring import ensemble_scores as es
from sim.scoring.outcome_space import observed_outcome, target_kind
from sim.scoring.target_score import score_target
from sim.validation.episode import BoolObserved, DaysObserved, LevelObserved, Observed


def days(**kw):
    return DaysObserved(source="s", **kw)


def test_target_kinds_drop_the_phase_and_the_crossing_but_keep_the_group():
    assert target_kind("war2026.days_to_ceasefire") == "days_to_ceasefire"
    assert target_kind("crossing_closed_days.Ghulam Khan") == "crossing_closed_days"
    assert target_kind("nov2025.casualties.afghan_civilian") == "casualties.afghan_civilian"
    with pytest.raises(ValueError):
        target_kind("nothing")


def test_a_run_that_never_answers_is_a_worse_miss_than_one_that_answers_late():
    """'None' sits at W, the first day past the window: never is W from day 0, a day-60 answer 60."""
    observed = days(value=0)
    never = score_target("days_to_first_retaliation", observed, [None] * 4, none_at=100)
    late = score_target("days_to_first_retaliation", observed, [60] * 4, none_at=100)
    assert never.score == pytest.approx(100.0)
    assert late.score == pytest.approx(60.0)
    assert never.median is None and late.median == 60


def test_observed_none_is_scored_at_w_with_its_share_brier_and_log_scored():
    row = score_target("days_to_ceasefire", days(value=None), [None] * 3 + [4], none_at=10)
    assert row.score == pytest.approx(es.crps(10.0, [10.0, 10.0, 10.0, 4.0]))
    assert row.p_true == pytest.approx(0.75)
    assert row.brier == pytest.approx(0.0625)
    assert row.log == pytest.approx(-np.log(0.75))
    assert row.inside90


def test_an_observed_interval_is_scored_as_the_mean_over_its_whole_numbers():
    ensemble = [3, 8, 20]
    row = score_target("casualties.ttp", Observed(interval=(5, 9), source="s"), ensemble)
    assert row.score == pytest.approx(np.mean([es.crps(v, ensemble) for v in range(5, 10)]))
    assert row.coverage[0.9] == pytest.approx(1.0)  # [3, 20] holds all of 5..9


def test_an_interval_open_above_penalises_only_runs_below_its_bound():
    low = score_target("casualties.ttp", Observed(interval=(5, None), source="s"), [5, 9, 400])
    assert low.score == pytest.approx(0.0)
    below = score_target("casualties.ttp", Observed(interval=(5, None), source="s"), [1, 2, 3])
    assert below.score == pytest.approx(es.crps(5.0, [1.0, 2.0, 3.0]))
    assert below.coverage[0.9] == 0.0 and not below.inside90


def test_coverage_of_a_point_and_sharpness_in_the_targets_units():
    ensemble = list(range(0, 101))
    row = score_target("peak_level", LevelObserved(value=7, source="s"), [7] * 10)
    assert row.coverage == {0.5: 1.0, 0.8: 1.0, 0.9: 1.0} and row.width90 == 0
    wide = score_target("casualties.ttp", Observed(value=80, source="s"), ensemble)
    assert wide.coverage == {0.5: 0.0, 0.8: 1.0, 0.9: 1.0}
    assert wide.width90 == 90.0  # [5, 95]


def test_true_false_scores_brier_and_floored_log():
    row = score_target("open_war", BoolObserved(value=True, source="s"), [False] * 10)
    assert row.score == row.brier == 1.0
    assert row.log == pytest.approx(-np.log(1 / 20))
    assert not row.inside90
    some = score_target("open_war", BoolObserved(value=True, source="s"), [True] + [False] * 9)
    assert some.p_true == pytest.approx(0.1) and some.inside90


def test_weighted_runs_count_by_weight():
    row = score_target("open_war", BoolObserved(value=True, source="s"), [True, False], weights=[3, 1])
    assert row.p_true == pytest.approx(0.75)


def test_observed_days_beyond_the_window_count_as_none():
    assert list(observed_outcome(days(interval=(15, 16)), none_at=10).points) == [10.0]
