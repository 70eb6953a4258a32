"""Calibration: distance known answers, a small end-to-end run, and errors in the params file."""

import json
import math

import pytest

from sim.cli import main
from sim.validation.calibrate import BOOL_WEIGHT, target_distance
from sim.validation.episode import BoolObserved, DaysObserved, Observed
from tests.conftest import ROOT

EPISODE = str(ROOT / "episodes" / "oct2025.yaml")


def obs(**kw):
    return Observed.model_validate({"source": "test", **kw})


@pytest.mark.parametrize("observed, values, expected", [
    (obs(interval=[20, 30]), [25, 26, 27], 0.0),           # median inside
    (obs(interval=[20, 30]), [40, 40, 40], 1.0),           # 10 above an interval 10 wide
    (obs(interval=[20, 30]), [5, 5, 5], 1.5),              # 15 below
    (obs(value=2), [4, 4, 4], 2.0),                        # a point: scale 1
    (obs(value=100), [150, 150, 150], 2.0),                # a point: scale a quarter of it
])
def test_target_distance_known_answers(observed, values, expected):
    assert target_distance(observed, values, horizon=120) == pytest.approx(expected)


def test_never_counts_as_after_the_horizon():
    assert target_distance(obs(interval=[6, 10]), [None, None, 8], horizon=120) == pytest.approx((121 - 10) / 4)
    never = DaysObserved.model_validate({"value": None, "source": "test"})
    assert target_distance(never, [None, None, 3, None], horizon=120) == pytest.approx(0.25)


def test_boolean_distance_is_the_weighted_share_that_disagrees():
    observed = BoolObserved.model_validate({"value": False, "source": "test"})
    assert target_distance(observed, [True, False, False, False], horizon=120) == pytest.approx(BOOL_WEIGHT * 0.25)


def test_small_calibration_end_to_end(tmp_path, capsys):
    params = tmp_path / "p.yaml"
    params.write_text("samples: 4\nreplicates: 2\nroot_seed: 3\naccept: 0.5\nparams:\n"
                      "  actors.pakistan.rule.theta: {uniform: [30.0, 60.0]}\n"
                      "  actors.taliban.max_step_up: {integers: [1, 4]}\n")
    out = tmp_path / "cal"
    assert main(["calibrate", EPISODE, "--params", str(params), "--out", str(out), "--workers", "1"]) == 0
    printed = capsys.readouterr().out
    assert "ABC rejection" in printed and "actors.pakistan.rule.theta" in printed
    report = json.loads((out / "calibration.json").read_text())
    assert report["points"] == 4 and report["accepted"] == 2 and report["replicates"] == 2
    theta = report["params"]["actors.pakistan.rule.theta"]
    assert 30.0 <= theta["q05"] <= theta["median"] <= theta["q95"] <= 60.0
    assert math.isfinite(report["best"]["distance"])
    rows = (out / "accepted.csv").read_text().splitlines()
    assert rows[0].startswith("rank,point,distance") and len(rows) == 3
    distances = [float(r.split(",")[2]) for r in rows[1:]]
    assert distances == sorted(distances)


def test_bad_params_file_exits_2_at_its_line(tmp_path, capsys):
    params = tmp_path / "p.yaml"
    params.write_text("samples: 4\naccpet: 0.5\nparams: {}\n")
    assert main(["calibrate", EPISODE, "--params", str(params), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert f"{params}:2:1: accpet: unknown key 'accpet'; did you mean 'accept'?" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("path", sorted((ROOT / "calibration").glob("*.yaml")), ids=lambda p: p.stem)
def test_shipped_priors_keep_casualty_means_inside_their_sourced_ranges(path):
    """A prior that samples a casualty mean outside the range its sources support would make every such
    point an invalid scenario (docs/ODD.md 7.10): the shipped parameter spaces stay inside."""
    from sim.scenario.loading import load_scenario
    from sim.validation.calibrate import load_calibration

    spec = load_calibration(path)
    scenario = load_scenario(ROOT / "scenarios" / "oct2025.yaml")
    for name, axis in spec.params.items():
        if not name.startswith("combat.casualties."):
            continue
        act, mean = name.split(".")[2:4]
        low, high = getattr(scenario.combat.casualties, act).range[mean]
        prior = axis.uniform or axis.integers
        assert low <= prior[0] <= prior[1] <= high, f"{name}: prior {prior} outside the sourced [{low}, {high}]"
