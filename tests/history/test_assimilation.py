"""The filter over the history (sim/history/assimilation.py): reproducible on any number of workers, resumable
after a kill, held-out windows never weigh, and bad assimilation files refused at their line."""

from __future__ import annotations

import json
import os
import pickle
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sim.cli import main
from sim.history.assimilation import AssimilationStateError, run_assimilation
from sim.history.assimilate_command import collapses, format_report, with_overrides
from sim.history.assimilation_spec import load_assimilation
from sim.scenario.loading import ScenarioError

from tests.history.builders import ROOT, WINDOWS, assimilation_file


def _file(tmp_path, windows=("dec2021_kunar",), held=("khost_apr2022",), particles=6, **more):
    return assimilation_file(tmp_path, windows, held, particles, root_seed=7, **more)


def _continued(blob: bytes, days: int = 20) -> list:
    """What a particle does next: its daily rows over ``days`` more days (pickled bytes of equal runs may differ)."""
    model = pickle.loads(blob)
    model.horizon, model.running = model.day + 1 + days, True
    return model.run().datacollector.to_table().to_pylist()[-days:]


def _result(state):
    return ([_continued(s) for s in state.states], list(state.log_weights), state.values, state.rows)


def test_the_same_filter_on_one_or_two_workers(tmp_path):
    asm = load_assimilation(_file(tmp_path))
    one = run_assimilation(asm, tmp_path / "one", workers=1)
    two = run_assimilation(asm, tmp_path / "two", workers=2)
    assert _result(one) == _result(two)
    assert [r["episode"] for r in one.rows] == ["dec2021_kunar", "khost_apr2022_window"]


def test_a_resumed_filter_ends_as_an_unbroken_one(tmp_path):
    asm = load_assimilation(_file(tmp_path))
    unbroken = run_assimilation(asm, tmp_path / "unbroken")
    first = run_assimilation(asm, tmp_path / "resumed", stop_after=1)
    assert first.done == 1
    resumed = run_assimilation(asm, tmp_path / "resumed")
    assert _result(resumed) == _result(unbroken)


def test_a_filter_killed_mid_run_resumes_to_the_unbroken_report(tmp_path):
    path = _file(tmp_path, particles=8)
    cmd = [sys.executable, "-m", "sim", "assimilate", str(path), "--workers", "1", "--out"]
    unbroken = subprocess.run(cmd + [str(tmp_path / "a"), "--json"], capture_output=True, text=True, check=True)
    killed = subprocess.Popen(cmd + [str(tmp_path / "b")], stderr=subprocess.PIPE, text=True, cwd=ROOT)
    assert killed.stderr.readline().startswith("window 1/2")  # one window done and saved
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait()
    assert pickle.loads((tmp_path / "b" / "progress.pkl").read_bytes()).done in (1, 2)
    resumed = subprocess.run(cmd + [str(tmp_path / "b"), "--json"], capture_output=True, text=True, check=True)
    rows = lambda text: [{k: v for k, v in w.items()} for w in json.loads(text)["windows"]]  # noqa: E731
    assert rows(resumed.stdout) == rows(unbroken.stdout)


def test_a_held_out_window_moves_no_weight(tmp_path):
    asm = load_assimilation(_file(tmp_path))
    state = run_assimilation(asm, tmp_path / "out")
    held = state.rows[1]
    assert held["held_out"] and not held["resampled"] and held["ess_before"] == pytest.approx(held["ess_after"])
    assert held["skill"] is not None and 0.0 <= held["p_open_war"] <= 1.0


def test_an_output_folder_of_another_assimilation_is_refused(tmp_path):
    run_assimilation(load_assimilation(_file(tmp_path)), tmp_path / "out", stop_after=1)
    other = load_assimilation(_file(tmp_path, particles=7))
    with pytest.raises(AssimilationStateError, match="another assimilation"):
        run_assimilation(other, tmp_path / "out")


def test_the_same_file_run_with_other_settings_is_another_assimilation(tmp_path):
    """--particles and --root-seed override the file: a folder filtered with 6 particles is not resumed with 7
    (it once was, silently, and reported the 6)."""
    asm = load_assimilation(_file(tmp_path))
    run_assimilation(asm, tmp_path / "out", stop_after=1)
    for override in ({"particles": 7}, {"root_seed": 8}):
        with pytest.raises(AssimilationStateError, match="another assimilation"):
            run_assimilation(with_overrides(asm, **override), tmp_path / "out")


