"""Known answers of the posterior's summaries: weighted quantiles, Kish's ESS, mass on a prior's edge."""

import numpy as np
import pytest

from sim.validation.posterior_summary import edge_flag, edge_mass, effective_sample_size, marginal, weighted_quantiles


def test_equal_weights_give_the_plain_ess_and_quantiles():
    x = np.arange(1, 101)
    w = np.ones(100)
    assert effective_sample_size(w) == pytest.approx(100)
    assert weighted_quantiles(x, w, [0.05, 0.5, 0.95]) == [5.0, 50.0, 95.0]


def test_one_heavy_sample_dominates():
    w = [97.0, 1.0, 1.0, 1.0]
    assert effective_sample_size(w) == pytest.approx(1 / (0.97**2 + 3 * 0.01**2))
    assert weighted_quantiles([3.0, 1.0, 2.0, 4.0], w, [0.5]) == [3.0]


def test_edge_mass_and_flags():
    x = [0.05, 0.5, 0.95, 0.99]
    assert edge_mass(x, [1, 1, 1, 1], 0.0, 1.0) == (0.25, 0.5)
    assert edge_flag(0.25, 0.5, 0.0, 1.0) == "high"
    assert edge_flag(0.12, 0.12, 0.0, 1.0) == ""  # a flat posterior holds 0.1 at each end
    # whole numbers 1..4: a flat posterior holds 0.25 at each end value, so 0.3 is not yet piled up
    assert edge_mass([1, 2, 3, 4], [1, 1, 1, 1], 1, 4, integers=True) == (0.25, 0.25)
    assert edge_flag(0.3, 0.2, 1, 4, integers=True) == "" and edge_flag(0.8, 0.1, 1, 4, integers=True) == "low"
    row = marginal([1, 1, 1, 2], [1, 1, 1, 1], 1, 4, integers=True)
    assert row["piled_on_edge"] == "low" and row["median"] == 1.0 and row["mean"] == pytest.approx(1.25)
