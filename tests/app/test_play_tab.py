"""The "Play an actor" tab rendered without a browser (Solara's test renderer): start, play, debrief."""

from __future__ import annotations

import ipyvuetify as v
import solara

from sim.app import dials as D
from sim.app import play_tab
from sim.app.play_tab import PlayTab, start_game
from sim.app.seats import Seat


def _all_text(widget) -> str:
    """The text under a widget: plain children, and Markdown (a Vue template holding the rendered HTML)."""
    template = getattr(widget, "template", None)
    parts = [template if isinstance(template, str) else ""]
    for child in getattr(widget, "children", []) or []:
        parts.append(child if isinstance(child, str) else _all_text(child))
    return "\n".join(p for p in parts if p)


def _text(rc, css: str) -> str:
    return _all_text(rc.find(v.Html, class_=css).widget)


def test_start_game_opens_on_day_0_with_the_side_played():
    run = start_game(D.dials_for("oct2025"), "taliban", days=5)
    model = run.model
    assert run.problem is None and model.player.side.key == "taliban" and model.day == 0 and model.horizon == 6


def test_play_a_day_then_debrief(monkeypatch):
    monkeypatch.setattr(play_tab, "DEBRIEF_RUNS", 12)  # the page uses 100; fewer keeps the test fast
    box, rc = solara.render(PlayTab(D.dials_for("classroom"), Seat("test")), handle_error=False)
    rc.find(v.Btn, children=["Start playing"]).widget.click()
    assert "you are Pakistan" in _text(rc, "briefing")
    rc.find(v.Select).widget.v_model = "5 - air strike"
    rc.find(v.Btn, children=["Play this day"]).widget.click()
    assert "Days played: 1 of 20" in _text(rc, "play-day-counter")
    assert "Day 2 - you are Pakistan" in _text(rc, "briefing")
    rc.find(v.Btn, children=["End and debrief"]).widget.click()
    debrief = _text(rc, "debrief")
    assert "You played <strong>Pakistan</strong> for 1 day (seed" in debrief and "12 times" in debrief
    rc.find(v.Btn, children=["Play again"]).widget.click()
    rc.find(v.Btn, children=["Start playing"]).assert_single()


def test_bad_dials_show_a_message_in_the_game():
    dials = {**D.dials_for("classroom"), "seed": "abc"}
    box, rc = solara.render(PlayTab(dials, Seat("test")), handle_error=False)
    rc.find(v.Btn, children=["Start playing"]).widget.click()
    assert "Seed must be a whole number" in repr(box)
    rc.find(v.Btn, children=["Play this day"]).assert_single()
