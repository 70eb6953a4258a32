"""`escalation discover`: PRIM and a shallow tree recover known conditions; a real batch; clear errors."""

import json

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sim.analysis.discover import choose, discover
from sim.cli import main
from tests.conftest import SCENARIOS

PNG = b"\x89PNG\r\n\x1a\n"
N = 2000


def write_batch(folder, axes: dict, metrics: dict, status=None):
    """A minimal batch folder as ``load_batch`` reads it: batch.json and summary.parquet."""
    folder.mkdir(parents=True, exist_ok=True)
    n = len(next(iter(metrics.values())))
    cols = {"run_id": [f"r{i:05d}" for i in range(n)], "point": np.arange(n, dtype=np.int32),
            "replicate": np.zeros(n, dtype=np.int32), "seed": np.arange(n, dtype=np.int64), **axes,
            "status": status if status is not None else ["done"] * n, "error": [None] * n, **metrics}
    pq.write_table(pa.table(cols), folder / "summary.parquet")
    (folder / "batch.json").write_text(json.dumps({"sweep": "synthetic", "axes": list(axes), "runs": n}))
    return folder


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """Open war exactly when x1 > 0.6 and x2 < 0.3; x3 is irrelevant."""
    rng = np.random.default_rng(42)
    x1, x2, x3 = rng.random(N), rng.random(N), rng.random(N)
    war = (x1 > 0.6) & (x2 < 0.3)
    peak = np.where(war, 7, rng.integers(3, 7, N))
    folder = tmp_path_factory.mktemp("synthetic") / "batch"
    return write_batch(folder, {"x1": x1, "x2": x2, "x3": x3},
                       {"open_war": war, "peak_level": peak.astype(np.int64), "days": np.full(N, 60)})


def test_prim_recovers_the_box(synthetic):
    from sim.analysis.summarize import load_batch

    df, _ = load_batch(synthetic)
    result = discover(df, "open_war", 0.8)
    box = result["prim"]
    assert result["runs"] == N and box["threshold_reached"]
    assert set(box["limits"]) == {"x1", "x2"}  # x3 unrestricted
    assert box["limits"]["x1"]["restricts"] == "min" and abs(box["limits"]["x1"]["min"] - 0.6) < 0.05
    assert box["limits"]["x2"]["restricts"] == "max" and abs(box["limits"]["x2"]["max"] - 0.3) < 0.05
    assert box["density"] >= 0.9 and box["coverage"] >= 0.9
    traj = pd.DataFrame(box["trajectory"])
    assert traj["coverage"].iloc[0] == 1.0 and traj["mass"].iloc[0] == 1.0 and traj["step"].tolist() == list(range(len(traj)))
    assert box["runs_in_box"] == traj["runs"].iloc[box["chosen_step"]]
    # the tree's top two levels split on x1 and x2 only, at about 0.6 and 0.3
    tree = result["tree"]
    top = [s for s in tree["splits"] if s["depth"] <= 1]
    assert {s["feature"] for s in top} == {"x1", "x2"}
    cuts = {s["feature"]: s["threshold"] for s in top}
    assert abs(cuts["x1"] - 0.6) < 0.05 and abs(cuts["x2"] - 0.3) < 0.05
    best = tree["leaves"][0]
    assert best["share"] == 1.0 and best["runs"] > 200 and sum(leaf["runs"] for leaf in tree["leaves"]) == N


