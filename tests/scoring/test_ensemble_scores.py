"""Known answers for the scores of sim.scoring.ensemble_scores: closed forms, properness, floors."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.scoring import ensemble_scores as es


def closed_form_crps(x, y) -> float:
    """CRPS of an equally weighted ensemble: mean |X - y| - 1/2 mean |X - X'| over all m^2 pairs."""
    x = np.asarray(x, dtype=float)
    return float(np.mean(np.abs(x - y)) - 0.5 * np.mean(np.abs(x[:, None] - x[None, :])))


@pytest.mark.parametrize("x, y, expected", [
    ([3.0], 3.0, 0.0),  # one member, right: 0
    ([3.0], 5.0, 2.0),  # one member: absolute error
    ([1.0, 2.0, 5.0, 9.0], 3.0, 1.0625),  # (1+1+2+6)/4 - 1/2 * (sum of |xi - xj|)/16 = 2.5 - 1.4375
    ([0.0, 1.0], 0.0, 0.25),  # 1/2 - 1/2 * (2/4)
])
def test_crps_of_an_ensemble_equals_its_closed_form(x, y, expected):
    assert es.crps(y, x) == pytest.approx(expected)
    assert es.crps(y, x) == pytest.approx(closed_form_crps(x, y))


def test_crps_of_a_binary_ensemble_is_the_brier_score():
    x = [1.0] * 3 + [0.0] * 7  # P(true) = 0.3
    assert es.crps(1.0, x) == pytest.approx(es.brier(0.3, True)) == pytest.approx(0.49)
    assert es.crps(0.0, x) == pytest.approx(es.brier(0.3, False)) == pytest.approx(0.09)


def test_fair_crps_divides_the_spread_by_m_times_m_minus_1():
    x, y = np.array([1.0, 2.0, 5.0, 9.0]), 3.0
    spread = np.abs(x[:, None] - x[None, :]).sum() / (len(x) * (len(x) - 1))
    assert es.crps(y, x, fair=True) == pytest.approx(np.mean(np.abs(x - y)) - 0.5 * spread)


def test_weights_count_as_repeated_members():
    assert es.crps(3.0, [1.0, 2.0, 9.0], weights=[2, 1, 1]) == pytest.approx(es.crps(3.0, [1.0, 1.0, 2.0, 9.0]))


def test_mean_crps_over_points_is_the_mean_of_each():
    x = [1.0, 4.0, 6.0]
    assert es.mean_crps([2.0, 3.0, 4.0], x) == pytest.approx(np.mean([es.crps(v, x) for v in (2.0, 3.0, 4.0)]))


def test_censored_crps_is_the_crps_of_the_ensemble_cut_at_the_bound():
    x = np.array([1.0, 2.0, 5.0, 9.0])
    assert es.censored_crps(6.0, x) == pytest.approx(closed_form_crps(np.minimum(x, 6.0), 6.0))
    assert es.censored_crps(2.0, x, above=False) == pytest.approx(closed_form_crps(np.maximum(x, 2.0), 2.0))
    assert es.censored_crps(1.0, x) == 0.0  # every run is at least 1: nothing to penalise


def test_weighted_interval_score_equals_bracher_et_al_closed_form():
    """WIS = (1/2 |y - m| + sum_k alpha_k/2 * IS_alpha_k) / (K + 1/2), IS = width + 2/alpha * miss (eq. 3)."""
    x = np.arange(0.0, 101.0)  # quantiles are members: 50% [25, 75], 80% [10, 90], 90% [5, 95], median 50
    y = 92.0
    alpha = np.array([0.5, 0.2, 0.1])
    low, high = np.array([25.0, 10.0, 5.0]), np.array([75.0, 90.0, 95.0])
    interval = (high - low) + 2 / alpha * np.maximum(low - y, 0) + 2 / alpha * np.maximum(y - high, 0)
    expected = (0.5 * abs(y - 50.0) + np.sum(alpha / 2 * interval)) / 3.5
    assert es.wis(y, x) == pytest.approx(expected)


def test_log_score_floors_the_probability_at_one_over_2n():
    assert es.log_score(0.0, True, 100) == pytest.approx(-math.log(1 / 200))
    assert es.log_score(1.0, False, 100) == pytest.approx(-math.log(1 / 200))
    assert es.log_score(0.25, True, 100) == pytest.approx(-math.log(0.25))


symmetric = st.lists(st.floats(0.1, 50.0), min_size=1, max_size=20)


@settings(max_examples=200, deadline=None)
@given(half=symmetric, median=st.floats(-100, 100), widen=st.floats(1.0, 10.0))
def test_widening_around_a_fixed_median_never_improves_the_score_when_the_truth_is_the_median(half, median, widen):
    offsets = np.array(half)
    narrow = np.concatenate([median - offsets, median + offsets])
    wide = np.concatenate([median - widen * offsets, median + widen * offsets])
    assert es.crps(median, wide) >= es.crps(median, narrow) - 1e-9
    assert es.wis(median, wide) >= es.wis(median, narrow) - 1e-9


@pytest.mark.parametrize("p", [0.0, 0.1, 0.5, 0.9, 1.0])
def test_brier_and_log_scores_are_proper_the_true_probability_scores_best_in_expectation(p):
    """Expected score under outcome ~ Bernoulli(p) is smallest when the forecast is p."""
    grid = np.linspace(0.0, 1.0, 101)
    expected_brier = [p * es.brier(q, True) + (1 - p) * es.brier(q, False) for q in grid]
    assert grid[int(np.argmin(expected_brier))] == pytest.approx(p)
    expected_log = [p * es.log_score(q, True, 10**6) + (1 - p) * es.log_score(q, False, 10**6) for q in grid]
    assert grid[int(np.argmin(expected_log))] == pytest.approx(p, abs=0.011)


def test_weighted_quantiles_are_members_as_inverted_cdf():
    x = [5.0, 1.0, 3.0, 2.0]
    for q in (0.05, 0.25, 0.5, 0.75, 0.95):
        assert es.weighted_quantiles(x, [q])[0] == np.quantile(x, q, method="inverted_cdf")
    assert es.weighted_quantiles([1.0, 2.0, 3.0], [0.5], weights=[0.1, 0.1, 0.8])[0] == 3.0
    assert list(itertools.chain(es.central_interval([1.0, 2.0, 3.0, 4.0], 0.5))) == [1.0, 3.0]
