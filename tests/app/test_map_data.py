"""The map as the browser receives it: its fixed drawing once, each day's state, the hover details."""

from __future__ import annotations

import json

from sim.app import dials as D
from sim.app.map_data import RECENT_ACTS, ProvinceHistory, map_layout, map_state
from sim.outputs.narration import describe_act


def _run(days: int):
    model, _ = D.opening(D.dials_for("oct2025"))
    for _ in range(days):
        model.step()
    return model


def test_the_layout_has_every_province_and_crossing_and_is_json():
    model = _run(0)
    layout = map_layout(model.world)
    assert sorted(p["name"] for p in layout["provinces"]) == sorted(model.world.provinces)
    assert sorted(c["name"] for c in layout["crossings"]) == sorted(model.world.crossings)
    assert layout["rows"] == model.world.n_rows
    assert [h["text"] for h in layout["headers"]] == ["AFGHANISTAN", "PAKISTAN"]
    json.dumps(layout)


def test_the_state_is_the_models_day():
    model = _run(6)
    state = map_state(model, ProvinceHistory(model.config.start_date))
    assert state["title"] == "oct2025 - day 6 (15 Oct 2025)"
    assert {n: c["status"] for n, c in state["crossings"].items()} == {
        n: c.status.label for n, c in model.world.crossings.items()}
    for name, p in model.world.provinces.items():
        shown = state["provinces"][name]
        assert shown["posts"] == [p.intact_posts, p.posts] and shown["violence"] == round(p.violence, 1)
    json.dumps(state)


def test_deaths_and_latest_acts_of_each_province():
    model = _run(10)
    history = ProvinceHistory(model.config.start_date)
    state = map_state(model, history)["provinces"]
    for name in model.world.provinces:
        aimed = [a for a in model.log.acts if a.provinces and a.provinces[0] == name]
        landed = [a for a in model.log.acts if name in a.provinces]
        assert state[name]["deaths"] == sum(sum(a.casualties.values()) for a in aimed)
        assert state[name]["recent"] == [describe_act(a, model.config.start_date) for a in landed[::-1][:RECENT_ACTS]]
    assert any(state[n]["recent"] for n in state) and any(state[n]["deaths"] for n in state)


def test_the_history_reads_each_act_once_and_keeps_up():
    model = _run(0)
    history = ProvinceHistory(model.config.start_date)
    map_state(model, history)
    for _ in range(5):
        model.step()
    kept_up = map_state(model, history)
    fresh = map_state(model, ProvinceHistory(model.config.start_date))
    assert kept_up == fresh and history.read == len(model.log.acts)
