"""Episode files and hindcasts: schema errors at file:line:column, target measures, the CLI's exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim.cli import main
from sim.scenario.loading import ScenarioError
from sim.validation.episode import load_episode
from sim.validation.hindcast import compare
from sim.validation.measures import first_event, first_retaliation, measure_run, window_casualties

ROOT = Path(__file__).resolve().parents[2]
EPISODES = ROOT / "episodes"
OCT2025 = ROOT / "scenarios" / "oct2025.yaml"
SHIPPED = sorted(EPISODES.glob("*.yaml"))


def _write(tmp_path: Path, text: str, name: str = "ep.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text.replace("SCENARIO", str(OCT2025)), encoding="utf-8")
    return path


def _ev(day, actor, level=0, act="x", **killed) -> dict:
    row = {"day": day, "actor": actor, "act": act, "level": level}
    row.update({g: killed.get(g, 0) for g in
                ("pakistan_military", "afghan_military", "afghan_civilian", "pakistan_civilian", "ttp")})
    return row


# --- the schema ---------------------------------------------------------------------------------------

def test_shipped_episodes_load_and_their_scenarios_exist():
    assert {p.stem for p in SHIPPED} >= {"oct2025", "torkham_sep2023"}
    for path in SHIPPED:
        loaded = load_episode(path)
        assert loaded.scenario_path.is_file()
        assert "source:" in path.read_text()


BAD = [
    # (text, expected line:column, key path, words of the message)
    ("name: e\nscenario: SCENARIO\ntargets:\n  peak_levl: {value: 6, source: s}\n",
     "4:3", "targets.peak_levl", "did you mean 'peak_level'"),
    ("name: e\nscenario: SCENARIO\ntargets:\n  casualties:\n    ttp: {interval: [5, 2], source: s}\n",
     "5:21", "targets.casualties.ttp.interval", "low 5 is above high 2"),
    ("name: e\nscenario: SCENARIO\ntargets:\n  peak_level: {value: 9, source: s}\n",
     "4:23", "targets.peak_level.value", "0 to 7"),
    ("name: e\nscenario: SCENARIO\ntargets:\n  open_war: {value: maybe, source: s}\n",
     "4:21", "targets.open_war.value", "true or false"),
    ("name: e\nscenario: SCENARIO\ntargets:\n  peak_level: {value: 6, interval: [5, 6], source: s}\n",
     "4:15", "targets.peak_level", "exactly one of value"),
    ("name: e\nscenario: SCENARIO\ntargets:\n  peak_level: {value: null, source: s}\n",
     "4:15", "targets.peak_level", "only for days_to_"),
    ("name: e\nscenario: SCENARIO\ntargets:\n  peak_level: {value: 6, source: ' '}\n",
     "4:34", "targets.peak_level.source", "where the figure comes from"),
    ("name: e\nscenario: nowhere.yaml\ntargets:\n  peak_level: {value: 6, source: s}\n",
     "2:11", "scenario", "not found"),
    ("name: e\nscenario: SCENARIO\ntargets:\n  crossing_closed_days:\n    Torkam: {value: 9, source: s}\n",
     "5:5", "targets.crossing_closed_days.Torkam", "did you mean 'Torkham'"),
    ("name: e\nscenario: SCENARIO\ntrigger: {day: 400, initiator: pakistan}\ntargets:\n  peak_level: {value: 6, source: s}\n",
     "3:16", "trigger.day", "before the horizon"),
    ("name: e\nscenario: SCENARIO\ntargets: {}\n", "3:10", "targets", "at least one target"),
    ("name: e\n  bad: [\n", "2:6", "", "not valid YAML"),
]


@pytest.mark.parametrize("text, at, key, words", BAD, ids=[b[2] or "syntax" for b in BAD])
def test_schema_errors_exit_2_at_file_line_column(text, at, key, words, tmp_path, capsys):
    path = _write(tmp_path, text)
    assert main(["hindcast", str(path), "--replicates", "2"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    line = next(x for x in err.splitlines() if f"{path}:{at}:" in x)
    assert line.startswith("error: ") and words in line and (not key or f": {key}: " in line)


def test_load_episode_raises_scenario_error_with_every_problem(tmp_path):
    path = _write(tmp_path, "name: e\nscenario: SCENARIO\ntargets:\n  peak_level: {value: 9, source: s}\n"
                            "  open_war: {value: 3, source: s}\n")
    with pytest.raises(ScenarioError) as info:
        load_episode(path)
    assert [p[0].line for p in info.value.problems] == [4, 5]


def test_trigger_defaults_to_the_scenarios_first_strike(tmp_path):
    loaded = load_episode(_write(tmp_path, "name: e\nscenario: SCENARIO\ntargets:\n  peak_level: {value: 6, source: s}\n"))
    assert (loaded.trigger.day, loaded.trigger.initiator, loaded.trigger.retaliation_level) == (0, "pakistan", 3)


# --- measures on hand-made runs -----------------------------------------------------------------------

def test_measures_on_a_hand_made_run(tmp_path):
    text = (EPISODES / "oct2025.yaml").read_text().replace("../scenarios/oct2025.yaml", str(OCT2025))
    loaded = load_episode(_write(tmp_path, text.replace("trigger: {day: 0,", "trigger: {day: 1,")))
    events = [
        _ev(0, "taliban", 4, "artillery_shelling", pakistan_military=50),   # before the trigger: not counted
        _ev(1, "pakistan", 6, "deep_air_strike", afghan_civilian=7, ttp=10, afghan_military=2),
        _ev(1, "taliban", 2, "crossing_closure"),                           # rung 2: not retaliation
        _ev(2, "ttp", 0, "ttp_attack", pakistan_military=9),                # TTP: not cross-border fighting
        _ev(3, "taliban", 5, "post_raid", pakistan_military=6, afghan_military=4),
        _ev(3, "pakistan", 5, "air_strike", afghan_civilian=3),
        _ev(8, "qatar", 0, "ceasefire"),
        _ev(20, "turkiye", 0, "ceasefire"),
        _ev(30, "pakistan", 5, "air_strike", afghan_civilian=100),         # day 30 = trigger + 29: counted
        _ev(31, "pakistan", 5, "air_strike", afghan_civilian=1000),        # past the 30-day window
    ]
    summary = {"peak_level": 6, "open_war": False,
               "crossing_closed_days": {"Torkham": 21, "Chaman": 5}, "casualties": {"ttp": 99}}
    assert measure_run(loaded, summary, events) == {
        "days_to_first_retaliation": 2, "peak_level": 6, "days_to_ceasefire": 7,
        "crossing_closed_days.Torkham": 21, "casualties.pakistan_military": 6,
        "casualties.afghan_military": 6, "casualties.afghan_civilian": 110, "open_war": False,
    }
    # the summary as summary.parquet holds it (dotted keys) gives the same
    flat = {"peak_level": 6, "open_war": False, "crossing_closed_days.Torkham": 21}
    assert measure_run(loaded, flat, events)["crossing_closed_days.Torkham"] == 21


def test_never_is_none_and_same_day_retaliation_is_zero():
    from sim.validation.episode import Trigger

    trig = Trigger(day=0, initiator="taliban")
    events = [_ev(0, "taliban", 4), _ev(0, "pakistan", 3)]
    assert first_retaliation(events, trig) == 0
    assert first_retaliation(events[:1], trig) is None
    assert first_event(events, "ceasefire", trig) is None
    assert first_event([_ev(4, "scenario", 0, "ceasefire")], "ceasefire", trig) == 4
    assert window_casualties([_ev(0, "ttp", 0, pakistan_military=4)], trig, ["pakistan", "taliban"], 10)["pakistan_military"] == 0
    assert window_casualties([_ev(0, "ttp", 0, pakistan_military=4)], trig, ["ttp"], None)["pakistan_military"] == 4


def _obs(text: str):
    from sim.validation.episode import BoolObserved, DaysObserved
    from sim.scenario.yamlsafe import read_yaml_text

    data, _ = read_yaml_text(text)
    return (BoolObserved if isinstance(data.get("value"), bool) else DaysObserved).model_validate(data)


@pytest.mark.parametrize("observed, values, inside, gap, summary", [
    # 20 runs 0..19: p05 = 0, median = 9, p95 = 18 (inverted CDF: values some run had)
    ("{value: 5, source: s}", list(range(20)), True, 0, (9, 0, 18)),
    ("{value: 25, tolerance: 6, source: s}", list(range(20)), False, 1, (9, 0, 18)),
    ("{interval: [30, null], source: s}", list(range(20)), False, 12, (9, 0, 18)),
    ("{interval: [null, 3], source: s}", list(range(10, 30)), False, -7, (19, 10, 28)),
    # never = later than any day: 2 of 20 runs with none put p95 at none
    ("{value: 50, source: s}", list(range(18)) + [None, None], True, 0, (9, 0, None)),
    ("{value: null, source: s}", list(range(19)) + [None], True, None, (9, 0, 18)),
    ("{value: null, source: s}", list(range(20)), False, None, (9, 0, 18)),
    ("{value: 3, source: s}", [None] * 20, False, None, (None, None, None)),
])
def test_compare_known_answers(observed, values, inside, gap, summary):
    row = compare("t", _obs(observed), values)
    assert (row["inside"], row["gap"]) == (inside, gap)
    sim = row["simulated"]
    assert (sim["median"], sim["p05"], sim["p95"]) == summary


def test_compare_booleans_inside_at_five_percent():
    assert compare("w", _obs("{value: true, source: s}"), [True] + [False] * 19)["inside"] is True
    assert compare("w", _obs("{value: true, source: s}"), [True] + [False] * 20)["inside"] is False
    row = compare("w", _obs("{value: false, source: s}"), [True] * 3 + [False] * 7)
    assert row["inside"] is True and row["simulated"]["p_true"] == pytest.approx(0.3)


# --- the command ------------------------------------------------------------------------------------

@pytest.mark.parametrize("episode", ["torkham_sep2023", "oct2025"])
def test_hindcast_prints_every_target_and_exit_matches_json(episode, tmp_path, capsys):
    path = EPISODES / f"{episode}.yaml"
    out = tmp_path / "runs"
    code = main(["hindcast", str(path), "--replicates", "20", "--out", str(out)])
    text = capsys.readouterr().out
    assert code in (0, 3)
    loaded = load_episode(path)
    from sim.validation.measures import observed_targets

    names = list(observed_targets(loaded))
    for name in names:
        assert any(line.startswith(name + " ") for line in text.splitlines()), name
    assert (out / "summary.parquet").exists()
    # again with --json, reusing the runs in --out: the same verdicts
    code_json = main(["hindcast", str(path), "--replicates", "20", "--out", str(out), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code_json == code
    assert [r["target"] for r in report["targets"]] == names
    assert report["runs_done"] == 20 and report["runs_failed"] == 0
    assert report["inside"] == all(r["inside"] for r in report["targets"])
    assert code == (0 if report["inside"] else 3)
    for row in report["targets"]:
        assert row["source"] and row["runs"] == 20
        verdict = "yes" if row["inside"] else "NO"
        line = next(x for x in text.splitlines() if x.startswith(row["target"] + " "))
        assert f"  {verdict}" in line


def test_hindcast_in_a_temp_dir_leaves_nothing_and_out_of_another_hindcast_is_refused(tmp_path, capsys):
    path = EPISODES / "torkham_sep2023.yaml"
    assert main(["hindcast", str(path), "--replicates", "3", "--json", "--workers", "1"]) in (0, 3)
    assert json.loads(capsys.readouterr().out)["out"] is None
    out = tmp_path / "runs"
    assert main(["hindcast", str(path), "--replicates", "3", "--out", str(out), "--workers", "1"]) in (0, 3)
    capsys.readouterr()
    assert main(["hindcast", str(path), "--replicates", "4", "--out", str(out)]) == 2
    assert "--out is reused only" in capsys.readouterr().err


def test_a_full_disk_stops_the_hindcast_and_says_how_to_go_on(tmp_path, capsys, monkeypatch):
    from tests.batch.faults import DiskFull, inject

    path = EPISODES / "torkham_sep2023.yaml"
    inject(monkeypatch, DiskFull(files=4))  # two runs' files, then the disk is full
    out = tmp_path / "runs"
    args = ["hindcast", str(path), "--replicates", "6", "--out", str(out), "--workers", "1"]
    assert main(args) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert err.startswith(f"error: cannot write to {out / 'runs'} (No space left on device, ENOSPC): the batch "
                          f"stopped; 2 of 6 runs are finished and kept in {out} (")
    assert err.endswith(f"then go on with: escalation {' '.join(args)}")

    # without --out the runs were in a temporary folder: nothing is kept, and the command to keep them is given
    assert main(args[:-4] + ["--workers", "1"]) == 1
    err = capsys.readouterr().err.strip()
    assert "the hindcast stopped; its runs were in a temporary folder, removed with it; free some space (or choose " \
           "another folder), then run again: " in err
    assert err.endswith(f"--workers 1 --out out/hindcast_torkham_sep2023")

    monkeypatch.undo()  # room again: the same command goes on from the two runs kept
    assert main(args) in (0, 3)
    assert "6 runs of" in capsys.readouterr().out
