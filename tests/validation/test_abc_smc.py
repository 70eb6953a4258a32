"""The ABC-SMC engine and its seeded sampler: a known answer (a binomial rate, whose exact posterior is a
Beta), reproducibility across worker counts, resume after a kill, progress reports, integer parameters,
the run budget, and the sampler on its own (index order, rejected particles, workers ignoring Ctrl-C)."""

from __future__ import annotations

import signal

import numpy as np
import pytest
from pyabc.population import Particle
from pyabc.weighted_statistics import weighted_quantile
from scipy import stats

from sim.validation.abc_smc import build_prior, generation_table, run_abc_smc, weighted_samples
from sim.validation.seeded_sampler import SeededSampler

N_TRIALS, K_OBSERVED = 40, 14
FIELDS = {"t", "epsilon", "acceptance_rate", "ess", "evaluations", "total_evaluations"}


def binomial_model(params: dict) -> dict:
    return {"k": int(np.random.binomial(N_TRIALS, params["p"]))}  # the sampler seeds numpy's global generator


def count_distance(x: dict, x0: dict) -> float:
    return abs(x["k"] - x0["k"])


def binomial_run(db_path, *, root_seed=1, workers=1, generations=3, max_runs=None, model=binomial_model, **kw):
    return run_abc_smc(model, {"p": ("uniform", 0.0, 1.0)}, count_distance, {"k": K_OBSERVED}, population_size=100,
                       generations=generations, max_runs=max_runs, root_seed=root_seed, workers=workers,
                       db_path=db_path, **kw)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """Three generations, one process, root seed 1: what the other runs must reproduce."""
    history = binomial_run(tmp_path_factory.mktemp("abc") / "reference.db")
    return weighted_samples(history), generation_table(history)


def assert_same(samples_a, samples_b):
    (frame_a, w_a), (frame_b, w_b) = samples_a, samples_b
    assert frame_a.equals(frame_b)
    assert np.array_equal(w_a, w_b)


def test_known_answer_binomial_rate(tmp_path):
    # Beta(2, 2) prior, 14 successes in 40 trials. At epsilon 0 ABC accepts exact matches only, so the
    # posterior is exactly Beta(16, 28): mean 0.3636, 90% interval [0.2492, 0.4852]. A quantile 0.25
    # threshold gets there in three generations (the median would stall at 1: see run_abc_smc).
    # Over root seeds 0-5 at 600 particles the mean came within 0.009 of it and the interval's ends within
    # 0.035 (the ends are estimated from importance weights, hence noisier). The tolerances, 0.015 on the
    # mean and 0.04 on each end, reject the prior (mean 0.5, ends 0.135 and 0.865) and the posterior for
    # k = 13 or 15 (means 0.3409 and 0.3864), as asserted at the end.
    history = run_abc_smc(binomial_model, {"p": ("beta", 2, 2)}, count_distance, {"k": K_OBSERVED},
                          population_size=600, generations=8, max_runs=None, root_seed=0, workers=1,
                          db_path=tmp_path / "known.db", epsilon_quantile=0.25)
    table = generation_table(history)
    assert table[-1]["epsilon"] == 0.0 and len(table) < 8  # pyabc stops once epsilon reaches 0
    frame, weights = weighted_samples(history)
    p = frame["p"].to_numpy()
    estimate = (float(np.sum(weights * p)), *(float(weighted_quantile(p, weights, alpha=a)) for a in (0.05, 0.95)))

    def matches(a: float, b: float) -> bool:
        exact = stats.beta(a, b)
        mean, (low, high) = exact.mean(), exact.ppf([0.05, 0.95])
        return (abs(estimate[0] - mean) <= 0.015 and abs(estimate[1] - low) <= 0.04
                and abs(estimate[2] - high) <= 0.04)

    assert matches(2 + K_OBSERVED, 2 + N_TRIALS - K_OBSERVED), estimate
    assert not matches(2, 2)
    assert not matches(2 + K_OBSERVED - 1, 2 + N_TRIALS - K_OBSERVED + 1)
    assert not matches(2 + K_OBSERVED + 1, 2 + N_TRIALS - K_OBSERVED - 1)


