"""The province map as small JSON-able data for the browser (``vue/province_map.vue`` draws it).

``map_layout`` is what stays the same for a whole run (the boxes, the Durand Line, where the crossings
sit) and goes to the browser once; ``map_state`` is what a day changes (shading, posts, TTP, deaths,
recent acts, crossing status) and goes every day. A province's deaths are those of the acts aimed at it
(an act's first province); its recent acts are the latest acts that landed in it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, deque

from sim.app.map_geometry import (BOX_H, BOX_W, COLUMN_X, EDGE, HEADER_X, HEAT_TOP, LINE_X, MAP_WIDTH,
                                  STATUS_COLOURS, crossing_rows, heat, is_dark, province_labels, shade,
                                  violence_scale)
from sim.outputs.narration import describe_act
from sim.submodels.crossings import CrossingStatus

RECENT_ACTS = 3  # a province's latest acts shown when the pointer is on it


class ProvinceHistory:
    """Each province's deaths and latest acts, brought up to date from the event log, each act read once."""

    def __init__(self, start_date=None, keep: int = RECENT_ACTS):
        self.start_date = start_date
        self.read = 0  # acts of the log already counted
        self.deaths: dict[str, int] = defaultdict(int)
        self.recent: dict[str, deque[str]] = defaultdict(lambda: deque(maxlen=keep))  # described, oldest first

    def update(self, log) -> None:
        for act in log.acts[self.read:]:
            if act.provinces:
                self.deaths[act.provinces[0]] += sum(act.casualties.values())
                said = describe_act(act, self.start_date)
                for name in act.provinces:
                    self.recent[name].append(said)
        self.read = len(log.acts)

    def recent_acts(self, name: str) -> list[str]:
        """The province's latest acts in plain language, newest first."""
        return list(reversed(self.recent.get(name, ())))


def map_layout(world) -> dict:
    """The map's fixed drawing, in map units (a province box is ``BOX_W`` wide, a row one unit tall)."""
    rows = crossing_rows(world)
    return {
        "width": MAP_WIDTH, "rows": world.n_rows, "box": [BOX_W, BOX_H], "line_x": LINE_X,
        "provinces": [{"name": p.name, "x": COLUMN_X[p.column], "row": p.row, "edge": EDGE[p.side]}
                      for p in world.provinces.values()],
        "crossings": [{"name": c.name, "row": rows[c.name]} for c in world.crossings.values()],
        "headers": [{"text": text, "x": HEADER_X[country], "colour": EDGE[country]}
                    for country, text in (("AF", "AFGHANISTAN"), ("PK", "PAKISTAN"))],
        "legend": [{"label": f"crossing {s.label}", "colour": STATUS_COLOURS[s]} for s in CrossingStatus]
                  + [{"label": "recent violence", "colour": shade(HEAT_TOP * 0.8)}],
    }


def map_state(model, history: ProvinceHistory) -> dict:
    """What the map shows on the model's latest day (``history`` is brought up to date first)."""
    world = model.world
    history.update(model.log)
    scale = violence_scale(world)
    provinces = {}
    for p in world.provinces.values():
        lines = province_labels(world, p)
        provinces[p.name] = {
            "fill": shade(heat(p.violence, scale)), "dark": is_dark(p.violence, scale), "lines": lines[1:],
            "posts": [p.intact_posts, p.posts], "deaths": history.deaths.get(p.name, 0),
            "violence": round(p.violence, 1), "recent": history.recent_acts(p.name),
        }
    crossings = {c.name: {"status": c.status.label, "colour": STATUS_COLOURS[c.status]}
                 for c in world.crossings.values()}
    return {"title": map_title(model), "provinces": provinces, "crossings": crossings}


def map_title(model) -> str:
    day, start = max(model.day, 0), model.config.start_date
    when = f" ({start + dt.timedelta(days=day):%d %b %Y})" if start else ""
    return f"{model.config.name} - day {day - getattr(model, 'present_day', 0)}{when}"  # from the present: from today