def test_command_prints_and_writes(synthetic, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["discover", str(synthetic), "--outcome", "open_war", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    for text in ("PRIM box", "coverage", "density", "mass", "peeling trajectory", "unrestricted: x3",
                 "decision tree", "leaves, most likely first", "discover_open_war.json"):
        assert text in printed
    report = json.loads((out / "discover_open_war.json").read_text())
    assert report["outcome"] == "open_war" and set(report["prim"]["limits"]) == {"x1", "x2"}
    for name in ("discover_open_war_peeling.png", "discover_open_war_box.png"):
        assert (out / name).read_bytes()[:8] == PNG


def test_metric_comparison_outcome(synthetic, tmp_path):
    assert main(["discover", str(synthetic), "--outcome", "peak_level>6", "--out", str(tmp_path)]) == 0
    report = json.loads((tmp_path / "discover_peak_level_gt_6.json").read_text())
    assert set(report["prim"]["limits"]) == {"x1", "x2"} and report["prim"]["density"] >= 0.9


def test_categorical_axis_and_unfinished_runs(tmp_path):
    rng = np.random.default_rng(1)
    n = 600
    rule = rng.choice(['{"name": "escalate", "step": 1}', '{"name": "tit_for_tat"}'], n)
    x = rng.random(n)
    war = (rule == '{"name": "escalate", "step": 1}') & (x > 0.5)
    status = np.where(np.arange(n) % 50 == 0, "failed", "done")
    folder = write_batch(tmp_path / "b", {"actors.taliban.rule": rule, "x": x},
                         {"open_war": pa.array([None if s == "failed" else bool(w) for s, w in zip(status, war)])},
                         status=list(status))
    from sim.analysis.summarize import load_batch

    result = discover(load_batch(folder)[0], "open_war")
    assert result["runs"] == n - 12 and result["skipped_runs"] == 12
    lims = result["prim"]["limits"]
    assert lims["actors.taliban.rule"]["kept"] == ["escalate step=1"] and abs(lims["x"]["min"] - 0.5) < 0.05
    assert any(s["feature"].startswith("actors.taliban.rule=") for s in result["tree"]["splits"])
    assert main(["discover", str(folder), "--outcome", "open_war"]) == 0
    assert (folder / "analysis" / "discover_open_war_box.png").read_bytes()[:8] == PNG


def test_choose_prefers_coverage_above_the_threshold():
    traj = pd.DataFrame({"coverage": [1.0, 0.9, 0.9, 0.5], "density": [0.2, 0.85, 0.95, 1.0]})
    assert choose(traj, 0.8) == (2, True)
    assert choose(traj, 0.99) == (3, True)
    assert choose(traj.iloc[:2], 0.9) == (1, False)  # none above: the densest


def test_real_small_batch(tmp_path, capsys):
    sweep = tmp_path / "small.yaml"
    sweep.write_text(f"""name: small_lhs
base: {SCENARIOS / 'oct2025.yaml'}
days: 60
design: latin_hypercube
samples: 20
replicates: 3
root_seed: 7
axes:
  restraint_pressure: {{uniform: [0.0, 2.5]}}
  actors.taliban.ttp_restraint: {{uniform: [0.0, 0.8]}}
""")
    folder = tmp_path / "batch"
    assert main(["batch", str(sweep), "--out", str(folder), "--workers", "1", "--quiet", "--no-events"]) == 0
    df = pd.read_parquet(folder / "summary.parquet")
    # an outcome that some runs have and some do not (the scripted day-0 deep strike puts every peak at 6 or 7)
    candidates = {"open_war": df["open_war"], "peak_level>6": df["peak_level"] > 6,
                  "days_at_or_above_strike>5": df["days_at_or_above_strike"] > 5}
    outcome = next(name for name, has in candidates.items() if 0 < has.sum() < len(df))
    capsys.readouterr()
    assert main(["discover", str(folder), "--outcome", outcome]) == 0
    assert "PRIM box" in capsys.readouterr().out
    written = sorted(p.name for p in (folder / "analysis").iterdir())
    assert len(written) == 3 and sum(name.endswith(".png") for name in written) == 2
    report = json.loads(next((folder / "analysis").glob("*.json")).read_text())
    assert report["runs"] == 60 and report["axes"] == ["restraint_pressure", "actors.taliban.ttp_restraint"]


def test_errors_exit_2(synthetic, tmp_path, capsys):
    def fails(argv, *texts):
        capsys.readouterr()
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: ") and "Traceback" not in err, err
        for text in texts:
            assert text in err, err

    fails(["discover", str(tmp_path), "--outcome", "open_war"], "no batch")
    fails(["discover", str(tmp_path / "nowhere"), "--outcome", "open_war"], "not a folder")
    fails(["discover", str(synthetic), "--outcome", "open_wars"], "no such column", "open_war", "peak_level")
    fails(["discover", str(synthetic), "--outcome", "peak_level"], "not a true/false column", "peak_level>")
    fails(["discover", str(synthetic), "--outcome", "nope>3"], "not a column", "valid")
    fails(["discover", str(synthetic), "--outcome", "peak_level>7"], "never happens")
    fails(["discover", str(synthetic), "--outcome", "days>=60"], "always happens")
    flat = write_batch(tmp_path / "flat", {}, {"open_war": np.arange(50) % 2 == 0})
    fails(["discover", str(flat), "--outcome", "open_war"], "no sweep axes")
    with pytest.raises(SystemExit) as exc:  # argparse: a share in [0, 1)
        main(["discover", str(synthetic), "--outcome", "open_war", "--threshold", "1.5"])
    assert exc.value.code == 2
