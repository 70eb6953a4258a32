"""Charts of levels as small JSON-able specs for the browser (``vue/levels_chart.vue`` draws them).

A spec has the days on x (0 to ``x_max``), the ladder's rungs on y, ceasefire spans to shade, ``bands``
(a low and a high series each: the model's fan) and ``lines`` (one series each). The Watch and Play tabs
draw a run's levels so far; a student's debrief draws each side's levels against the model's fan.
"""

from __future__ import annotations

import numpy as np

from sim.analysis.plots import BAND
from sim.outputs.run_plot import LEVEL_TICKS, SIDE_COLOURS, ceasefire_spans
from sim.analysis.debrief import SIDE_NAMES

SIDE_LABELS = SIDE_NAMES  # "Pakistan", "Taliban administration"
MIN_DAYS_SHOWN = 10  # a short run still gets an axis this long, so the first days do not fill the width
SAME_SEED_COLOUR = "#595959"


def _series(values) -> list[float]:
    return [round(float(v), 2) for v in values]


def _spec(title: str, days: int, ceasefire, lines: list[dict], bands: list[dict] | None = None) -> dict:
    return {"title": title, "x_max": max(days - 1, MIN_DAYS_SHOWN), "y_labels": list(LEVEL_TICKS),
            "shade": ceasefire_spans(ceasefire), "bands": bands or [], "lines": lines}


def levels_chart(model) -> dict:
    """Both sides' levels so far, ceasefires shaded (an empty chart before day 0 is run)."""
    v = model.datacollector.model_vars
    lines = [{"label": SIDE_LABELS[side], "colour": SIDE_COLOURS[side], "width": 2.2, "dots": True,
              "values": _series(v[f"level_{side}"])} for side in SIDE_LABELS]
    return _spec("Escalation levels", len(v["day"]), v["ceasefire"], lines)


def fan_charts(result) -> list[dict]:
    """A debrief (``sim.analysis.debrief.Debrief``) as one chart per side: the model's runs from the same
    start (50% and 90% of them, and their median), the model on the student's seed, and the student's game."""
    charts = []
    for side, label in SIDE_LABELS.items():
        q = np.quantile(result.fan_levels[side], [0.05, 0.25, 0.5, 0.75, 0.95], axis=0)
        played = side == result.side
        bands = [{"label": "model: 90% of runs", "colour": BAND, "opacity": 0.15, "lo": _series(q[0]), "hi": _series(q[4])},
                 {"label": "model: 50% of runs", "colour": BAND, "opacity": 0.3, "lo": _series(q[1]), "hi": _series(q[3])}]
        lines = [{"label": "model: median", "colour": BAND, "width": 1.5, "values": _series(q[2])},
                 {"label": "model on your seed", "colour": SAME_SEED_COLOUR, "width": 1.5, "dash": "6 3",
                  "values": _series(result.same_seed_levels[side])},
                 {"label": "you" if played else "in your game", "colour": SIDE_COLOURS[side], "width": 2.6,
                  "values": _series(result.student_levels[side])}]
        title = label + (" (played by you)" if played else " (played by the model)")
        charts.append(_spec(title, result.days, result.ceasefire, lines, bands))
    return charts
