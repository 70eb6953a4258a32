"""A live model's map, levels and counters as matplotlib figures and Markdown, for notebooks
(``notebooks/classroom_exercise.ipynb``); and the counters and event feed as the page shows them.

``province_map_figure`` draws the province grid as a map: Afghan columns west of a drawn Durand Line,
Pakistani columns east of it, provinces shaded by recent violence, crossings as coloured markers on the
Line. ``levels_figure`` plots both sides' levels so far; ``counters`` and ``event_feed`` give the numbers
and the latest events in plain language. The page itself draws in the browser (``map_data``,
``chart_data``, ``vue/``), with the same geometry and labels (``map_geometry``).
"""

from __future__ import annotations

import datetime as dt

import matplotlib

from sim.outputs.mpl_backend import use_agg_unless_chosen

use_agg_unless_chosen()
import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch, Rectangle  # noqa: E402

from sim.acts import CASUALTY_GROUPS  # noqa: E402
from sim.submodels.crossings import CrossingStatus  # noqa: E402
from sim.app.map_data import map_title  # noqa: E402
from sim.app.map_geometry import (BOX_H, BOX_W, COLUMN_X, EDGE, HEADER_X, LINE_X,  # noqa: E402
                                  STATUS_COLOURS, VIOLENCE_COLOURMAP, crossing_rows, heat, is_dark,
                                  province_labels, violence_scale)
from sim.submodels.ladder import LEVEL_NAMES  # noqa: E402
from sim.outputs.run_plot import GROUP_LABELS, LEVEL_TICKS, SIDE_COLOURS, _shade_ceasefires  # noqa: E402
from sim.outputs.narration import describe_act  # noqa: E402

VIOLENCE = matplotlib.colormaps[VIOLENCE_COLOURMAP]


def _today(model) -> int:
    """The last day run (0 before the first step)."""
    return max(model.day, 0)


def _date(model, day: int) -> dt.date | None:
    start = model.config.start_date
    return start + dt.timedelta(days=day) if start else None


def _y(row: float) -> float:
    """Row 0 (north) at the top."""
    return -row


