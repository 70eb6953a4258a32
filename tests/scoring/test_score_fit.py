"""The calibration's distance on proper scores (sim/scoring/score_fit.py): its known answers, its summary
statistics, and a calibration folder of another distance refused."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from sim.cli import main
from sim.scoring.score_fit import log_ratio_total, ratio_total, score_fit
from sim.validation.calibrate import load_calibration

ROOT = Path(__file__).resolve().parents[2]
EPISODES = ROOT / "episodes"


def test_the_distances_known_answers():
    x = {"a": 0.5, "b": 2.0, "c": 1e6, "d": 0.0}
    assert ratio_total(x) == pytest.approx(0.5 + 2.0 + 100.0 + 0.0)  # each ratio at most 100
    bound = math.log(100)
    # each log ratio held within [-log 100, log 100], then shifted by log 100: 0.5, 2, 100 and 1/100
    assert log_ratio_total(x) == pytest.approx((math.log(0.5) + bound) + (math.log(2.0) + bound) + 2 * bound + 0.0)
    assert log_ratio_total({"a": 1.0}) == pytest.approx(bound)  # as good as climatology: log 1 + the shift
    assert log_ratio_total({"a": 1e-9}) == pytest.approx(0.0, abs=1e-12)  # a perfect hit counts 1/100 of climatology's score


def _file(tmp_path, distance="log_score_ratio", generations=1):
    path = tmp_path / "cal.yaml"
    path.write_text(f"priors: {ROOT / 'calibration' / 'priors.yaml'}\n"
                    f"episodes: [{EPISODES / 'torkham_sep2023.yaml'}, {EPISODES / 'torkham_feb2023.yaml'}]\n"
                    f"held_out: [{EPISODES / 'khost_apr2022.yaml'}]\nreplicates: 2\npopulation_size: 4\n"
                    f"generations: {generations}\nroot_seed: 3\ndistance: {distance}\n", encoding="utf-8")
    return path


def test_the_statistics_are_each_targets_score_over_its_climatologys(tmp_path):
    cal = load_calibration(_file(tmp_path))
    fit = score_fit(cal.episodes, cal.held_out, 2, cal.priors.as_values)
    assert set(fit.baselines) == set(fit.names()) and all(b > 0 for b in fit.baselines.values())
    import numpy as np

    np.random.seed(1)
    sample = {name: (p.prior.bounds[0] + p.prior.bounds[1]) / 2 for name, p in cal.priors.parameters.items()}
    parts = fit(sample)
    assert set(parts) == set(fit.names()) and all(v >= 0 for v in parts.values())


def test_a_calibration_folder_of_another_distance_is_refused(tmp_path, capsys):
    out = tmp_path / "out"
    argv = ["calibrate", "--out", str(out), "--posterior", str(out / "p.parquet"), "--workers", "1"]
    assert main([argv[0], str(_file(tmp_path)), *argv[1:]]) == 0
    capsys.readouterr()
    assert main([argv[0], str(_file(tmp_path, distance="targets_missed")), *argv[1:]]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "holds a different calibration" in err[0]
