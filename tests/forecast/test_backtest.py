"""Backtests (sim/forecast/record_as_of.py, backtest_outcomes.py, backtest_run.py): a forecast from a past date uses
no observation dated after it (proved by truncating the record), what happened and climatology on known answers,
and the command's bad input."""

from __future__ import annotations

import datetime as dt

from sim.cli import main
from sim.forecast.backtest_outcomes import climatology, observations, observed
from sim.forecast.backtest_run import forecast_from
from sim.forecast.backtest_spec import load_backtests
from sim.forecast.record_as_of import scenario_as_of
from sim.history.assimilation_spec import load_assimilation
from tests.forecast.builders import ROOT, assimilation_file, backtest_file, world_known_on

START = dt.date(2023, 1, 15)  # the Peshawar Police Lines bombing (30 Jan 2023) is 15 days later


def _plain(runs):
    return [(o.levels.tolist(), o.first, o.killed) for o in runs.outcomes[0]]


def test_no_observation_after_the_start_reaches_the_forecast(tmp_path):
    """The same backtest forecast from 15 Jan 2023, (a) on the whole record with a window after the date, (b) on a
    record whose rows from that date on are deleted (the tempo period under way given another factor), without the
    later window: the runs are the same, run for run."""
    (tmp_path / "full").mkdir()
    whole = assimilation_file(tmp_path / "full", particles=4, windows=("dec2021_kunar", "peshawar_jan2023"),
                              held_out=("khost_apr2022",))
    known = world_known_on(tmp_path / "known", START, ["dec2021_kunar"], ["khost_apr2022"])
    runs = []
    for asm in (whole, known):
        backtests = load_backtests(backtest_file(asm.parent, asm, str(START)))
        run, weighed = forecast_from(backtests, START, 30, asm.parent / "out", workers=1)
        assert weighed == ["dec2021_kunar"]
        runs.append(run)
    assert _plain(runs[0]) == _plain(runs[1])
    assert len(runs[0].outcomes[0]) == 8


def test_the_record_as_known_on_a_date():
    scenario = load_assimilation(ROOT / "history" / "assimilation.yaml").scenario
    cut = (START - scenario.start_date).days
    known = scenario_as_of(scenario, START).forcing.events
    assert all(e.day < cut for e in known)
    assert [e.type for e in scenario.forcing.events if e.day < cut] == [e.type for e in known]  # the order kept
    tempo = {e.day: e for e in known if e.type == "ttp_surge"}
    under_way = max(tempo)  # 2023-01-01 to 2023-06-30, under way on 15 Jan 2023: the last ended period's factor
    assert tempo[under_way].factor == tempo[max(d for d in tempo if d < under_way)].factor
    assert under_way + tempo[under_way].days == cut


def test_what_happened_and_climatology_on_known_answers():
    rows = observations(str(ROOT / "record"))
    assert observed(rows, "open_war", dt.date(2026, 1, 1), 90)  # 27 Feb 2026
    assert observed(rows, "open_war", dt.date(2025, 9, 1), 180) and not observed(rows, "open_war", dt.date(2025, 9, 1),
                                                                                 179)  # day 179: 27 Feb 2026
    assert observed(rows, "pakistani_strike", dt.date(2025, 9, 1), 90)  # 9 Oct 2025
    assert observed(rows, "national_ceasefire", dt.date(2025, 10, 1), 30)  # Doha, 19 Oct 2025
    assert not observed(rows, "national_ceasefire", dt.date(2025, 3, 1), 90)  # Torkham's is a local one
    # 504 days from 15 Aug 2021 to 1 Jan 2023: five blocks of 90 days, no open war in any
    assert climatology(rows, "open_war", dt.date(2023, 1, 1), 90, dt.date(2021, 8, 15)) == (1 / 7, 5, 0)
    p, blocks, events = climatology(rows, "pakistani_strike", dt.date(2023, 1, 1), 90, dt.date(2021, 8, 15))
    assert (blocks, events) == (5, 2) and p == 3 / 7  # Kunar Dec 2021, Khost Apr 2022


def test_a_forecast_past_the_record_is_refused_at_its_line(tmp_path, capsys):
    path = backtest_file(tmp_path, ROOT / "history" / "assimilation.yaml", "2026-03-01", days=90)
    assert main(["backtest", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "backtests.yaml:2:" in err[0] and "ends by 2026-04-08" in err[0]
    assert not (tmp_path / "out").exists()


def test_the_command_scores_each_forecast_and_writes_its_files(tmp_path, capsys):
    import json

    path = backtest_file(tmp_path, ROOT / "history" / "assimilation.yaml", "2022-06-01", days=30)
    assert main(["backtest", str(path), "--workers", "1", "--out", str(tmp_path / "out"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [f["start"] for f in report["forecasts"]] == ["2022-06-01"]
    assert {(r["target"], r["days"]) for r in report["scores"]} == {(t, 30) for t in
                                                                    ("open_war", "pakistani_strike",
                                                                     "taliban_offensive", "national_ceasefire")}
    for r in report["scores"]:
        assert r["brier"] == (r["p"] - r["observed"]) ** 2 and 0 < r["climatology"] < 1
    for name in ("backtests.json", "scores.csv", "skill.csv", "backtests.png"):
        assert (tmp_path / "out" / name).is_file()
