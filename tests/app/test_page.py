"""The whole page renders without a browser (Mesa-examples pattern: import the app, build it, look inside)."""

from __future__ import annotations

import ipyvuetify as v
import solara

from sim.app import page as app


def test_page_renders_its_first_view(monkeypatch):
    monkeypatch.delenv("ESCALATION_SCENARIO", raising=False)
    box, rc = solara.render(app.Page(), handle_error=False)
    day = rc.find(kind="watch-day").widget.day.value  # the Watch tab's day, drawn in the browser
    assert set(day) == {"map", "counters", "chart", "feed"}
    assert day["map"]["title"] == "oct2025 - day 0 (09 Oct 2025)" and day["feed"][-1].startswith("Day 0")
    assert rc.find(v.Btn, children=["Start playing"]).widgets  # the Play tab is there too
    assert not rc.find(v.Tab, children=["Teacher"]).widgets  # only on a class's server, with the teacher's key


def test_every_browser_opens_on_one_reading_of_the_scenario(monkeypatch):
    monkeypatch.delenv("ESCALATION_SCENARIO", raising=False)
    app.startup.cache_clear()
    try:
        first = app.startup()
        assert app.startup() is first and first[0]["scenario_name"] == "oct2025" and first[1][2] is None
    finally:
        app.startup.cache_clear()


def test_the_scenario_given_to_the_command_opens(monkeypatch, tmp_path):
    from tests.conftest import SCENARIOS

    path = tmp_path / "my_class.yaml"
    path.write_text(f"extends: {SCENARIOS / 'classroom.yaml'}\nname: my_class\n")
    monkeypatch.setenv("ESCALATION_SCENARIO", str(path))
    try:
        assert app._startup_name() == "my_class"
        live = app.LiveRun.start(app.D.dials_for("my_class"))
        assert live.problem is None and live.model.config.name == "my_class" and live.model.day == 0
    finally:
        app.D.SCENARIOS.pop("my_class", None)


def test_the_query_is_read():
    assert app._query("class=ABCDE&teacher=k") == {"class": "ABCDE", "teacher": "k"} and app._query(None) == {}
