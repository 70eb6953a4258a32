"""Calibration: distance known answers, the priors file, the calibration file's checks, and a smoke
calibration end to end (two generations of a tiny population, reproducible, resumed, its posterior used)."""

import json
import re

import pytest

from sim.cli import main
from sim.scenario.loading import load_scenario
from sim.validation.calibrate import load_calibration
from sim.validation.episode import BoolObserved, DaysObserved, Observed
from sim.validation.priors import load_priors
from sim.validation.target_distance import BOOL_WEIGHT, target_distance
from tests.conftest import ROOT

CALIBRATION = ROOT / "calibration" / "calibration.yaml"
PRIORS = ROOT / "calibration" / "priors.yaml"


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


# --- the shipped files ------------------------------------------------------------------------------------

def test_shipped_priors_keep_casualty_means_inside_their_sourced_ranges():
    """A prior that samples a casualty mean outside the range its sources support would make every such
    particle an invalid scenario (docs/ODD.md 7.10): the shipped priors are those ranges or inside them."""
    scenario = load_scenario(ROOT / "scenarios" / "oct2025.yaml")
    casualty_priors = {n: e for n, e in load_priors(PRIORS).parameters.items() if n.startswith("combat.casualties.")}
    assert casualty_priors
    for name, entry in casualty_priors.items():
        act, mean = name.split(".")[2:4]
        low, high = getattr(scenario.combat.casualties, act).range[mean]
        prior = entry.prior.bounds
        assert low <= prior[0] <= prior[1] <= high, f"{name}: prior {prior} outside the sourced [{low}, {high}]"
        assert "oct2025.yaml" in entry.source


def test_every_prior_has_a_source_or_says_assumption_and_the_scenario_value_inside():
    scenario = load_scenario(ROOT / "scenarios" / "oct2025.yaml").model_dump(mode="json")
    for name, entry in load_priors(PRIORS).parameters.items():
        assert entry.source.startswith("assumption") or ".md" in entry.source or ".yaml" in entry.source, name
        node = scenario
        for part in name.split("."):
            node = node[part]
        low, high = entry.prior.bounds
        assert low <= node <= high, f"{name}: the scenario's own value {node} lies outside its prior [{low}, {high}]"


def test_the_shipped_calibration_fits_four_episodes_and_holds_out_others():
    cal = load_calibration(CALIBRATION)
    assert len(cal.episodes) >= 4 and len(cal.held_out) >= 2
    assert not {e.path.name for e in cal.episodes} & {e.path.name for e in cal.held_out}


# --- errors -----------------------------------------------------------------------------------------------