def test_same_seed_same_posterior_whatever_the_workers(tmp_path, reference):
    history = binomial_run(tmp_path / "two.db", workers=2)
    assert_same(weighted_samples(history), reference[0])
    assert generation_table(history) == reference[1]
    other = weighted_samples(binomial_run(tmp_path / "other.db", root_seed=2))
    assert not other[0].equals(reference[0][0])


def test_killed_calibration_resumes_to_the_same_posterior(tmp_path, reference):
    class Killed(Exception):
        pass

    runs_left = {"n": None}

    def fragile_model(params):
        if runs_left["n"] is not None:
            runs_left["n"] -= 1
            if runs_left["n"] < 0:
                raise Killed
        return binomial_model(params)

    def kill_in_generation_2(info):
        if info["t"] == 1:
            runs_left["n"] = 50  # generation 2 needs more than 100 runs for its 100 particles

    db = tmp_path / "resumed.db"
    with pytest.raises(Killed):
        binomial_run(db, model=fragile_model, on_generation=kill_in_generation_2)
    reports = []
    history = binomial_run(db, workers=2, on_generation=reports.append)  # resumed, in a pool this time
    assert [r["t"] for r in reports] == [2]
    assert_same(weighted_samples(history), reference[0])
    assert generation_table(history) == reference[1]
    binomial_run(db, on_generation=reports.append)  # finished: nothing more to do
    assert len(reports) == 1
    with pytest.raises(ValueError, match="different calibration"):
        binomial_run(db, root_seed=7)


def test_progress_reports_and_numpy_state(tmp_path):
    np.random.seed(123)
    before = np.random.get_state(legacy=False)
    seeded = SeededSampler(5)
    seeded.set_analysis_id("probe")  # the state the coordinator is given at the start of a run
    start = np.random.get_state(legacy=False)["state"]["key"].copy()
    seeded.stop()
    reports, coordinator = [], []

    def on_generation(info):
        reports.append(info)
        coordinator.append(np.array_equal(np.random.get_state(legacy=False)["state"]["key"], start))

    history = binomial_run(tmp_path / "progress.db", root_seed=5, generations=3, on_generation=on_generation)
    after = np.random.get_state(legacy=False)
    assert np.array_equal(before["state"]["key"], after["state"]["key"])  # the caller's stream is put back
    assert before["state"]["pos"] == after["state"]["pos"]
    assert all(coordinator)  # pyabc drew nothing in the coordinator: what exact resumption relies on
    assert [r["t"] for r in reports] == [0, 1, 2] and all(set(r) == FIELDS for r in reports)
    table = generation_table(history)
    assert [{k: r[k] for k in table[0]} for r in reports] == table
    totals = 100 + np.cumsum([r["evaluations"] for r in reports])  # the prior sample of 100 comes first
    assert [r["total_evaluations"] for r in reports] == totals.tolist()
    for r in reports:
        assert r["acceptance_rate"] == pytest.approx(100 / r["evaluations"]) and 1 <= r["ess"] <= 100 + 1e-9
    assert reports[0]["ess"] == pytest.approx(100)  # generation 0 is sampled from the prior: equal weights
    assert reports[0]["epsilon"] > reports[-1]["epsilon"]


def test_integer_parameters(tmp_path):
    seen = []

    def model(params):
        seen.append(type(params["m"]))
        return {"y": params["m"] + params["s"]}

    def run(workers):
        return run_abc_smc(model, {"m": ("integers", 0, 10), "s": ("uniform", 0.0, 1.0)},
                           lambda x, x0: abs(x["y"] - x0["y"]), {"y": 5.5}, population_size=100, generations=4,
                           max_runs=None, root_seed=3, workers=workers, db_path=tmp_path / f"int{workers}.db")

    frame, weights = weighted_samples(run(1))
    assert seen and set(seen) == {int}
    assert frame["m"].dtype.kind == "i" and frame["m"].between(0, 10).all()
    assert weights[frame["m"].to_numpy() == 5].sum() > 0.9  # y = 5.5 with s in [0, 1] means m = 5
    assert_same(weighted_samples(run(2)), (frame, weights))


