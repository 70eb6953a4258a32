"""Shared fixtures of the classroom page's tests: the page's renderer as the server runs it, a class."""

from __future__ import annotations

import pytest

from sim.app import dials as D
from sim.app.classroom import Classes, Classroom
from sim.player import Choice


@pytest.fixture(autouse=True)
def renderer_as_served(monkeypatch):
    """``escalation app`` runs reacton's renderer that walks only what changed (sim.app.serving): so do these."""
    monkeypatch.setenv("REACTON_FAST", "1")


@pytest.fixture
def small_class(monkeypatch) -> Classroom:
    """A class on the three-row toy map, 5 days to play, the one class of this server (students join it)."""
    from sim.app import join_form

    registry = Classes()
    monkeypatch.setattr(join_form, "CLASSES", registry)
    return registry.open("TEST1", D.dials_for("classroom"), days=5)


def play_game(classroom: Classroom, seat: str, name: str, side: str, levels: list[int]):
    """A student joins ``classroom`` and plays one day at each of ``levels``; returns their Game."""
    classroom.join(seat, name)
    game = classroom.start_game(seat, side)
    for level in levels:
        game.run.play(Choice(level=level))
    return game
