"""The page's parts drawn in the browser: Vue templates (``vue/``) fed small JSON-able data.

Solara ships Vue 2 and compiles these templates in the browser; the server sends a part's data when it
changes (a day's map state, the levels so far), never an image. Each part sits in a ``div`` of class
``css`` so that tests and CSS find it.

The data travels inside a :class:`Sealed` box: the page's renderer (reacton) looks for child elements in
every list and dict it is given, which for a day's map is most of the cost of drawing it again; a box
it does not open, compared by identity, costs nothing. The box is unpacked only to be sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import solara


@dataclass(frozen=True, eq=False)
class Sealed:
    """JSON-able data for the browser, compared by identity: the same box is the same data."""

    value: Any


def _unseal(box, widget):
    return box.value if isinstance(box, Sealed) else box


def _sealed(*names: str) -> dict:
    return {name: _unseal for name in names}


@solara.component_vue("vue/province_map.vue", to_json=_sealed("geometry", "today"))
def _ProvinceMap(geometry: Sealed, today: Sealed):
    pass


@solara.component_vue("vue/levels_chart.vue", to_json=_sealed("chart"))
def _LevelsChart(chart: Sealed):
    pass


@solara.component_vue("vue/day_counters.vue", to_json=_sealed("counters"))
def _DayCounters(counters: Sealed):
    pass


@solara.component_vue("vue/event_feed.vue", to_json=_sealed("lines"))
def _EventFeed(heading: str, lines: Sealed):
    pass


@solara.component
def ProvinceMap(geometry: Sealed, today: Sealed, css: str):
    with solara.Div(classes=[css]):
        _ProvinceMap(geometry=geometry, today=today)


@solara.component
def LevelsChart(chart: Sealed, css: str):
    with solara.Div(classes=[css]):
        _LevelsChart(chart=chart)


@solara.component
def DayCounters(counters: Sealed, css: str = "counters"):
    with solara.Div(classes=[css]):
        _DayCounters(counters=counters)


@solara.component
def EventFeed(heading: str, lines: Sealed, css: str):
    with solara.Div(classes=[css]):
        _EventFeed(heading=heading, lines=lines)


@solara.component_vue("vue/data_table.vue", to_json=_sealed("rows"))
def _DataTable(columns: list, rows: Sealed, empty: str):
    pass


@solara.component_vue("vue/distribution.vue", to_json=_sealed("panels"))
def _Distribution(panels: Sealed):
    pass


@solara.component
def DataTable(columns: list, rows: Sealed, css: str, empty: str = "nothing yet"):
    with solara.Div(classes=[css]):
        _DataTable(columns=columns, rows=rows, empty=empty)


@solara.component
def Distribution(panels: Sealed, css: str = "class-distribution"):
    with solara.Div(classes=[css]):
        _Distribution(panels=panels)
