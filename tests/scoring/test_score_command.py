"""``escalation score``: every shipped episode, episode files kept outside the repository, bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sim.cli import main
from tests.builders import copy_shipped_scenario

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "episodes").glob("*.yaml"))
TARGET_KEYS = {"target", "kind", "model", "baseline", "skill", "inside90", "scripted"}


def _json(capsys, *argv) -> dict:
    assert main(["score", *map(str, argv), "--json", "--workers", "1"]) == 0
    return json.loads(capsys.readouterr().out)


def test_every_shipped_episode_is_scored(capsys):
    report = _json(capsys, *SHIPPED, "--replicates", "3")
    assert [e["episode"] for e in report["episodes"]] == [p.stem for p in SHIPPED]
    for episode in report["episodes"]:
        assert {"episode", "skill", "targets"} <= set(episode)
        assert episode["targets"] and all(TARGET_KEYS <= set(t) for t in episode["targets"])
        assert all(t["baseline"] > 0 for t in episode["targets"])
    o = report["overall"]
    assert set(o["coverage"]) == {"0.5", "0.8", "0.9"}
    assert 0 <= o["brier_open_war"] <= 1 and 0 < o["brier_open_war_baseline"] < 1
    assert o["skill"] is not None and o["skill"] < 1
    scripted = {(e["episode"], t["target"]) for e in report["episodes"] for t in e["targets"] if t["scripted"]}
    assert ("oct2025", "peak_level") in scripted  # reached by the scripted strike of 9 Oct


def test_an_episode_kept_outside_the_repository_is_scored_against_the_shipped_ones(tmp_path, capsys):
    copy_shipped_scenario("oct2025.yaml", tmp_path / "oct2025.yaml")
    copy_shipped_scenario("torkham_sep2023.yaml", tmp_path / "torkham_sep2023.yaml")
    text = (ROOT / "episodes" / "torkham_sep2023.yaml").read_text(encoding="utf-8")
    mine = tmp_path / "mine.yaml"
    mine.write_text(text.replace("../scenarios/torkham_sep2023.yaml", "torkham_sep2023.yaml")
                    .replace("name: torkham_sep2023", "name: mine"), encoding="utf-8")
    report = _json(capsys, mine, "--baseline", *SHIPPED, "--replicates", "3")
    assert [e["episode"] for e in report["episodes"]] == ["mine"]
    assert len(report["baseline_files"]) == 1 + len(SHIPPED)


def _one_error(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ")
    return err[0]


def test_a_missing_episode_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["score", str(tmp_path / "nowhere.yaml")]) == 2
    assert "nowhere.yaml" in _one_error(capsys)


def test_a_kind_no_other_file_has_is_one_line_and_exit_2(capsys):
    assert main(["score", str(ROOT / "episodes" / "oct2025.yaml")]) == 2
    assert "has no baseline" in _one_error(capsys)


@pytest.mark.parametrize("value", ["0", "-1", "x"])
def test_replicates_must_be_a_positive_whole_number(capsys, value):
    with pytest.raises(SystemExit) as exit_:
        main(["score", str(SHIPPED[0]), "--replicates", value])
    assert exit_.value.code == 2
    assert "--replicates" in _one_error(capsys)
