"""Known answers for the filter's arithmetic (sim/history/particle_filter.py): a bootstrap filter of a random walk
observed with Gaussian noise recovers the Kalman filter's posterior; ESS and systematic resampling as defined."""

from __future__ import annotations

import numpy as np
import pytest

from sim.history.particle_filter import (effective_sample_size, normalised, systematic_resample, update,
                                         weighted_mean_var)

Q, R, T = 1.0, 0.5, 30  # process and observation variances, steps


def kalman(ys, q=Q, r=R, m0=0.0, p0=1.0):
    """The exact posterior mean and variance of x_t given y_1..t for x_t = x_t-1 + N(0, q), y_t = x_t + N(0, r)."""
    m, p, out = m0, p0, []
    for y in ys:
        p = p + q
        k = p / (p + r)
        m, p = m + k * (y - m), (1 - k) * p
        out.append((m, p))
    return out


def bootstrap_filter(ys, n, rng, ess_share=0.5):
    x = rng.normal(0.0, 1.0, n)
    lw = np.zeros(n)
    out = []
    for y in ys:
        x = x + rng.normal(0.0, np.sqrt(Q), n)  # advance each particle (its own noise: a fork)
        lw = update(lw, -0.5 * (y - x) ** 2 / R)
        w = normalised(lw)
        out.append(weighted_mean_var(x, w))
        if effective_sample_size(w) < ess_share * n:
            x, lw = x[systematic_resample(w, rng)], np.zeros(n)
    return out


def test_a_bootstrap_filter_of_a_random_walk_recovers_the_kalman_posterior():
    rng = np.random.default_rng(2021)
    truth = np.cumsum(rng.normal(0.0, np.sqrt(Q), T))
    ys = truth + rng.normal(0.0, np.sqrt(R), T)
    exact = kalman(ys)
    filtered = bootstrap_filter(ys, 20_000, np.random.default_rng(7))
    for (m, p), (fm, fp) in zip(exact, filtered):
        assert fm == pytest.approx(m, abs=4 * np.sqrt(p / 2000))  # within a few Monte Carlo errors
        assert fp == pytest.approx(p, rel=0.15)


def test_effective_sample_size_is_n_for_equal_weights_and_1_for_one():
    assert effective_sample_size(np.ones(40)) == pytest.approx(40)
    assert effective_sample_size([1.0] + [0.0] * 39) == pytest.approx(1)
    assert effective_sample_size([3.0, 1.0]) == pytest.approx(1 / (0.75 ** 2 + 0.25 ** 2))


def test_systematic_resampling_copies_each_particle_n_w_times_within_one():
    rng = np.random.default_rng(3)
    w = np.array([0.5, 0.3, 0.15, 0.05])
    for _ in range(200):
        counts = np.bincount(systematic_resample(w, rng), minlength=4)
        assert counts.sum() == 4
        assert np.all(np.abs(counts - 4 * w) < 1.0 + 1e-12)


def test_weights_come_back_from_very_small_likelihoods():
    w = normalised(update([0.0, 0.0], [-1000.0, -1001.0]))
    assert w == pytest.approx([1 / (1 + np.exp(-1)), np.exp(-1) / (1 + np.exp(-1))])
    with pytest.raises(ValueError, match="zero likelihood"):
        normalised([-np.inf, -np.inf])
