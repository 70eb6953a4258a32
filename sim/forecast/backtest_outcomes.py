"""What happened, and what climatology would have said: the two things a backtest's forecast is scored against.

**What happened** is read from the record's observations (record/observations.yaml; never forcing), for the days
[start, start + h) of each horizon h; a row counts on every day of its span (date to end_date):

- ``open_war``: a row at level 7;
- ``pakistani_strike``: a row of Pakistan's at level 5 or more (a strike, a deep strike);
- ``taliban_offensive``: a row of the Taliban's at level 6 or more (coordinated operations, deep strikes);
- ``national_ceasefire``: a ceasefire row with no province (a national one; the flag meetings' local ceasefires
  name theirs).

Crossings are not scored: the record has closures and reopenings, but not each crossing's state on every day.

**Climatology** is the record's own base rate of the event before the start, the forecast of an analyst with the
record and no model: the days before the start are cut into blocks of h days going back from it (as many as fit after
the history's first day), and the probability is the share of blocks with the event, Laplace-smoothed,
(blocks with it + 1) / (blocks + 2), as the scoring module's climatology of open war is (sim/scoring/climatology.py).
Only rows dated before the start are read for it.
"""

from __future__ import annotations

import datetime as dt

from sim.forecast.outcomes import EVENTS
from sim.scenario.history_record import read_record

RULES = {
    "open_war": lambda r: r.level >= 7,
    "pakistani_strike": lambda r: r.actor == "pakistan" and r.level >= 5,
    "taliban_offensive": lambda r: r.actor == "taliban" and r.level >= 6,
    "national_ceasefire": lambda r: r.act == "ceasefire" and r.province is None,
}
SCORED = EVENTS  # the true/false targets a backtest scores


def observations(record_folder: str) -> list:
    return list(read_record(record_folder).observations)


def happened(rows: list, target: str, first: dt.date, last: dt.date) -> bool:
    """Whether a row of ``target``'s kind covers a day from ``first`` to ``last`` (both included)."""
    rule = RULES[target]
    return any(rule(r) and r.date <= last and (r.end_date or r.date) >= first for r in rows)


def observed(rows: list, target: str, start: dt.date, days: int) -> bool:
    return happened(rows, target, start, start + dt.timedelta(days=days - 1))


def climatology(rows: list, target: str, start: dt.date, days: int, history_start: dt.date) -> tuple[float, int, int]:
    """(probability, blocks, blocks with the event) of ``target`` within ``days`` days, from the record before
    ``start`` (see the module's doc)."""
    known = [r for r in rows if r.date < start]
    blocks = events = 0
    end = start
    while end - dt.timedelta(days=days) >= history_start:
        first = end - dt.timedelta(days=days)
        events += happened(known, target, first, end - dt.timedelta(days=1))
        blocks += 1
        end = first
    return (events + 1) / (blocks + 2), blocks, events
