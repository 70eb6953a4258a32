"""The classroom page without a browser (the Mesa-examples pattern): build the page and model, step it,
check the figures, counters, event feed and messages for bad values."""

from __future__ import annotations

from io import BytesIO

import pytest

from sim.app import app
from sim.app.model_view import counters, event_feed, levels_figure, province_map_figure

PNG = b"\x89PNG\r\n\x1a\n"


def _png(fig) -> bytes:
    buf = BytesIO()
    fig.savefig(buf, format="png", dpi=50)
    return buf.getvalue()


def _gids(fig, kind: str) -> list[str]:
    ax = fig.axes[0]
    return [a.get_gid() for a in [*ax.patches, *ax.lines] if (a.get_gid() or "").startswith(kind + ":")]


@pytest.mark.parametrize("name", ["oct2025", "classroom"])
def test_page_model_steps_and_renders(name):
    page = app.make_page(app.SCENARIOS[name])
    assert page is not None
    model = app.ClassroomModel(scenario_name=name)
    assert model.problem is None
    before_counts, before_feed = counters(model), event_feed(model)
    assert _png(province_map_figure(model)).startswith(PNG)
    assert _png(levels_figure(model)).startswith(PNG)  # no days yet: still draws
    for _ in range(5):
        model.step()
    after = counters(model)
    assert after["day"] == 4 and after != before_counts
    feed = event_feed(model, n=12)
    assert feed and feed != before_feed and len(feed) <= 12
    assert feed[0].startswith(f"Day {model.acts[-1].day}")  # newest first
    fig = province_map_figure(model)
    assert sorted(_gids(fig, "province")) == sorted(f"province:{p}" for p in model.geography.provinces)
    assert sorted(_gids(fig, "crossing")) == sorted(f"crossing:{c}" for c in model.geography.crossings)
    assert _png(fig).startswith(PNG)
    assert _png(levels_figure(model)).startswith(PNG)


def test_overrides_are_applied():
    model = app.ClassroomModel(scenario_name="oct2025", seed="3", restraint_pressure=2.5,
                               pakistan_rule="grim", mediator_qatar=False, mediator_china=True)
    assert model.problem is None
    assert model.seed == 3 and model.config.restraint_pressure == 2.5
    assert model.config.actors.pakistan.rule.name == "grim"
    assert not model.config.mediators["qatar"].active


def test_model_params_cover_the_sidebar():
    params = app.model_params("classroom")
    assert params["scenario_name"]["values"] == list(app.SCENARIOS)
    assert set(params["pakistan_rule"]["values"]) >= set(app.RULES)
    assert params["restraint_pressure"]["min"] == 0 and params["restraint_pressure"]["max"] == 3
    assert "mediator_qatar" in params


@pytest.mark.parametrize("kwargs, words", [
    ({"seed": "abc"}, "seed must be a whole number"),
    ({"seed": "-4"}, "seed must be a whole number"),
    ({"restraint_pressure": 20.0}, "restraint_pressure"),
    ({"scenario_name": "nope"}, "unknown scenario"),
])
def test_bad_values_give_a_message(kwargs, words):
    model = app.ClassroomModel(**{"scenario_name": "classroom", **kwargs})
    assert words in model.problem and "Traceback" not in model.problem
    model.step()  # the run still works
