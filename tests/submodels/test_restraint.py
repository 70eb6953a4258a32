"""Restraint (docs/ODD.md, 7.4): each rung above rhetoric a rule proposes survives with probability exp(-R)."""

import math
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.submodels.ladder import Level
from sim.submodels.restraint import restrain, restraint_on

DRAWS = 20_000
Z999 = 3.2905  # two-sided 99.9% normal quantile


def within_binomial(count: int, n: int, p: float) -> bool:
    half_width = Z999 * math.sqrt(p * (1 - p) / n)
    return abs(count / n - p) <= half_width


@pytest.mark.parametrize("pressure", [0.1, 0.5, 1.0, 2.0])
@pytest.mark.parametrize("proposed", [7, 4])
def test_proposed_rung_survives_with_probability_exp_minus_r(pressure, proposed):
    rng = np.random.default_rng(1000 + int(pressure * 10) + proposed)
    results = np.array([restrain(proposed, pressure, rng) for _ in range(DRAWS)])
    survive = math.exp(-pressure)
    assert within_binomial(int((results == proposed).sum()), DRAWS, survive)
    # each rung is tried in turn: the one below the proposal is kept with probability (1 - s) s
    assert within_binomial(int((results == proposed - 1).sum()), DRAWS, (1 - survive) * survive)
    # and rhetoric is left when every rung above it falls: (1 - s) ** (proposed - 1)
    assert within_binomial(int((results == Level.RHETORIC).sum()), DRAWS, (1 - survive) ** (proposed - 1))


def test_strong_pressure_leaves_rhetoric():
    rng = np.random.default_rng(5)
    assert [restrain(7, 50.0, rng) for _ in range(1000)] == [1] * 1000


@pytest.mark.parametrize("proposed", range(0, 8))
def test_zero_pressure_leaves_the_proposal_unchanged(proposed):
    rng = np.random.default_rng(0)
    state = rng.bit_generator.state
    assert restrain(proposed, 0.0, rng) == proposed
    assert rng.bit_generator.state == state  # no draw


@pytest.mark.parametrize("proposed", [0, 1])
@pytest.mark.parametrize("pressure", [0.5, 5.0, 100.0])
def test_calm_and_rhetoric_are_untouched(proposed, pressure):
    rng = np.random.default_rng(0)
    assert all(restrain(proposed, pressure, rng) == proposed for _ in range(100))


@settings(max_examples=300, deadline=None, database=None)
@given(proposed=st.integers(1, 7), pressure=st.floats(0.0, 50.0), seed=st.integers(0, 2**32 - 1))
def test_result_between_rhetoric_and_the_proposal(proposed, pressure, seed):
    result = restrain(proposed, pressure, np.random.default_rng(seed))
    assert type(result) is int
    assert Level.RHETORIC <= result <= proposed


def test_restraint_on_a_side():
    mediators = [
        SimpleNamespace(pressure_on=lambda side: {"pakistan": 0.4, "taliban": 0.1}[side]),
        SimpleNamespace(pressure_on=lambda side: {"pakistan": 0.2, "taliban": 0.3}[side]),
    ]
    spec = SimpleNamespace(economic_sensitivity=2.0, domestic_cost=0.25)
    # 1.5 x (0.4 + 0.2) + 2.0 x 0.3 + 0.25
    assert restraint_on("pakistan", spec, 1.5, mediators, 0.3) == pytest.approx(0.9 + 0.6 + 0.25)
    assert restraint_on("taliban", spec, 1.5, mediators, 0.3) == pytest.approx(0.6 + 0.6 + 0.25)
    assert restraint_on("taliban", spec, 0.0, mediators, 0.0) == pytest.approx(0.25)
    assert restraint_on("pakistan", spec, 1.5, [], 0.0) == pytest.approx(0.25)
