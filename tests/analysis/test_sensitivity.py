"""`escalation sensitivity`: Sobol and Morris through our wrapper on known functions, and the command end to end."""

import math

import numpy as np
import pandas as pd
import pytest
import yaml
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample

from sim.analysis.sensitivity import analyze, unit_sample
from sim.batch.sweep import load_sweep
from sim.cli import main
from tests.conftest import SCENARIOS

PNG = b"\x89PNG\r\n\x1a\n"
SWEEPS = SCENARIOS / "sweeps"


def unit_problem(k: int) -> dict:
    names = [f"x{i + 1}" for i in range(k)]
    return {"num_vars": k, "names": names, "bounds": [[0.0, 1.0]] * k}


def ishigami(x, a=7.0, b=0.1):
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def test_sobol_indices_of_the_ishigami_function():
    problem = unit_problem(3)
    # sampled exactly as a sobol sweep is: unit cube, no second order, then mapped onto each axis
    X = sobol_sample.sample(problem, 1024, calc_second_order=False, seed=20251009)
    Y = ishigami(-math.pi + X * 2 * math.pi)
    table = analyze("sobol", problem, X, Y, seed=1).set_index("axis")
    assert list(table.columns) == ["S1", "S1_conf", "ST", "ST_conf", "rank"]
    assert np.allclose(table.loc[["x1", "x2", "x3"], "S1"], [0.314, 0.442, 0.0], atol=0.05)
    assert np.allclose(table.loc[["x1", "x2", "x3"], "ST"], [0.558, 0.442, 0.244], atol=0.05)
    assert (table["S1_conf"] > 0).all() and (table["ST_conf"] > 0).all() and (table["ST_conf"] < 0.1).all()
    assert list(table.sort_values("rank").index) == ["x1", "x2", "x3"]  # by total order


def test_morris_ranks_an_irrelevant_input_last_with_no_effect():
    problem = unit_problem(3)
    X = morris_sample.sample(problem, 40, num_levels=4, seed=7)
    Y = 3.0 * X[:, 0] + np.sin(2 * math.pi * X[:, 1]) + 0.0 * X[:, 2]
    table = analyze("morris", problem, X, Y, seed=7)
    assert list(table.columns) == ["axis", "mu_star", "mu_star_conf", "mu", "sigma", "rank"]
    assert table["axis"].iloc[-1] == "x3" and table["rank"].iloc[-1] == 3
    last = table.set_index("axis").loc["x3"]
    assert last["mu_star"] == pytest.approx(0.0, abs=1e-12) and last["sigma"] == pytest.approx(0.0, abs=1e-12)
    first = table.set_index("axis").loc["x1"]
    assert first["mu_star"] == pytest.approx(3.0) and first["sigma"] == pytest.approx(0.0, abs=1e-9)  # linear


def test_analyze_refuses_mismatched_inputs():
    problem = unit_problem(2)
    X = sobol_sample.sample(problem, 8, calc_second_order=False, seed=0)
    with pytest.raises(ValueError, match="outcome values"):
        analyze("sobol", problem, X, np.zeros(len(X) - 1))
    with pytest.raises(ValueError, match="not finite"):
        analyze("sobol", problem, X, np.full(len(X), np.nan))
    with pytest.raises(ValueError, match="unknown method"):
        analyze("fast", problem, X, np.zeros(len(X)))


@pytest.mark.parametrize("name", ["sensitivity_morris", "sensitivity_sobol"])
def test_rebuilt_unit_sample_maps_onto_the_shipped_sweeps_points(name):
    plan = load_sweep(SWEEPS / f"{name}.yaml")
    problem, X = unit_sample(plan)
    assert plan.spec.design == name.split("_")[1]
    assert problem["names"] == list(plan.spec.axes) and 3 <= len(problem["names"]) <= 5
    assert all(a.uniform is not None for a in plan.spec.axes.values())
    assert X.shape == (len(plan.points), len(problem["names"]))
    assert ((X >= 0) & (X <= 1)).all()


def small_copy(tmp_path, name: str, **changes) -> str:
    data = yaml.safe_load((SWEEPS / f"{name}.yaml").read_text())
    data["base"] = str((SWEEPS / data["base"]).resolve())
    data.update(changes)
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return str(path)


