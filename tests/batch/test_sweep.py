"""Sweep files: designs, axes, and errors at the line of the sweep that caused them."""

import textwrap

import pytest

from sim.batch.sweep import Axis, SweepSpec, design_points, load_sweep
from sim.cli import main
from tests.conftest import ROOT, SCENARIOS

SWEEPS = SCENARIOS / "sweeps"
BASE = (SCENARIOS / "oct2025.yaml").as_posix()


@pytest.mark.parametrize("name, points, runs", [("default", 1, 300), ("smoke", 4, 40),
                                                ("restraint_x_rule", 24, 2400), ("leverage_x_ttp_restraint", 60, 1200)])
def test_shipped_sweeps_load(name, points, runs):
    plan = load_sweep(SWEEPS / f"{name}.yaml")
    assert (len(plan.points), plan.n_runs) == (points, runs)
    assert len(list(plan.runs())) == runs
    assert len({r.run_id for r in plan.runs()}) == runs


def spec(**kw) -> SweepSpec:
    return SweepSpec.model_validate({"name": "t", "base": "x.yaml", **kw})


def test_full_factorial_crosses_every_value():
    s = spec(axes={"a": {"values": [1, 2, 3]}, "b": {"range": [0, 1, 2]}, "c": {"integers": [5, 6]}})
    points = design_points(s)
    assert len(points) == 3 * 2 * 2
    assert {(p["a"], p["b"], p["c"]) for p in points} == {(a, b, c) for a in (1, 2, 3) for b in (0.0, 1.0) for c in (5, 6)}


@pytest.mark.parametrize("design, samples, expected", [("latin_hypercube", 10, 10), ("sobol", 8, 8 * (2 + 2)),
                                                        ("morris", 5, 5 * (2 + 1))])
def test_sampled_designs_have_salib_sizes_and_stay_in_bounds(design, samples, expected):
    s = spec(design=design, samples=samples, axes={"x": {"uniform": [2.0, 3.0]}, "k": {"values": ["p", "q", "r"]}})
    points = design_points(s)
    assert len(points) == expected
    assert all(2.0 <= p["x"] <= 3.0 for p in points)
    assert {p["k"] for p in points} <= {"p", "q", "r"}
    assert design_points(s) == points  # the root seed fixes the sample


def test_latin_hypercube_covers_each_stratum_once():
    points = design_points(spec(design="latin_hypercube", samples=20, axes={"x": {"uniform": [0.0, 1.0]}}))
    strata = sorted(int(p["x"] * 20) for p in points)
    assert strata == list(range(20))


def test_axis_from_unit_maps_the_whole_interval():
    axis = Axis(values=["a", "b"])
    assert [axis.from_unit(u) for u in (0.0, 0.49, 0.5, 1.0)] == ["a", "a", "b", "b"]
    assert Axis(uniform=(1.0, 3.0)).from_unit(0.25) == 1.5


def test_axis_values_reach_the_scenarios(tmp_path):
    sweep = tmp_path / "s.yaml"
    sweep.write_text(textwrap.dedent(f"""\
        name: s
        base: {BASE}
        axes:
          restraint_pressure: {{values: [0.0, 3.0]}}
          actors.taliban.rule: {{values: [{{name: escalate, step: 2}}]}}
        """))
    plan = load_sweep(sweep)
    assert [s.restraint_pressure for s in plan.scenarios] == [0.0, 3.0]
    assert all(s.actors.taliban.rule.name == "escalate" and s.actors.taliban.rule.step == 2 for s in plan.scenarios)
    assert all(s.actors.pakistan == plan.scenarios[0].actors.pakistan for s in plan.scenarios)


BAD = [
    ("replicate: 2\n", "4:1", "replicate", "did you mean 'replicates'"),
    ("design: latin\n", "4:9", "design", "found 'latin'"),
    ("axes:\n  restraint_presure: {values: [1]}\n", "5:3", "axes.restraint_presure", "did you mean 'restraint_pressure'"),
    ("axes:\n  restraint_pressure: {values: [-1]}\n", "5:3", "axes.restraint_pressure", "expected a number >= 0"),
    ("axes:\n  x: {values: [1], uniform: [0, 1]}\n", "5:6", "axes.x", "exactly one of"),
    ("axes:\n  restraint_pressure: {uniform: [0, 1]}\n", "5:3", "axes.restraint_pressure", "sampled design"),
    ("design: sobol\n", "4:9", "design", "at least one axis"),
]


@pytest.mark.parametrize("extra, line_col, path, words", BAD, ids=[b[2] for b in BAD])
def test_bad_sweeps_exit_2_at_their_line(tmp_path, capsys, extra, line_col, path, words):
    sweep = tmp_path / "bad.yaml"
    sweep.write_text(f"name: bad\nbase: {BASE}\nreplicates: 1\n{extra}")
    assert main(["batch", str(sweep), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert f"{sweep}:{line_col}: {path}:" in err, err
    assert words in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_missing_base_is_reported(tmp_path, capsys):
    sweep = tmp_path / "bad.yaml"
    sweep.write_text("name: bad\nbase: nowhere.yaml\n")
    assert main(["batch", str(sweep), "--out", str(tmp_path / "out")]) == 2
    assert f"{sweep}:2:7: base:" in capsys.readouterr().err


def test_sweeps_are_documented():
    text = (ROOT / "docs" / "sweeps.md").read_text()
    for field in SweepSpec.model_fields:
        assert f"`{field}`" in text, field
    for kind in Axis.model_fields:
        assert f"`{kind}`" in text, kind
