"""``escalation forecast`` (sim/forecast/forecast_command.py): its JSON and files, and bad input as one line naming
the file (and line), exit status 2, nothing written."""

from __future__ import annotations

import json

import pytest

from sim.cli import main
from tests.forecast.builders import ROOT, what_if_file


def test_the_command_prints_json_and_writes_its_files(tmp_path, assimilated, capsys):
    out = tmp_path / "forecast"
    nothing = ROOT / "scenarios" / "present" / "no_change.yaml"
    assert main(["forecast", str(assimilated), "--days", "90", "--replicates", "1", "--workers", "1",
                 "--out", str(out), "--json", "--what-if", str(nothing)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [h["days"] for h in report["horizons"]] == [30, 90]
    for h in report["horizons"]:
        low, high = h["p_open_war_interval"]
        assert low <= h["p_open_war"] <= high
        assert {"p_pakistani_strike", "p_taliban_offensive", "p_national_ceasefire", "p_torkham_open"} <= set(h)
    assert report["runs"] == 6 and report["what_ifs"][0]["name"] == "no_change"
    assert all(e["difference"] == 0 for e in report["what_ifs"][0]["effects"])
    for name in ("forecast.json", "hub.parquet", "hub.csv", "runs.parquet", "effects.csv", "fan_chart.png"):
        assert (out / name).is_file()
    assert report["major_attacks"] == {"by": "cells"}
    assert main(["forecast", str(assimilated), "--days", "30", "--replicates", "1", "--workers", "1",
                 "--out", str(tmp_path / "text"), "--major-attacks", "record"]) == 0
    text = capsys.readouterr().out
    assert "P(open war)" in text and "major attacks drawn at the rate of the record's" in text
    assert main(["forecast", str(assimilated), str(assimilated), "--days", "10", "--replicates", "1", "--workers", "1",
                 "--out", str(tmp_path / "pooled"), "--json"]) == 0  # two assimilations pooled (say two root seeds)
    pooled = json.loads(capsys.readouterr().out)
    assert pooled["runs"] == 12 and pooled["state"] == f"{assimilated} + {assimilated}"


@pytest.mark.parametrize("args, expected", [
    (lambda d, a: [str(d / "nowhere"), "--days", "30"], "nowhere: not an assimilation's output folder"),
    (lambda d, a: [str(a), "--days", "0"], "--days: expected a whole number from 1 to 730"),
    (lambda d, a: [str(a), "--days", "731"], "--days: expected a whole number from 1 to 730"),
    (lambda d, a: [str(a), "--days", "30", "--replicates", "101"], "--replicates: expected a whole number from 1"),
    (lambda d, a: [str(a), "--days", "30", "--what-if", str(what_if_file(d, "actors:\n  talibn: {}\n"))],
     "what_if.yaml:2:3: actors.talibn: unknown key 'talibn'"),
])
def test_bad_input_is_one_line_exit_2_and_nothing_written(tmp_path, assimilated, capsys, args, expected):
    out = tmp_path / "out"
    code = _exit_status(["forecast", *args(tmp_path, assimilated), "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and expected in err[0], err
    assert not out.exists()


def _exit_status(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as stopped:  # argparse's errors
        return stopped.code
