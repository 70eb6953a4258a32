"""Bayesian logistic regression by its mode and the Laplace approximation (Gelman et al. 2008, weakly informative
priors for logistic regression): coefficients beta with independent Normal(0, prior_sd^2) priors, the posterior
mode found by Newton's method, and its covariance the inverse of the negative Hessian there. Used to size the
strategic decisions from the record's few cases (sim/validation/record_fits.py): with 12-28 cases and some
complete separation (every acknowledged strike was answered), a plain maximum-likelihood fit does not exist; the
prior keeps the estimate finite and its width honest. A case may weigh less than one (``weights``): its
log-likelihood is multiplied by its weight, as a power prior discounts older data (Ibrahim & Chen 2000, "Power
prior distributions for regression models", Statistical Science 15(1): 46-60)."""

from __future__ import annotations

import numpy as np


def fit_logistic(x: np.ndarray, y: np.ndarray, prior_sd: float = 2.5, iterations: int = 100,
                 weights: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(mode, covariance) of beta for P(y = 1) = logistic(x @ beta); ``x`` includes the intercept's column;
    ``weights`` (default 1 each) scale each case's log-likelihood."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    w = np.ones(len(y)) if weights is None else np.asarray(weights, float)
    beta = np.zeros(x.shape[1])
    precision = np.eye(x.shape[1]) / prior_sd**2
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-x @ beta))
        gradient = x.T @ (w * (y - p)) - precision @ beta
        hessian = x.T @ (x * (w * p * (1 - p))[:, None]) + precision
        step = np.linalg.solve(hessian, gradient)
        beta = beta + step
        if np.max(np.abs(step)) < 1e-10:
            break
    p = 1.0 / (1.0 + np.exp(-x @ beta))
    hessian = x.T @ (x * (w * p * (1 - p))[:, None]) + precision
    return beta, np.linalg.inv(hessian)
