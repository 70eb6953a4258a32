"""The page's parts drawn in the browser: Vue templates (``vue/``) fed small JSON-able data.

Solara ships Vue 2 and compiles these templates in the browser; the server sends a part's data when it
changes, never an image. The map, the levels chart, the counters, the event feed and the briefing are
Vue components (``vue/<part>.vue``, each declaring its props); a view puts several of them together in
one template (``watch_day.vue``, ``game_day.vue``, ``fan_charts.vue``), so that a day on the page is one
update of one widget. Every drawn part's outer element has the CSS class ``kind`` (``province-map``,
``levels-chart``...), by which tests and the page's CSS find it.

The data travels inside a :class:`Sealed` box: the page's renderer (reacton) looks for child elements in
every list and dict it is given, which for a day's map is most of the cost of drawing it again; a box
it does not open, compared by identity, costs nothing. The box is unpacked only to be sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import solara

VUE = Path(__file__).parent / "vue"
PARTS = ("province_map", "levels_chart", "day_counters", "event_feed", "briefing")


@dataclass(frozen=True, eq=False)
class Sealed:
    """JSON-able data for the browser, compared by identity: the same box is the same data."""

    value: Any


def _unseal(box, widget):
    return box.value if isinstance(box, Sealed) else box


def _sealed(*names: str) -> dict:
    return {name: _unseal for name in names}


@cache
def parts() -> dict[str, str]:
    """The Vue components a view's template may use, by tag (``province-map``): their source, which the
    browser compiles once per view."""
    return {name.replace("_", "-"): (VUE / f"{name}.vue").read_text(encoding="utf-8") for name in PARTS}


@solara.component_vue("vue/watch_day.vue", to_json=_sealed("geometry", "day"))
def _WatchDay(geometry: Sealed, day: Sealed, kind: str = "watch-day"):
    pass


@solara.component_vue("vue/game_day.vue", to_json=_sealed("geometry", "day"))
def _GameDay(geometry: Sealed, day: Sealed, form: Any, kind: str = "game-day"):
    pass


@solara.component_vue("vue/fan_charts.vue", to_json=_sealed("charts"))
def _FanCharts(charts: Sealed, kind: str = "fan-charts"):
    pass


@solara.component_vue("vue/data_table.vue", to_json=_sealed("rows"))
def _DataTable(columns: list, rows: Sealed, empty: str, kind: str):
    pass


@solara.component_vue("vue/distribution.vue", to_json=_sealed("panels"))
def _Distribution(panels: Sealed, kind: str):
    pass


def WatchDay(geometry: Sealed, day: Sealed):
    """The Watch tab's day: the map; the counters, levels chart and event feed (``day``: a DayView's data)."""
    return _WatchDay(geometry=geometry, day=day, components=parts())


def GameDay(geometry: Sealed, day: Sealed, form):
    """A played game's day: the day counter, the briefing and ``form`` (an element: the decision form);
    the levels chart, the event feed and the map."""
    return _GameDay(geometry=geometry, day=day, form=form, components=parts())


def FanCharts(charts: Sealed):
    """A debrief's levels charts, one a side (``chart_data.fan_charts``)."""
    return _FanCharts(charts=charts, components=parts())


def DataTable(columns: list, rows: Sealed, kind: str, empty: str = "nothing yet"):
    return _DataTable(columns=columns, rows=rows, empty=empty, kind=kind)


def Distribution(panels: Sealed, kind: str = "class-distribution"):
    return _Distribution(panels=panels, kind=kind)
