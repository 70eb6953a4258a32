"""The particle filter's arithmetic, apart from any model: weights, effective sample size, resampling.

A bootstrap particle filter (Gordon, Salmond & Smith 1993; for agent-based models Ward, Evans & Malleson 2016,
Malleson et al. 2020): particles are advanced by the model, weighted by the likelihood of each new
observation, and resampled when their weights have grown too uneven. Weights are kept as logarithms (a window's
likelihood can be e^-300) and normalised by the log-sum-exp.

- **Effective sample size** ESS = 1 / Σ w_i² of the normalised weights: N when all weigh alike, 1 when one
  particle holds all the weight; the share of particles the estimate is effectively worth (Kong, Liu & Wong 1994).
- **Systematic resampling** (Kitagawa 1996; Douc, Cappé & Moulines 2005): one uniform draw u, then the N points
  (u + k)/N pick particles by their cumulative weights; each particle is copied about N w_i times (within one),
  the least variance of the usual schemes. Copies weigh alike afterwards.
"""

from __future__ import annotations

import numpy as np


def normalised(log_weights) -> np.ndarray:
    """Weights summing to 1 from their logarithms (log-sum-exp, safe from underflow)."""
    lw = np.asarray(log_weights, dtype=float)
    top = np.max(lw)
    if not np.isfinite(top):
        raise ValueError("every particle has zero likelihood: no weight left to normalise")
    w = np.exp(lw - top)
    return w / w.sum()


def effective_sample_size(weights) -> float:
    w = np.asarray(weights, dtype=float)
    w = w / w.sum()
    return float(1.0 / np.sum(w * w))


def systematic_resample(weights, rng: np.random.Generator) -> np.ndarray:
    """Indices of the particles to copy (N of them, in increasing order), by systematic resampling."""
    w = np.asarray(weights, dtype=float)
    n = len(w)
    positions = (rng.random() + np.arange(n)) / n
    cumulative = np.cumsum(w / w.sum())
    cumulative[-1] = 1.0  # rounding must not leave the last point past the end
    return np.searchsorted(cumulative, positions, side="right")


def update(log_weights, log_likelihoods) -> np.ndarray:
    """Bayes' rule in logs: the new log weights, normalised so that the largest is 0."""
    lw = np.asarray(log_weights, dtype=float) + np.asarray(log_likelihoods, dtype=float)
    return lw - np.max(lw)


def weighted_mean_var(values, weights) -> tuple[float, float]:
    w = np.asarray(weights, dtype=float)
    w = w / w.sum()
    x = np.asarray(values, dtype=float)
    mean = float(np.sum(w * x))
    return mean, float(np.sum(w * (x - mean) ** 2))
