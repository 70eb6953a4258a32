"""The strategic decisions' fits on the record (sim/validation/record_fits.py): the cases count as
RECORD_STRIKES_ATTACKS.md counts them, calibration/record_fits.yaml is today's fit, and the priors take it up."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import minimize

from scripts import record_fits as script
from sim.validation.logistic_fit import fit_logistic
from sim.validation.priors import load_priors
from sim.validation.record_cases import attack_cases, strike_cases
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def record():
    from sim.scenario.history_record import read_record

    return read_record(ROOT / "record")


def test_attack_cases_count_as_table_2(record):
    cases = attack_cases(record, frozenset({"Islamabad-Rawalpindi", "Peshawar", "Quetta"}))
    before = [c for c in cases if c.date < __import__("datetime").date(2025, 10, 1)]
    assert (len(cases), sum(c.followed for c in cases)) == (28, 8)  # "Followed by a Pakistani strike within 14 days: 8"
    assert sum(c.followed for c in before) == 3 and len(before) == 22  # "3 / 22 ... 5 / 6"
    gaps = sorted(c.gap_days for c in cases if c.followed)
    assert sum(g <= 6 for g in gaps) == 7  # "Seven of eight gaps are 6 days or less"


def test_strike_cases_count_as_table_1(record):
    cases = strike_cases(record)
    assert (len(cases), sum(c.answered for c in cases)) == (12, 8)  # rows 1-12; "Yes: 8 of 12"
    gaps = sorted(c.gap_days for c in cases if c.answered)
    assert gaps[3] <= 3 and gaps[4] >= 2  # "Median gap for the 8: 2-3 days"


def test_the_shipped_fit_is_todays():
    assert script.main(["--check"]) == 0, "the record changed: run `python -m scripts.record_fits` and update the priors"


def test_priors_take_the_fit():
    fits = script.fresh()
    priors = load_priors(ROOT / "calibration" / "priors.yaml").parameters
    for side, decision in (("pakistan", "punitive_strike"), ("taliban", "strike_answer")):
        for name, fit in fits[decision]["coefficients"].items():
            assert priors[f"actors.{side}.decisions.{decision}.{name}"].prior.normal == (fit["mean"], fit["sd"])
        delay = fits[decision]["mean_delay_days"]
        assert priors[f"actors.{side}.decisions.{decision}.mean_delay_days"].prior.uniform == tuple(delay["prior"])
    deep = fits["punitive_strike"]["deep_share"]
    assert priors["actors.pakistan.decisions.punitive_strike.deep_share"].prior.beta == (deep["a"], deep["b"])
    for name, fit in fits["open_war_answer"]["coefficients"].items():
        assert priors[f"actors.pakistan.decisions.open_war_answer.{name}"].prior.normal == (fit["mean"], fit["sd"])
    owned = fits["strike_answer"]["acknowledged"]
    assert priors["actors.pakistan.acknowledged_share"].prior.beta == (owned["a"], owned["b"])


def test_logistic_fit_without_prior_is_the_proportion():
    y = np.array([1] * 3 + [0] * 9)
    mode, cov = fit_logistic(np.ones((12, 1)), y, prior_sd=1e6)
    assert mode[0] == pytest.approx(math.log(3 / 9))
    assert cov[0, 0] == pytest.approx(1 / (12 * 0.25 * 0.75), rel=1e-4)  # inverse Fisher information


def test_logistic_fit_is_the_posterior_mode():
    rng = np.random.default_rng(1)
    x = np.column_stack([np.ones(40), rng.normal(size=40)])
    y = (rng.random(40) < 1 / (1 + np.exp(-(0.3 + 1.2 * x[:, 1])))).astype(float)

    def neg_log_posterior(b):
        z = x @ b
        return -np.sum(y * z - np.logaddexp(0, z)) + np.sum(b**2) / (2 * 2.5**2)

    mode, _ = fit_logistic(x, y, prior_sd=2.5)
    assert mode == pytest.approx(minimize(neg_log_posterior, np.zeros(2)).x, abs=1e-4)


def test_a_case_of_weight_two_is_the_case_twice():
    """Known answer: the weighted likelihood multiplies a case's log-likelihood by its weight (power prior)."""
    x = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 0.0]])
    y = np.array([0.0, 1.0, 1.0])
    weighted = fit_logistic(x, y, 2.5, weights=[2.0, 1.0, 1.0])
    repeated = fit_logistic(np.vstack([x[:1], x]), np.concatenate([y[:1], y]), 2.5)
    for a, b in zip(weighted, repeated):
        assert a == pytest.approx(b, abs=1e-9)
    dropped = fit_logistic(x, y, 2.5, weights=[1.0, 1.0, 0.0])
    assert dropped[0] == pytest.approx(fit_logistic(x[:2], y[:2], 2.5)[0], abs=1e-9)


def test_the_open_war_fit_takes_the_earlier_offensives_at_their_weight(record):
    """The dyad's two earlier offensives (1950, 1960-61: no failed settlement, no open war) enter at half a case:
    the fitted base rate falls between the record's alone and both at full weight."""
    from sim.validation import record_fits
    from sim.validation.record_cases import offensive_cases

    fit = record_fits.open_war_answer_fit(record)
    assert fit["earlier_cases"] == {"n": 2, "open_war": 0, "weight": 0.5}
    assert (fit["cases"], fit["open_war"]) == (2, 1)
    x = np.array([[1.0, float(c.failed_settlement)] for c in offensive_cases(record, 365)])
    y = np.array([float(c.open_war) for c in offensive_cases(record, 365)])
    alone = fit_logistic(x, y)[0][0]
    full = fit_logistic(np.vstack([x, [[1.0, 0.0]] * 2]), np.concatenate([y, [0.0, 0.0]]))[0][0]
    assert full < fit["coefficients"]["intercept"]["mean"] < alone
