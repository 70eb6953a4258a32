"""The class debrief: every student's game against the model's ensemble from the class's start.

For each of the debrief's measures (peak level, people killed, trade lost) one panel: the model's runs
from the same start as a histogram, their median and 90% range, and a mark for each game played to the
end (where that game falls among the model's runs). Games ended early are compared with the model's runs
of their own length, in the table only: a 5-day game does not belong on a 20-day histogram.
The panels are JSON-able data for ``vue/distribution.vue``.
"""

from __future__ import annotations

import numpy as np

from sim.analysis.debrief import METRICS, SIDE_NAMES
from sim.outputs.run_plot import SIDE_COLOURS

BINS = 12  # for the measures that are not whole levels


def _bins(values: np.ndarray, marks: list[float], discrete: bool) -> list[dict]:
    if discrete:
        edges = np.arange(-0.5, 8.0, 1.0)  # one bar per rung of the ladder
    else:
        lo, hi = float(min(values.min(), *marks)), float(max(values.max(), *marks))
        edges = np.linspace(lo, hi if hi > lo else lo + 1.0, BINS + 1)
    counts, _ = np.histogram(values, bins=edges)
    return [{"lo": float(a), "hi": float(b), "count": int(n)} for a, b, n in zip(edges[:-1], edges[1:], counts)]


def panels(full_games: list) -> list[dict]:
    """One panel per measure for the games played to the end (all share one ensemble: one start, one length)."""
    if not full_games:
        return []
    runs = full_games[0].result.runs
    out = []
    for key, label, fmt in METRICS:
        values = runs[key].to_numpy(dtype=float)
        marks = [float(g.result.student[key]) for g in full_games]
        out.append({
            "label": label, "runs": int(len(values)), "bins": _bins(values, marks, key == "peak_level"),
            "median": float(np.median(values)), "q05": float(np.quantile(values, 0.05)),
            "q95": float(np.quantile(values, 0.95)), "same_seed": float(full_games[0].result.same_seed[key]),
            "marks": [{"name": g.student, "side": SIDE_NAMES[g.side], "colour": SIDE_COLOURS[g.side],
                       "value": v, "text": fmt.format(v), "below": _below(g.result, key)}
                      for g, v in zip(full_games, marks)],
        })
    return out


def _below(result, key: str) -> float:
    """The share of the model's runs (from the same start, as long) that came out lower than the game."""
    return round(100.0 * float(np.mean(result.runs[key].to_numpy(dtype=float) < result.student[key])), 1)


def table(games: list) -> list[dict]:
    """One row per debriefed game: its measures and where each falls among the model's runs."""
    rows = []
    for g in games:
        r = g.result
        row = {"game": g.number, "student": g.student, "side": SIDE_NAMES[g.side], "days": r.days_played}
        for key, label, fmt in METRICS:
            row[label] = f"{fmt.format(r.student[key])} (model runs below: {_below(r, key):g}%)"
        rows.append(row)
    return rows


def table_columns() -> list[str]:
    return ["game", "student", "side", "days", *[label for _, label, _ in METRICS]]
