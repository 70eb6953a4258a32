"""The strategic decisions sized on the record (docs/ODD.md 7.3a; calibration/record_fits.yaml): logistic fits
of the record's cases (sim/validation/record_cases.py) by posterior mode and Laplace approximation
(sim/validation/logistic_fit.py), geometric delays by their mean gap, rung shares by Dirichlet(1, ..., 1)
posterior means. ``escalation`` never refits at run time: ``python -m scripts.record_fits`` writes the file,
calibration/priors.yaml takes its priors from it, and a test checks that both still match the record."""

from __future__ import annotations

import math

import numpy as np

from sim.decisions import open_war_answer, punitive_strike, strike_answer
from sim.validation.earlier_cases import earlier_offensive_cases
from sim.validation.logistic_fit import fit_logistic
from sim.validation.record_cases import attack_cases, offensive_cases, strike_cases

PRIOR_SD = 2.5  # Normal(0, 2.5^2) on every coefficient: weakly informative (Gelman et al. 2008)
# assumption: an offensive of the dyad's earlier disputes (1950, 1960-61) weighs half a case of the record - the
# same two states and the same step, under other regimes (power prior, Ibrahim & Chen 2000; docs/FINDINGS.md 10)
EARLIER_CASE_WEIGHT = 0.5


def _coefficients(names, x, y, weights=None) -> dict:
    mode, cov = fit_logistic(np.column_stack([np.ones(len(y)), *x]), np.asarray(y), PRIOR_SD, weights=weights)
    return {name: {"mean": round(float(m), 4), "sd": round(float(math.sqrt(cov[i, i])), 4)}
            for i, (name, m) in enumerate(zip(names, mode))}


def _delay(gaps: list[int]) -> dict:
    """Geometric delay: the mean gap and its standard error (of a geometric mean: sqrt(m(1+m)/n)); the prior is
    uniform over mean +- 2 standard errors, floored at half a day."""
    m = float(np.mean(gaps))
    se = math.sqrt(m * (1 + m) / len(gaps))
    return {"mean": round(m, 4), "n": len(gaps), "se": round(se, 4),
            "prior": [round(max(0.5, m - 2 * se), 1), round(m + 2 * se, 1)]}


def punitive_strike_fit(record, cities) -> dict:
    cases = attack_cases(record, cities)
    x = [[c.year - punitive_strike.REFERENCE_YEAR for c in cases], [c.log_killed for c in cases],
         [float(c.in_city) for c in cases]]
    followed = [c for c in cases if c.followed]
    deep = sum(c.rung >= 6 for c in followed)
    return {"cases": len(cases), "followed": len(followed),
            "coefficients": _coefficients(["intercept", "per_year", "per_log_killed", "city"], x,
                                          [c.followed for c in cases]),
            "mean_delay_days": _delay([c.gap_days for c in followed]),
            "deep_share": {"a": 1 + deep, "b": 1 + len(followed) - deep}}


def strike_answer_fit(record) -> dict:
    cases = strike_cases(record)
    answered = [c for c in cases if c.answered]
    counts = [sum(c.rung == r for c in answered) for r in strike_answer.ANSWER_RUNGS]
    shares = [(1 + k) / (len(counts) + len(answered)) for k in counts]
    return {"cases": len(cases), "answered": len(answered),
            "coefficients": _coefficients(["intercept", "acknowledged"], [[float(c.acknowledged) for c in cases]],
                                          [c.answered for c in cases]),
            "mean_delay_days": _delay([c.gap_days for c in answered]),
            "rung_counts": counts, "rung_shares": [round(s, 4) for s in shares],
            "acknowledged": {"a": 1 + sum(c.acknowledged for c in cases),
                             "b": 1 + sum(not c.acknowledged for c in cases)}}


def open_war_answer_fit(record) -> dict:
    """The record's two cases (Oct 2025: no failed settlement, no war; Feb 2026: both) and the dyad's two earlier
    offensives (1950, 1960-61: neither), each of those at ``EARLIER_CASE_WEIGHT``: the priors still carry much."""
    record_cases = offensive_cases(record, open_war_answer.MEMORY_DAYS)
    earlier = earlier_offensive_cases(record.folder, EARLIER_CASE_WEIGHT)
    cases = record_cases + earlier
    return {"cases": len(record_cases), "open_war": sum(c.open_war for c in record_cases),
            "earlier_cases": {"n": len(earlier), "open_war": sum(c.open_war for c in earlier),
                              "weight": EARLIER_CASE_WEIGHT},
            "coefficients": _coefficients(["intercept", "failed_settlement"],
                                          [[float(c.failed_settlement) for c in cases]], [c.open_war for c in cases],
                                          [c.weight for c in cases])}


def record_fits(record, cities) -> dict:
    return {"punitive_strike": punitive_strike_fit(record, cities), "strike_answer": strike_answer_fit(record),
            "open_war_answer": open_war_answer_fit(record)}