def test_budget_is_never_exceeded(tmp_path):
    calls = []

    def model(params):
        calls.append(1)
        return binomial_model(params)

    history = binomial_run(tmp_path / "budget.db", generations=20, max_runs=700, model=model)
    table = generation_table(history)
    assert 1 <= len(table) < 20
    # the generation after the last stored one ran out of runs: abandoned after using up what was left
    assert history.total_nr_simulations < len(calls) == 700
    assert history.total_nr_simulations == 100 + sum(r["evaluations"] for r in table)


def test_prior_specs():
    prior = build_prior({"a": ("uniform", 1, 3), "b": ("integers", 2, 4), "c": ("normal", 1, 2),
                         "d": ("lognormal", 0, 1), "e": ("beta", 2, 5)})
    assert prior["a"].cdf(2) == pytest.approx(0.5) and prior["b"].pmf(4) == pytest.approx(1 / 3)
    assert prior["c"].cdf(1) == pytest.approx(0.5) and prior["d"].cdf(1) == pytest.approx(0.5)
    assert prior["e"].mean() == pytest.approx(2 / 7)
    for bad in [("uniform", 3, 1), ("gamma", 1, 1), ("normal", 0, -1), ("beta", 1)]:
        with pytest.raises(ValueError):
            build_prior({"x": bad})


def coin_particle() -> Particle:
    u = float(np.random.uniform())
    return Particle(m=0, parameter={"u": u}, weight=1.0, sum_stat={"u": u}, distance=u, accepted=u < 0.3)


@pytest.mark.parametrize("workers", [1, 2])
def test_sampler_keeps_the_first_n_in_index_order(workers):
    sampler = SeededSampler(11, workers)
    sampler.sample_factory.record_rejected()  # as pyabc sets it for adaptive distances and epsilons
    try:
        sample = sampler.sample_until_n_accepted(5, coin_particle, t=0)
        evaluated = sampler.nr_evaluations_
        short = sampler.sample_until_n_accepted(5, coin_particle, t=0, max_eval=evaluated - 1)
    finally:
        sampler.stop()  # as pyabc does at a run's end: the workers go
    expected = []
    for i in range(evaluated):
        np.random.seed(np.random.SeedSequence(11, spawn_key=(1, i)).generate_state(8))
        expected.append(np.random.uniform())
    accepted = [u for u in expected if u < 0.3]
    assert len(accepted) == 5 and expected[-1] < 0.3  # it stops at the fifth acceptance
    assert [p.parameter["u"] for p in sample.accepted_particles] == accepted
    assert [p.parameter["u"] for p in sample.rejected_particles] == [u for u in expected if u >= 0.3]
    assert not short.ok and sampler.nr_evaluations_ == len(expected) - 1


def scipy_particle(distribution):
    """A particle drawn by a scipy distribution that travels with ``simulate_one`` (pickled to the workers)."""
    def simulate_one() -> Particle:
        u = float(distribution.rvs())
        return Particle(m=0, parameter={"u": u}, weight=1.0, sum_stat={"u": u}, distance=u, accepted=u < 0.3)
    return simulate_one


def test_a_scipy_distribution_sent_to_the_workers_draws_from_their_seeded_generator():
    # pickled plainly, a frozen distribution would carry a copy of numpy's global generator, unseeded by
    # seed_evaluation: the workers' particles would then differ from those made in this process. The same
    # workers serve the next generation, with its own simulate_one
    drawn = {}
    for workers in (1, 2):
        sampler = SeededSampler(5, workers)
        try:
            first = sampler.sample_until_n_accepted(6, coin_particle, t=0)
            second = sampler.sample_until_n_accepted(6, scipy_particle(stats.uniform()), t=1)
        finally:
            sampler.stop()
        drawn[workers] = [[p.parameter["u"] for p in s.accepted_particles] for s in (first, second)]
    assert len(drawn[1][1]) == 6 and drawn[1] == drawn[2] and drawn[1][0] != drawn[1][1]


def test_pool_workers_ignore_ctrl_c():
    sampler = SeededSampler(0, workers=2)
    try:
        assert sampler.workers_pool().apply(signal.getsignal, (signal.SIGINT,)) == signal.SIG_IGN
    finally:
        sampler.stop()
