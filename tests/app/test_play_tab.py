"""The "Play an actor" tab rendered without a browser (Solara's test renderer): start, play, debrief; and in
a class: join, play, the class records the game."""

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


def _day(rc) -> dict:
    """What the game's browser-drawn day shows (``game_day.vue``'s data)."""
    return rc.find(kind="game-day").widget.day.value


def test_start_game_opens_on_day_0_with_the_side_played():
    run = start_game(D.dials_for("oct2025"), "taliban", days=5)
    model = run.model
    assert run.problem is None and model.player.side.key == "taliban" and model.day == 0 and model.horizon == 6


def test_play_a_day_then_debrief(monkeypatch):
    monkeypatch.setattr(play_tab, "DEBRIEF_RUNS", 12)  # the page uses 100; fewer keeps the test fast
    seat = Seat("test")
    box, rc = solara.render(PlayTab(D.dials_for("classroom"), seat), handle_error=False)
    rc.find(v.Btn, children=["Start playing"]).widget.click()
    assert "you are Pakistan" in _day(rc)["briefing"]["title"] and _day(rc)["counter"] == "Days played: 0 of 20"
    rc.find(v.Btn, children=["End and debrief"]).assert_single()
    assert rc.find(v.Btn, children=["End and debrief"]).widget.disabled
    rc.find(v.Select).widget.v_model = "5 - air strike"
    rc.find(v.Btn, children=["Play this day"]).widget.click()
    assert _day(rc)["counter"] == "Days played: 1 of 20"
    assert _day(rc)["briefing"]["title"].startswith("Day 2 - you are Pakistan")
    assert seat.game.model.player.choices[0][1].level == 5  # the seat keeps the game for a reload
    rc.find(v.Btn, children=["End and debrief"]).widget.click()
    debrief = _text(rc, "debrief")
    assert "You played <strong>Pakistan</strong> for 1 day (seed" in debrief and "12 times" in debrief
    assert len(rc.find(kind="fan-charts").widget.charts.value) == 2 and seat.result is not None
    rc.find(v.Btn, children=["Play again"]).widget.click()
    rc.find(v.Btn, children=["Start playing"]).assert_single()
    assert seat.game is None and seat.result is None


def test_a_reload_finds_the_game_again():
    seat = Seat("test")
    box, rc = solara.render(PlayTab(D.dials_for("classroom"), seat), handle_error=False)
    rc.find(v.Btn, children=["Start playing"]).widget.click()
    rc.find(v.Btn, children=["Play this day"]).widget.click()
    box, rc = solara.render(PlayTab(D.dials_for("classroom"), seat), handle_error=False)  # the same browser again
    assert _day(rc)["counter"] == "Days played: 1 of 20"


def test_bad_dials_show_a_message_in_the_game():
    dials = {**D.dials_for("classroom"), "seed": "abc"}
    box, rc = solara.render(PlayTab(dials, Seat("test")), handle_error=False)
    rc.find(v.Btn, children=["Start playing"]).widget.click()
    assert "Seed must be a whole number" in repr(box)
    rc.find(v.Btn, children=["Play this day"]).assert_single()


def test_in_a_class_a_student_joins_and_the_class_records_the_game(small_class, monkeypatch):
    monkeypatch.setattr(play_tab, "DEBRIEF_RUNS", 5)
    seat = Seat("student")
    box, rc = solara.render(PlayTab(D.dials_for("oct2025"), seat, small_class, "test1"), handle_error=False)
    assert rc.find(v.TextField, class_="join-code").widget.v_model == "test1"
    rc.find(v.TextField, class_="join-name").widget.v_model = "Ayesha"
    rc.find(v.Btn, children=["Join"]).widget.click()
    assert seat.name == "Ayesha" and seat.class_code == "TEST1" and "You are <strong>Ayesha</strong>" in repr(box)
    before = small_class.version
    rc.find(v.Btn, children=["Start playing"]).widget.click()
    game = small_class.games[0]
    assert game.student == "Ayesha" and game.run is seat.game and game.run.model.config.name == "classroom"
    assert _day(rc)["counter"] == f"Days played: 0 of {small_class.days}"
    for _ in range(small_class.days):
        rc.find(v.Btn, children=["Play this day"]).widget.click()
    assert small_class.version > before + small_class.days
    assert game.result is not None and game.result.days_played == small_class.days  # debriefed at the end
    assert "You played <strong>Pakistan</strong>" in _text(rc, "debrief")