def test_a_bad_calibration_file_exits_2_at_its_line(tmp_path, capsys):
    path = tmp_path / "c.yaml"
    path.write_text(f"priors: {PRIORS}\nepisodes: [{ROOT / 'episodes' / 'oct2025.yaml'}]\nreplicats: 2\n")
    assert main(["calibrate", str(path), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert f"{path}:3:1: replicats: unknown key 'replicats'; did you mean 'replicates'?" in err
    assert "Traceback" not in err


def test_a_prior_on_a_field_the_scenario_lacks_is_refused(tmp_path, capsys):
    priors = tmp_path / "p.yaml"
    priors.write_text("parameters:\n  mediators.atlantis.pressure:\n    prior: {uniform: [0, 1]}\n"
                      "    source: assumption\n    means: a mediator no scenario has\n")
    path = tmp_path / "c.yaml"
    path.write_text(f"priors: p.yaml\nepisodes: [{ROOT / 'episodes' / 'oct2025.yaml'}]\n")
    assert main(["calibrate", str(path), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "has no field mediators.atlantis.pressure" in err and "Traceback" not in err


def test_a_prior_needs_one_kind_and_low_below_high(tmp_path):
    from sim.scenario.loading import ScenarioError

    path = tmp_path / "p.yaml"
    path.write_text("parameters:\n  ttp.capacity:\n    prior: {uniform: [5, 1]}\n    source: assumption\n    means: x\n")
    with pytest.raises(ScenarioError, match="expected low < high"):
        load_priors(path)


# --- a smoke calibration end to end -----------------------------------------------------------------------

def _smoke_file(tmp_path, root_seed=5):
    path = tmp_path / "cal.yaml"
    episodes = ROOT / "episodes"
    path.write_text(f"priors: {PRIORS}\nepisodes: [{episodes / 'torkham_sep2023.yaml'}, {episodes / 'torkham_feb2023.yaml'}]\n"
                    f"held_out: [{episodes / 'khost_apr2022.yaml'}]\nreplicates: 1\npopulation_size: 6\n"
                    f"generations: 2\nroot_seed: {root_seed}\n")
    return path


def _calibrate(cal, out, *extra):
    return main(["calibrate", str(cal), "--out", str(out), "--posterior", str(out / "posterior.parquet"), *extra])


def _posterior_table(out):
    import pyarrow.parquet as pq

    return pq.read_table(out / "posterior.parquet").to_pydict()


def test_smoke_calibration_writes_a_posterior_reproducibly_and_resumes(tmp_path, capsys):
    from sim.scenario.posterior_block import read_metadata

    cal = _smoke_file(tmp_path)
    out = tmp_path / "one"
    assert _calibrate(cal, out, "--workers", "1") == 0
    printed = capsys.readouterr().out
    lines = [ln for ln in printed.splitlines() if ln.startswith("generation ")]
    assert len(lines) == 2 and all("epsilon" in ln and "acceptance" in ln and "ESS" in ln for ln in lines)
    report = json.loads((out / "calibration.json").read_text())
    meta = read_metadata(out / "posterior.parquet")
    assert meta["episodes"] == ["torkham_sep2023.yaml", "torkham_feb2023.yaml"] and meta["held_out"] == ["khost_apr2022.yaml"]
    assert meta["tool_version"] and meta["priors"].keys() == report["params"].keys()
    assert report["runs"] == report["evaluations"] * 2 and len(report["generations"]) == 2
    table = _posterior_table(out)
    assert len(table["weight"]) == 6 and set(table) == set(report["params"]) | {"weight"}
    assert all(isinstance(v, int) for v in table["actors.taliban.max_step_up"])
    for name, p in report["params"].items():  # every sample inside its prior
        assert all(p["prior"][0] <= v <= p["prior"][1] for v in table[name]), name

    # the same root seed on two workers: the same posterior; a rerun of a finished calibration adds nothing
    two = tmp_path / "two"
    assert _calibrate(cal, two, "--workers", "2") == 0
    assert _posterior_table(two) == table
    before = (out / "history.db").stat().st_size
    assert _calibrate(cal, out, "--workers", "1") == 0
    assert json.loads((out / "calibration.json").read_text())["evaluations"] == report["evaluations"]
    assert _posterior_table(out) == table and (out / "history.db").stat().st_size == before

    # another root seed, another posterior
    assert _calibrate(_smoke_file(tmp_path, root_seed=6), tmp_path / "three", "--workers", "1") == 0
    assert _posterior_table(tmp_path / "three") != table


def test_a_full_disk_stops_the_calibration_and_the_same_command_goes_on(tmp_path, capsys, monkeypatch):
    import sqlite3

    import pyabc
    import sqlalchemy.exc

    appended = pyabc.History.append_population

    def disk_full_after_the_first_generation(self, t, *args, **kwargs):
        if t >= 1:  # SQLite's words for ENOSPC, as SQLAlchemy passes them on
            raise sqlalchemy.exc.OperationalError("INSERT INTO populations", {},
                                                  sqlite3.OperationalError("database or disk is full"))
        return appended(self, t, *args, **kwargs)

    monkeypatch.setattr(pyabc.History, "append_population", disk_full_after_the_first_generation)
    cal, out = _smoke_file(tmp_path), tmp_path / "cal"
    assert _calibrate(cal, out, "--workers", "1") == 1
    err = capsys.readouterr().err.strip()
    command = f"escalation calibrate {cal} --out {out} --posterior {out / 'posterior.parquet'} --workers 1"
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert re.fullmatch(re.escape(f"error: cannot write to {out} (database or disk is full, ENOSPC): the calibration "
                                  "stopped; 1 generation (") + r"\d+" + re.escape(f" model runs) is stored and kept in "
                                                                             f"{out / 'history.db'} (") + r"[\d.]+ kB"
                        + re.escape(f"), the generation under way is lost; free some space (or copy {out} to a disk "
                                    f"with room and give the copy instead), then go on with: {command}"), err), err
    assert not (out / "posterior.parquet").exists()

    monkeypatch.undo()  # room again: the same command goes on from the stored generation
    assert _calibrate(cal, out, "--workers", "1") == 0
    report = json.loads((out / "calibration.json").read_text())
    assert len(report["generations"]) == 2 and (out / "posterior.parquet").exists()


def test_an_episode_both_fitted_and_held_out_is_refused(tmp_path, capsys):
    episode = ROOT / "episodes" / "torkham_sep2023.yaml"
    path = tmp_path / "c.yaml"
    path.write_text(f"priors: {PRIORS}\nepisodes: [{episode}]\nheld_out: [{episode}]\n")
    assert main(["calibrate", str(path), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "cannot be both fitted and held out: ['torkham_sep2023.yaml']" in err and "Traceback" not in err
