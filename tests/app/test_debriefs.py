"""Debriefs that share the model's runs between games from the same start."""

from __future__ import annotations

import threading

import pytest

from sim.analysis import debrief as analysis
from sim.app import debriefs
from sim.app.debriefs import finished_results, student_debrief
from tests.app.conftest import play_game


@pytest.fixture(autouse=True)
def no_runs_kept(monkeypatch):
    monkeypatch.setattr(debriefs, "_runs", type(debriefs._runs)())


def test_a_second_game_gets_exactly_its_own_debrief(small_class):
    first = play_game(small_class, "s1", "A", "pakistan", [3, 3, 1])
    second = play_game(small_class, "s2", "B", "taliban", [5, 0, 0])
    student_debrief(first.run.model, n_runs=8)
    shared = student_debrief(second.run.model, n_runs=8)
    own = analysis.debrief(second.run.model, n_runs=8)
    assert shared.side == own.side == "taliban" and shared.days_played == own.days_played == 3
    assert shared.student == own.student and shared.same_seed == own.same_seed and shared.ceasefire == own.ceasefire
    assert shared.table().equals(own.table()) and shared.runs.equals(own.runs)
    for side in own.fan_levels:
        assert (shared.student_levels[side] == own.student_levels[side]).all()


def test_a_class_finishing_together_runs_the_model_once(small_class, monkeypatch):
    games = [play_game(small_class, f"s{i}", f"S{i}", "pakistan", [1, 2]) for i in range(4)]
    calls = []
    real = analysis.debrief

    def counted(model, n_runs):
        calls.append(model)
        return real(model, n_runs=n_runs)

    monkeypatch.setattr(debriefs, "debrief", counted)
    threads = [threading.Thread(target=student_debrief, args=(g.run.model, 5)) for g in games]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1


def test_a_game_of_another_length_has_its_own_runs(small_class):
    short = play_game(small_class, "s1", "A", "pakistan", [1])
    longer = play_game(small_class, "s2", "B", "pakistan", [1, 1])
    assert student_debrief(short.run.model, 4).days == 2 and student_debrief(longer.run.model, 4).days == 3


def test_no_day_played_gives_the_analysis_message(small_class):
    game = play_game(small_class, "s1", "A", "pakistan", [])
    with pytest.raises(ValueError, match="play at least one day"):
        student_debrief(game.run.model, 4)


def test_finished_games_get_their_debrief(small_class):
    done = play_game(small_class, "s1", "A", "pakistan", [1] * small_class.days)
    playing = play_game(small_class, "s2", "B", "pakistan", [1])
    with_result, still = finished_results(small_class, 4)
    assert with_result == [done] and still == [playing] and done.result.days_played == small_class.days
