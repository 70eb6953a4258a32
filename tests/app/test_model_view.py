"""The classroom page's drawing functions without a browser: build the model as the page does, step it,
check the figures, counters and event feed."""

from __future__ import annotations

from io import BytesIO

import pytest

from sim.app import dials as D
from sim.app.watch_tab import day_headline
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
    model, problem = D.opening(D.dials_for(name))
    assert problem is None
    assert model.day == 0  # the first view already shows the scenario's opening day
    assert day_headline(model).startswith("Day 0")
    before_counts, before_feed = counters(model), event_feed(model)
    assert _png(province_map_figure(model)).startswith(PNG)
    assert _png(levels_figure(model)).startswith(PNG)
    for _ in range(4):
        model.step()
    after = counters(model)
    assert after["day"] == 4 and after != before_counts
    assert day_headline(model).startswith("Day 4")
    feed = event_feed(model, n=12)
    assert feed and feed != before_feed and len(feed) <= 12
    assert feed[0].startswith(f"Day {model.log.acts[-1].day}")  # newest first
    fig = province_map_figure(model)
    assert sorted(_gids(fig, "province")) == sorted(f"province:{p}" for p in model.world.provinces)
    assert sorted(_gids(fig, "crossing")) == sorted(f"crossing:{c}" for c in model.world.crossings)
    assert _png(fig).startswith(PNG)
    assert _png(levels_figure(model)).startswith(PNG)


def test_levels_figure_draws_a_single_day():
    model, _ = D.opening(D.dials_for("oct2025"))
    lines = [ln for ln in levels_figure(model).axes[0].lines if ln.get_label() in ("Pakistan", "Taliban administration")]
    assert len(lines) == 2 and all(ln.get_marker() == "o" and len(ln.get_xdata()) == 1 for ln in lines)


def test_counters_view_is_what_the_markdown_says():
    from sim.app.model_view import counters_markdown, counters_view

    model, _ = D.opening(D.dials_for("oct2025"))
    for _ in range(3):
        model.step()
    c, md = counters_view(model), counters_markdown(model)
    assert c["headline"] in md and c["trade_lost"] in md and f"{c['killed_total']:,}" in md
    assert sum(n for _, n in c["killed"]) == c["killed_total"] == counters(model)["killed_total"]
    assert c["ceasefire"] == counters(model)["ceasefire"]
