"""The teacher's tab rendered without a browser: the class's table follows the games; the class debrief."""

from __future__ import annotations

import time

import ipyvuetify as v
import solara

from sim.app import teacher_tab
from sim.app.teacher_tab import TeacherTab
from sim.player import Choice
from tests.app.conftest import play_game


def _data(rc, kind: str, trait: str):
    return getattr(rc.find(kind=kind).widget, trait).value


def test_the_table_follows_the_games(small_class, monkeypatch):
    monkeypatch.setattr(teacher_tab, "REFRESH_S", 0.05)
    game = play_game(small_class, "s1", "Ayesha", "pakistan", [2])
    box, rc = solara.render(TeacherTab(small_class, "http://host:8765/?class=TEST1"), handle_error=False)
    assert [r["day"] for r in _data(rc, "class-table", "rows")] == ["1 of 5"]
    assert "http://host:8765/?class=TEST1" in repr(box)
    game.run.play(Choice(level=1))
    small_class.changed()  # what a student's page does after every day
    play_game(small_class, "s2", "Bilal", "taliban", [])
    deadline = time.monotonic() + 10
    while len(_data(rc, "class-table", "rows")) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [(r["student"], r["day"]) for r in _data(rc, "class-table", "rows")] == [("Ayesha", "2 of 5"), ("Bilal", "0 of 5")]
    rc.close()


def test_the_class_debrief(small_class, monkeypatch):
    monkeypatch.setattr(teacher_tab, "DEBRIEF_RUNS", 6)
    play_game(small_class, "s1", "Ayesha", "pakistan", [4] * small_class.days)
    play_game(small_class, "s2", "Bilal", "taliban", [1])
    box, rc = solara.render(TeacherTab(small_class, None), handle_error=False)
    rc.find(v.Btn, children=["Class debrief"]).widget.click()
    panels = _data(rc, "class-distribution", "panels")
    assert len(panels) == 3 and all([m["name"] for m in p["marks"]] == ["Ayesha"] for p in panels)
    assert all(p["runs"] == 6 for p in panels)
    assert [r["student"] for r in _data(rc, "class-debrief-table", "rows")] == ["Ayesha"]
    assert "Still playing: 1." in repr(box)
    rc.close()
