"""The command line: outputs, JSON summary, exit statuses."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from sim.cli import main
from sim.record import EVENT_COLUMNS, SERIES_COLUMNS

SUMMARY_KEYS = {
    "scenario", "seed", "days", "peak_level", "open_war", "first_day_open_war", "first_day_strike",
    "days_at_or_above_strike", "ceasefires", "ceasefire_breaches", "crossing_closed_days", "trade_lost_usd",
    "casualties", "ttp_attacks", "final_level",
}


def test_run_writes_series_events_summary_and_plot(oct2025_path, tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["run", str(oct2025_path), "--seed", "3", "--days", "45", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "peak level" in printed and "oct2025" in printed
    series = pq.read_table(out / "timeseries.parquet")
    assert series.num_rows == 45
    assert set(SERIES_COLUMNS) <= set(series.column_names)
    assert "crossing_torkham" in series.column_names
    events = pq.read_table(out / "events.parquet")
    assert events.column_names == list(EVENT_COLUMNS)
    assert events.num_rows > 0
    summary = json.loads((out / "summary.json").read_text())
    assert SUMMARY_KEYS <= set(summary)
    assert summary["seed"] == 3 and summary["days"] == 45 and summary["scenario"] == "oct2025"
    assert set(summary["casualties"]) == {"pakistan_military", "afghan_military", "afghan_civilian", "pakistan_civilian", "ttp"}
    assert set(summary["final_level"]) == {"pakistan", "taliban"}
    assert "Torkham" in summary["crossing_closed_days"]
    png = (out / "run.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000


def test_json_flag_prints_the_summary(oct2025_path, tmp_path, capsys):
    assert main(["run", str(oct2025_path), "--seed", "1", "--days", "20", "--out", str(tmp_path), "--json", "--no-plot"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary == json.loads((tmp_path / "summary.json").read_text())
    assert not (tmp_path / "run.png").exists()


def test_set_overrides_reach_the_run(oct2025_path, tmp_path, capsys):
    args = ["run", str(oct2025_path), "--days", "20", "--out", str(tmp_path), "--json", "--no-plot",
            "--set", "name=renamed", "--set", "actors.taliban.rule={name: escalate, step: 2}"]
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["scenario"] == "renamed"


@pytest.mark.parametrize("extra", [["missing.yaml"], ["X", "--set", "no_equals_sign"], ["X", "--set", "days=-3"]])
def test_bad_scenario_input_exits_2_and_writes_nothing(extra, oct2025_path, tmp_path, capsys):
    argv = ["run"] + [str(oct2025_path) if a == "X" else a for a in extra] + ["--out", str(tmp_path / "o")]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "Traceback" not in err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("argv", [["nonsense"], ["run", "X", "--days", "0"], ["run", "X", "--days", "zero"],
                                  ["run", "X", "--seed", "-1"]])
def test_bad_arguments_exit_2(argv, oct2025_path, capsys):
    with pytest.raises(SystemExit) as info:
        main([str(oct2025_path) if a == "X" else a for a in argv])
    assert info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_other_failures_exit_1_without_traceback(oct2025_path, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["run", str(oct2025_path), "--days", "5", "--out", str(blocker / "sub")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error:") and "Traceback" not in err


def test_python_dash_m_and_console_script(oct2025_path, tmp_path):
    done = subprocess.run([sys.executable, "-m", "sim", "validate", str(oct2025_path)], capture_output=True, text=True)
    assert done.returncode == 0 and "ok:" in done.stdout
    exe = shutil.which("escalation", path=str(Path(sys.executable).parent))
    assert exe, "console script 'escalation' not installed next to the interpreter"
    done = subprocess.run([exe, "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and "escalation" in done.stdout


# --- every numeric option is bounded, by the same bound as the file field it stands for ----------------

def _schema_range(model, field) -> tuple:
    """(minimum, maximum) of ``field`` as the model's JSON Schema states it: read apart from the CLI's own code."""
    prop = model.model_json_schema()["properties"][field]
    prop = next((p for p in prop.get("anyOf", [prop]) if p.get("type") == "integer"), prop)
    return prop.get("minimum"), prop.get("maximum")


def _schema_bounded():
    from sim.batch.sweep import SweepSpec
    from sim.scenario.schema import Scenario
    from sim.validation.calibrate import CalibrationSpec
    from sim.validation.episode import Episode

    return [  # (argv before the option, option, model, field)
        (["run", "S"], "--days", Scenario, "days"),
        (["run", "S"], "--seed", Scenario, "seed"),
        (["compare", "S", "S"], "--replicates", SweepSpec, "replicates"),
        (["compare", "S", "S"], "--days", SweepSpec, "days"),
        (["compare", "S", "S"], "--seed", SweepSpec, "root_seed"),
        (["hindcast", "E"], "--replicates", Episode, "replicates"),
        (["calibrate"], "--population-size", CalibrationSpec, "population_size"),
        (["calibrate"], "--generations", CalibrationSpec, "generations"),
        (["calibrate"], "--max-runs", CalibrationSpec, "max_runs"),
    ]


def _argv(head, oct2025_path, tmp_path) -> list[str]:
    episode = Path(__file__).resolve().parent.parent / "episodes" / "oct2025.yaml"
    return [{"S": str(oct2025_path), "E": str(episode)}.get(a, a) for a in head] + ["--out", str(tmp_path / "o")]


def _refused(argv, capsys) -> str:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err
    return err


@pytest.mark.parametrize("case", range(9))
def test_schema_bounded_options_refuse_what_the_schema_refuses(case, oct2025_path, tmp_path, capsys):
    head, option, model, field = _schema_bounded()[case]
    low, high = _schema_range(model, field)
    assert low is not None
    outside = [low - 1, -10**11] + ([high + 1, 10**11] if high is not None else [])
    for value in outside:
        err = _refused(_argv(head, oct2025_path, tmp_path) + [option, str(value)], capsys)
        assert f"argument {option}:" in err and f"{field}:" in err and str(low) in err
    assert not (tmp_path / "o").exists()


def test_schema_bounded_options_accept_the_schema_bounds():
    from sim.cli_args import build_parser

    parser = build_parser()
    for head, option, model, field in _schema_bounded():
        for value in (v for v in _schema_range(model, field) if v is not None):
            args = parser.parse_args([a if a not in "SE" else "x.yaml" for a in head] + [option, str(value)])
            assert getattr(args, option.lstrip("-").replace("-", "_")) == value


@pytest.mark.parametrize("argv, option", [
    (["batch", "scenarios/sweeps/smoke.yaml", "--out", "X"], "--workers"),
    (["hindcast", "episodes/oct2025.yaml", "--out", "X"], "--workers"),
    (["compare", "S", "S", "--out", "X"], "--workers"),
    (["sensitivity", "scenarios/sweeps/sensitivity_morris.yaml", "--method", "morris", "--out", "X"], "--workers"),
    (["calibrate", "--out", "X"], "--workers"),
    (["app"], "--port"),
])
@pytest.mark.parametrize("value", ["0", "-1", "100000000000", "1e3", "many"])
def test_other_numeric_options_are_bounded(argv, option, value, oct2025_path, tmp_path, capsys):
    argv = [str(tmp_path / "o") if a == "X" else str(oct2025_path) if a == "S" else a for a in argv]
    err = _refused(argv + [option, value], capsys)
    assert f"argument {option}:" in err
    assert not (tmp_path / "o").exists()
