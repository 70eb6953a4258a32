"""A class's games as the teacher's live table, and every choice its students made as CSV.

Both read each game's model holding its lock (the student's own session may be running a day).
A choice row carries what the student chose on that day and how the day ended (both sides' levels,
the ceasefire, and the killed and trade lost so far).
"""

from __future__ import annotations

import csv
import io

from sim.acts import CASUALTY_GROUPS
from sim.analysis.debrief import SIDE_NAMES
from sim.outputs.run_plot import ceasefire_spans
from sim.player import options

COLUMNS = ("game", "student", "side", "day", "own level", "other level", "killed", "trade lost", "ceasefires", "status")
CHOICE_FIELDS = ("class", "game", "student", "side", "day", "level", "act", "close_crossings", "reopen_crossings",
                 "call_for_talks", "accept_ceasefire", "level_pakistan", "level_taliban", "ceasefire",
                 "killed_so_far", "trade_lost_usd_m_so_far")


def status(game, days: int) -> str:
    played = len(game.run.model.player.choices)
    if game.result is not None:
        return "debriefed" if played >= days else f"ended on day {played}"
    return "finished" if not game.run.model.running else "playing"


def game_row(game, days: int) -> dict:
    """One game as the teacher's table shows it."""
    with game.run.lock:
        m = game.run.model
        side = m.player.side
        spans = ceasefire_spans(m.datacollector.model_vars["ceasefire"])
        return {
            "game": game.number, "student": game.student, "side": SIDE_NAMES[side.key],
            "day": f"{len(m.player.choices)} of {days}",
            "own level": int(m.actor(side.key).level), "other level": int(m.actor(side.other.key).level),
            "killed": int(sum(m.log.casualties_total.values())),
            "trade lost": f"${m.world.trade_lost_total / 1e6:,.1f} m",
            "ceasefires": f"{len(spans)}" + (" (in force)" if m.ceasefire.active else ""),
            "status": status(game, days),
        }


def rows(classroom) -> list[dict]:
    with classroom.lock:
        games = list(classroom.games)
    return [game_row(g, classroom.days) for g in games]


def day_outcome(model, day: int) -> dict:
    """How ``day`` of a played run ended: both sides' levels, the ceasefire, the killed and trade lost so far
    (the CSV's last columns; the class's file keeps them to check a replay against)."""
    v = model.datacollector.model_vars
    return {"level_pakistan": int(v["level_pakistan"][day]), "level_taliban": int(v["level_taliban"][day]),
            "ceasefire": bool(v["ceasefire"][day]),
            "killed_so_far": int(sum(v[g][i] for g in CASUALTY_GROUPS for i in range(day + 1))),
            "trade_lost_usd_m_so_far": round(float(v["trade_lost_usd_cumulative"][day]) / 1e6, 3)}


def _choice_rows(code: str, game):
    with game.run.lock:
        m = game.run.model
        side = m.player.side.key
        labels = dict(options(side))
        for day, c in list(m.player.choices):
            yield {"class": code, "game": game.number, "student": game.student, "side": side, "day": day,
                   "level": c.level, "act": labels[c.level], "close_crossings": c.close_crossings,
                   "reopen_crossings": c.reopen_crossings, "call_for_talks": c.call_for_talks,
                   "accept_ceasefire": c.accept_ceasefire, **day_outcome(m, day)}


def choices_csv(classroom) -> str:
    """Every choice of every game of the class, one row per game-day, in the order the games started."""
    with classroom.lock:
        games = list(classroom.games)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CHOICE_FIELDS, lineterminator="\n")
    writer.writeheader()
    for game in games:
        writer.writerows(_choice_rows(classroom.code, game))
    return out.getvalue()