def test_morris_sweep_end_to_end(tmp_path, capsys):
    sweep = small_copy(tmp_path, "sensitivity_morris", samples=4, replicates=4, days=60)
    out = tmp_path / "out"
    argv = ["sensitivity", sweep, "--method", "morris", "--out", str(out), "--workers", "1", "--quiet"]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "mu_star" in printed and "restraint_pressure" in printed and "P(open war)" in printed
    table = pd.read_csv(out / "sensitivity_morris_open_war.csv")
    assert list(table.columns) == ["axis", "mu_star", "mu_star_conf", "mu", "sigma", "rank"]
    assert len(table) == 5 and list(table["rank"]) == [1, 2, 3, 4, 5]
    assert table["mu_star"].is_monotonic_decreasing and (table["mu_star"] >= 0).all()
    assert (out / "sensitivity_morris_open_war.png").read_bytes()[:8] == PNG
    summary = pd.read_parquet(out / "summary.parquet")
    assert len(summary) == 4 * 6 * 4 and summary["status"].eq("done").all()
    # common random numbers: replicate r has the same seed at every point
    assert summary.groupby("replicate")["seed"].nunique().eq(1).all()

    # a second outcome reuses the runs (resume) and writes its own files
    assert main(argv + ["--outcome", "casualties.pakistan_military"]) == 0
    assert "mean casualties.pakistan_military" in capsys.readouterr().out
    assert (out / "sensitivity_morris_casualties_pakistan_military.csv").is_file()
    assert (out / "sensitivity_morris_casualties_pakistan_military.png").read_bytes()[:8] == PNG


def test_sobol_sweep_end_to_end_on_a_numeric_outcome(tmp_path, capsys):
    sweep = small_copy(tmp_path, "sensitivity_sobol", samples=8, replicates=2, days=45)
    out = tmp_path / "out"
    # the Afghan civilians killed vary between points even in a short run (the peak rung stays at the
    # scripted 6 of day 0 in 45 days under the calibrated posterior)
    assert main(["sensitivity", sweep, "--method", "sobol", "--outcome", "casualties.afghan_civilian", "--out", str(out),
                 "--workers", "1", "--quiet"]) == 0
    table = pd.read_csv(out / "sensitivity_sobol_casualties_afghan_civilian.csv")
    assert list(table.columns) == ["axis", "S1", "S1_conf", "ST", "ST_conf", "rank"]
    assert table["ST"].is_monotonic_decreasing
    assert (out / "sensitivity_sobol_casualties_afghan_civilian.png").read_bytes()[:8] == PNG


def test_wrong_method_for_the_design_exits_2_at_the_design_line(tmp_path, capsys):
    sweep = SWEEPS / "sensitivity_morris.yaml"
    line = next(i for i, text in enumerate(sweep.read_text().splitlines(), 1) if text.startswith("design:"))
    out = tmp_path / "out"
    assert main(["sensitivity", str(sweep), "--method", "sobol", "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert f"sensitivity_morris.yaml:{line}:" in err and "design" in err and "sobol" in err
    assert "Traceback" not in err
    assert not out.exists()  # nothing ran


def test_a_full_factorial_sweep_is_refused(tmp_path, capsys):
    assert main(["sensitivity", str(SWEEPS / "smoke.yaml"), "--method", "morris", "--out", str(tmp_path / "o")]) == 2
    assert "full_factorial" in capsys.readouterr().err


def test_unknown_outcome_exits_2_listing_the_valid_names(tmp_path, capsys):
    sweep = small_copy(tmp_path, "sensitivity_morris", samples=2, replicates=1, days=10)
    out = tmp_path / "out"
    assert main(["sensitivity", sweep, "--method", "morris", "--outcome", "open_wars", "--out", str(out),
                 "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "unknown outcome 'open_wars'" in err and "open_war" in err and "trade_lost_usd" in err
    assert "casualties.pakistan_military" in err and "Traceback" not in err
    assert not out.exists()  # refused before running anything


def test_an_outcome_that_never_varies_exits_2(tmp_path, capsys):
    sweep = small_copy(tmp_path, "sensitivity_sobol", samples=2, replicates=1, days=5)
    assert main(["sensitivity", sweep, "--method", "sobol", "--outcome", "ceasefires", "--out", str(tmp_path / "o"),
                 "--workers", "1", "--quiet"]) == 2
    assert "at every design point" in capsys.readouterr().err
