"""Interval estimates against published values and SciPy."""

import math

import numpy as np
import pytest
from scipy import stats

from sim.analysis.stats import mean_interval, t_half_width, wilson_interval


@pytest.mark.parametrize("k, n, low, high", [
    # 95% Wilson score intervals: 0/10, 10/10, 5/10 (the symmetric case), and the worked examples of
    # Newcombe, Stat. Med. 17 (1998) 857-872, Table I, method 3
    (0, 10, 0.0, 0.2775), (10, 10, 0.7225, 1.0), (5, 10, 0.2366, 0.7634),
    (81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718),
])
def test_wilson_matches_published_values(k, n, low, high):
    got = wilson_interval(k, n)
    assert got == pytest.approx((low, high), abs=5e-5)
    assert 0.0 <= got[0] <= k / n <= got[1] <= 1.0


def test_wilson_edges_and_arrays():
    assert all(math.isnan(v) for v in wilson_interval(0, 0))
    assert wilson_interval(0, 10)[0] == 0.0 and wilson_interval(10, 10)[1] == 1.0  # clipped, never outside
    low, high = wilson_interval(np.array([0, 5, 0]), np.array([10, 10, 0]))
    assert low[:2] == pytest.approx([0.0, 0.2366], abs=5e-5) and math.isnan(low[2]) and math.isnan(high[2])
    wider = wilson_interval(5, 10, confidence=0.99)
    assert wider[0] < 0.2366 and wider[1] > 0.7634
    with pytest.raises(ValueError):
        wilson_interval(11, 10)
    with pytest.raises(ValueError):
        wilson_interval(1, 10, confidence=1.5)


@pytest.mark.parametrize("values", [[1, 2, 3, 4], [94, 118, 105, 99, 120, 101], np.linspace(-3, 7, 25)])
@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
def test_t_interval_matches_scipy(values, confidence):
    x = np.asarray(values, dtype=float)
    mean, low, high = mean_interval(x, confidence)
    expected = stats.t.interval(confidence, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
    assert mean == pytest.approx(x.mean())
    assert (low, high) == pytest.approx(expected, rel=1e-12)


def test_mean_interval_edges():
    assert mean_interval([3.0])[0] == 3.0 and all(math.isnan(v) for v in mean_interval([3.0])[1:])
    assert all(math.isnan(v) for v in mean_interval([]))
    assert mean_interval([2, 2, 2]) == (2.0, 2.0, 2.0)  # no spread: a zero-width interval
    assert mean_interval([1, np.nan, 3]) == mean_interval([1, 3])  # NaN is missing, not a value
    assert math.isnan(float(t_half_width(1.0, 1)))