def province_map_figure(model) -> Figure:
    """The province grid as a map: one box per province, one marker per crossing on the Durand Line."""
    geo = model.world
    n_rows = geo.n_rows
    fig = Figure(figsize=(6.0, 0.8 * n_rows + 1.6), layout="constrained")
    ax = fig.add_subplot()
    scale = violence_scale(geo)
    for p in geo.provinces.values():
        x, y = COLUMN_X[p.column], _y(p.row) - BOX_H / 2
        shade = VIOLENCE(heat(p.violence, scale))
        ax.add_patch(Rectangle((x, y), BOX_W, BOX_H, facecolor=shade, edgecolor=EDGE[p.side], lw=2,
                               gid=f"province:{p.name}"))
        lines = province_labels(geo, p)
        dark = is_dark(p.violence, scale)
        ax.text(x + BOX_W / 2, _y(p.row) + 0.22, lines[0], ha="center", va="center",
                fontsize=8 if len(p.name) <= 10 else (6.5 if len(p.name) <= 14 else 5),
                fontweight="bold", color="white" if dark else "black")
        if len(lines) > 1:
            ax.text(x + BOX_W / 2, _y(p.row) - 0.12, "\n".join(lines[1:]), ha="center", va="center",
                    fontsize=7.5, color="white" if dark else "#222222", linespacing=1.3)

    # the Durand Line and its crossings
    top, bottom = _y(0) + 0.6, _y(n_rows - 1) - 0.6
    ax.plot([LINE_X, LINE_X], [bottom, top], color="#444444", lw=2.5, ls=(0, (6, 3)), zorder=2)
    ax.text(LINE_X, top + 0.05, "Durand Line", ha="center", va="bottom", fontsize=9, style="italic")
    rows = crossing_rows(geo)
    for c in geo.crossings.values():
        y = _y(rows[c.name])
        ax.add_line(Line2D([LINE_X], [y], marker="D", markersize=11, color=STATUS_COLOURS[c.status],
                           markeredgecolor="black", zorder=3, gid=f"crossing:{c.name}"))
        ax.text(LINE_X, y - 0.13, c.name, ha="center", va="top", fontsize=7, zorder=4,
                bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8))

    header = _y(0) + 0.62
    ax.text(HEADER_X["AF"], header, "AFGHANISTAN",
            ha="center", va="bottom", fontsize=10, color=EDGE["AF"], fontweight="bold")
    ax.text(HEADER_X["PK"], header, "PAKISTAN",
            ha="center", va="bottom", fontsize=10, color=EDGE["PK"], fontweight="bold")
    ax.set_xlim(-0.1, COLUMN_X["pk_interior"] + BOX_W + 0.1)
    ax.set_ylim(bottom - 0.1, header + 0.45)
    ax.set_aspect("equal")
    ax.axis("off")
    handles = [Line2D([], [], marker="D", ls="", color=STATUS_COLOURS[s], markeredgecolor="black",
                      markersize=8, label=f"crossing {s.label}") for s in CrossingStatus]
    handles.append(Patch(facecolor=VIOLENCE(0.7), edgecolor="grey", label="recent violence"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=4, fontsize=8, frameon=False)
    ax.set_title(map_title(model), fontsize=11)
    return fig


def levels_figure(model) -> Figure:
    """Both sides' escalation levels so far, ceasefire periods shaded."""
    series = model.datacollector.model_vars
    days = np.asarray(series["day"])
    fig = Figure(figsize=(9, 3.8), layout="constrained")
    ax = fig.add_subplot()
    if len(days):
        _shade_ceasefires(ax, days, series["ceasefire"])
        for side, label in (("pakistan", "Pakistan"), ("taliban", "Taliban administration")):
            ax.step(days, series[f"level_{side}"], where="mid", color=SIDE_COLOURS[side], lw=2.2, label=label,
                    marker="o", markersize=3)  # markers: a single day would otherwise draw nothing
        ax.set_xlim(-0.5, max(days[-1] + 0.5, 10))
        ax.legend(loc="upper right", fontsize=8)
    else:
        ax.text(0.5, 0.5, "no days run yet: press Step or Play", transform=ax.transAxes, ha="center", color="grey")
        ax.set_xlim(-0.5, 10)
    ax.set_yticks(range(len(LEVEL_NAMES)))
    ax.set_yticklabels(LEVEL_TICKS, fontsize=8)
    ax.set_ylim(-0.3, len(LEVEL_NAMES) - 0.7)
    ax.set_xlabel("day")
    ax.set_title("Escalation levels")
    ax.grid(axis="y", alpha=0.3)
    return fig


def counters(model) -> dict:
    """Headline numbers of the run so far."""
    day = _today(model)
    date = _date(model, day)
    day -= getattr(model, "present_day", 0)  # a run from the present counts its days from today (sim/app/present.py)
    return {
        "day": day,
        "date": date.isoformat() if date else None,
        "level_pakistan": int(model.pakistan.level),
        "level_taliban": int(model.taliban.level),
        "ceasefire": bool(model.ceasefire.active),
        "casualties": {g: int(model.log.casualties_total.get(g, 0)) for g in CASUALTY_GROUPS},
        "killed_total": int(sum(model.log.casualties_total.values())),
        "trade_lost_usd": float(model.world.trade_lost_total),
        "crossings": {c.name: c.status.label for c in model.world.crossings.values()},
    }


def _levels_line(c: dict) -> str:
    return (f"Day {c['day']}" + (f" ({c['date']})" if c["date"] else "")
            + f" - Pakistan level {c['level_pakistan']} ({LEVEL_NAMES[c['level_pakistan']]}),"
            f" Taliban level {c['level_taliban']} ({LEVEL_NAMES[c['level_taliban']]})")


def _trade_lost(c: dict) -> str:
    return f"${c['trade_lost_usd'] / 1e6:,.1f} m"


def counters_markdown(model) -> str:
    c = counters(model)
    lines = [f"**{_levels_line(c)}**" + (" - **ceasefire in force**" if c["ceasefire"] else ""),
             "",
             "| killed | |", "|---|---:|"]
    lines += [f"| {GROUP_LABELS[g]} | {n:,} |" for g, n in c["casualties"].items()]
    lines += [f"| **all** | **{c['killed_total']:,}** |", "",
              f"**Trade lost:** {_trade_lost(c)}"]
    return "\n".join(lines)


def counters_view(model) -> dict:
    """The counters as the browser's ``day_counters.vue`` shows them."""
    c = counters(model)
    return {"headline": _levels_line(c), "ceasefire": c["ceasefire"],
            "killed": [[GROUP_LABELS[g], n] for g, n in c["casualties"].items()],
            "killed_total": c["killed_total"], "trade_lost": _trade_lost(c)}


def event_feed(model, n: int = 12) -> list[str]:
    """The latest ``n`` events in plain language, newest first."""
    start = model.config.start_date
    return [describe_act(a, start) for a in reversed(model.log.acts[-n:])] if n > 0 else []
