"""The whole page renders without a browser (Mesa-examples pattern: import the app, build it, look inside)."""

from __future__ import annotations

import ipyvuetify as v
import solara

from sim.app import page as app


def test_page_renders_its_first_view(monkeypatch):
    monkeypatch.delenv("ESCALATION_SCENARIO", raising=False)
    box, rc = solara.render(app.Page(), handle_error=False)
    classes = {w.class_ for w in rc.find(v.Html).widgets}
    assert {"province-map", "levels-chart", "event-feed"} <= classes
    assert rc.find(v.Btn, children=["Start playing"]).widgets  # the Play tab is there too


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
