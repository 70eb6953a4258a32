"""A run on the page: stepped and played under its lock, and what the browser is sent of each day."""

from __future__ import annotations

import threading

from sim.app import dials as D
from sim.app.live_run import LiveRun, briefing_lines
from sim.player import Choice, describe_view, what_side_sees


def test_from_built_runs_exactly_what_start_runs():
    dials = D.dials_for("oct2025")
    a, b = LiveRun.start(dials), LiveRun.from_built(D.build(dials))
    for _ in range(8):
        a.step(), b.step()
    assert a.model.datacollector.model_vars == b.model.datacollector.model_vars
    assert [x.kind for x in a.model.log.acts] == [x.kind for x in b.model.log.acts]


def test_a_days_view_is_made_once_and_follows_the_steps():
    run = LiveRun.start(D.dials_for("classroom"), days=4)
    first = run.view()
    assert run.view() is first and run.watch_day() is run.watch_day() and first.day == 0
    assert run.step() and run.view() is not first and run.view().day == 1 and run.days_run == 1
    while run.model.running:
        run.step()
    assert not run.step()  # a run that is over stays over
    day = run.watch_day().value
    assert set(day) == {"map", "counters", "chart", "feed"} and day["counters"]["headline"].startswith("Day 3")


def test_a_game_day_carries_the_counter_and_the_briefing():
    run = LiveRun.start(D.dials_for("classroom"), days=6, side="pakistan")
    run.play(Choice(level=2))
    day = run.game_day().value
    assert day["counter"] == "Days played: 1 of 5"
    assert day["briefing"] == briefing_lines(describe_view(what_side_sees(run.model, "pakistan"), "pakistan"))
    assert day["briefing"]["title"].startswith("Day 2 - you are Pakistan")
    assert all(not item.startswith("- ") for item in day["briefing"]["items"])


def test_briefing_lines():
    assert briefing_lines("**Day 3 - you are X.**\n- one\n- two\n") == {"title": "Day 3 - you are X.", "items": ["one", "two"]}


def test_a_reader_never_sees_a_day_half_run():
    run = LiveRun.start(D.dials_for("classroom"))
    seen = []

    def read():
        for _ in range(200):
            view = run.view()
            seen.append((view.day, view.counters["headline"]))

    reader = threading.Thread(target=read)
    reader.start()
    for _ in range(20):
        run.step()
    reader.join()
    for day, headline in seen:  # each view is whole: its counters are of its own day
        assert headline.startswith(f"Day {day} ")
