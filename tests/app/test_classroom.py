"""A class on the server: joining by name, games from one start, the registry by code."""

from __future__ import annotations

import pytest

from sim.app.classroom import NAME_LENGTH, Classes
from tests.app.conftest import play_game


def test_names_are_checked_and_kept(small_class):
    with pytest.raises(ValueError, match="Type your name"):
        small_class.join("s1", "   ")
    with pytest.raises(ValueError, match=f"at most {NAME_LENGTH}"):
        small_class.join("s1", "x" * (NAME_LENGTH + 1))
    assert small_class.join("s1", "  Ayesha   Khan ") == "Ayesha Khan"
    with pytest.raises(ValueError, match="already joined as 'ayesha khan'"):
        small_class.join("s2", "ayesha khan")
    assert small_class.join("s1", "someone else") == "Ayesha Khan"  # a seat keeps the name it joined with


def test_every_game_starts_from_the_class_start(small_class):
    with pytest.raises(ValueError, match="join the class first"):
        small_class.start_game("s1", "pakistan")
    before = small_class.version
    a = play_game(small_class, "s1", "Ayesha", "pakistan", [3, 3])
    b = play_game(small_class, "s2", "Bilal", "taliban", [])
    assert small_class.version > before and [g.number for g in small_class.games] == [1, 2]
    assert (a.side, b.side) == ("pakistan", "taliban") and a.student == "Ayesha"
    for g in (a, b):
        assert g.run.model.horizon == small_class.days + 1 and g.run.model.config.name == "classroom"
        assert g.run.model.seed == int(small_class.dials["seed"])
    assert small_class.game_of(a.run) is a and small_class.game_of(object()) is None
    assert small_class.problem() is None


def test_a_class_with_bad_dials_says_so_and_plays_the_scenario():
    from sim.app import dials as D
    from sim.app.classroom import Classroom

    broken = Classroom("BAD12", {**D.dials_for("classroom"), "seed": "abc"})
    assert "Seed must be a whole number" in broken.problem()
    broken.join("s", "x")
    assert broken.start_game("s", "pakistan").run.model.running


def test_classes_by_code():
    classes = Classes()
    one = classes.open("ABCDE", {"scenario_name": "classroom"})
    assert classes.open("ABCDE", {"other": 1}) is one and one.dials == {"scenario_name": "classroom"}
    assert classes.get(" abcde ") is one and classes.get("ZZZZZ") is None