def test_a_collapse_is_reported_where_the_figures_are_read():
    rows = [{"episode": "a", "held_out": False, "ess_before": 400.0}, {"episode": "b", "held_out": False,
            "ess_before": 7.0}, {"episode": "c", "held_out": True, "ess_before": 3.0}]
    report = {"particles": 500, "windows": rows}
    assert collapses(report) == ["b (7 of 500)"]  # a held-out window moves no weight: its ESS is the one before
    text = format_report({**report, "file": "f", "seconds": 1.0, "final_ess": 500.0, "present": "2026-04-08",
                          "out": "o", "checkpoints": [], "windows": [{**w, "start": "2025-01-01", "skill": 0.5,
                                                                      "p_open_war": 0.0, "ess_after": 500.0}
                                                                     for w in rows]})
    assert "collapse: the weights fell below 5% of the particles at b (7 of 500)" in text
    assert "collapse" not in format_report({**report, "file": "f", "seconds": 1.0, "final_ess": 500.0,
                                            "present": "2026-04-08", "out": "o", "checkpoints": [], "windows": []})


def test_windows_that_overlap_or_are_not_windows_are_refused_at_their_line(tmp_path):
    with pytest.raises(ScenarioError, match="overlap"):
        load_assimilation(_file(tmp_path, windows=("oct2025", "oct2025")))
    not_window = tmp_path / "asm2.yaml"
    text = _file(tmp_path).read_text().replace(str(WINDOWS / "dec2021_kunar.yaml"),
                                              str(ROOT / "episodes" / "oct2025.yaml"))
    not_window.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"asm2.yaml:3:\d+: windows\[0\]: oct2025.yaml is not a window"):
        load_assimilation(not_window)


def test_the_command_writes_its_outputs_and_bad_input_is_one_line(tmp_path, capsys):
    assert main(["assimilate", str(_file(tmp_path, particles=4)), "--workers", "1", "--out", str(tmp_path / "o"),
                 "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [set(w) >= {"episode", "start", "held_out", "p_open_war", "skill", "ess_before", "ess_after"}
            for w in report["windows"]] == [True] * 2
    for name in ("report.json", "levels.parquet", "fan_chart.png", "parameters.png", "particles.parquet"):
        assert (tmp_path / "o" / name).is_file()
    assert report["root_seed"] == 7
    assert main(["assimilate", str(_file(tmp_path, particles=4)), "--workers", "1", "--out", str(tmp_path / "o3"),
                 "--root-seed", "3", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["root_seed"] == 3
    assert main(["assimilate", str(tmp_path / "missing.yaml")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "missing.yaml" in err[0]
    with pytest.raises(SystemExit):
        main(["assimilate", str(tmp_path / "asm.yaml"), "--particles", "1"])
    assert "--particles" in capsys.readouterr().err
    assert np.isfinite(report["final_ess"])


def test_checkpoints_and_the_present_change_nothing_the_filter_does(tmp_path):
    """Particles saved at a date inside a window, at a window's end, and carried on to a later present: the
    filter's windows are as without them, each checkpoint's particles have run every day before its date, and the
    final particles are at the present, their pending forks and parameters taken."""
    import datetime as dt

    import pyarrow.parquet as pq

    plain = run_assimilation(load_assimilation(_file(tmp_path, particles=4)), tmp_path / "plain")
    path = _file(tmp_path, particles=4, checkpoints="[2021-12-20, 2022-01-09, 2022-06-01]", present="2022-06-10")
    asm = load_assimilation(path)
    saved = run_assimilation(asm, tmp_path / "saved")
    assert [r["ess_before"] for r in saved.rows] == [r["ess_before"] for r in plain.rows]
    assert [r["skill"] for r in saved.rows] == [r["skill"] for r in plain.rows]
    start = asm.scenario.start_date
    for date in ("2021-12-20", "2022-01-09", "2022-06-01"):
        table = pq.read_table(tmp_path / "saved" / "checkpoints" / f"{date}.parquet").to_pydict()
        days = {pickle.loads(s).day for s in table["state"]}
        assert days == {(dt.date.fromisoformat(date) - start).days - 1} and len(table["weight"]) == 4
    assert {pickle.loads(s).day for s in saved.states} == {(dt.date(2022, 6, 10) - start).days - 1}
    assert saved.at_present and not any(saved.changed) and saved.forks == [None] * 4


def test_a_present_before_the_last_window_or_a_checkpoint_after_it_is_refused_at_its_line(tmp_path):
    with pytest.raises(ScenarioError, match=r"asm.yaml:\d+:\d+: present: expected a date from 2022-05-14"):
        load_assimilation(_file(tmp_path, present="2022-01-01"))
    with pytest.raises(ScenarioError, match=r"checkpoints\[1\]: expected a date after 2021-08-15"):
        load_assimilation(_file(tmp_path, checkpoints="[2022-01-01, 2023-01-01]"))
