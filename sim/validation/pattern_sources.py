"""The two sources of ``record_patterns.Events``: the record's tables, and a run of the history scenario."""

from __future__ import annotations

import datetime as dt

from sim.decisions.major_attack import is_major
from sim.record import crossing_column
from sim.validation.record_patterns import Events

CLOSED = 2  # a crossing's status code when closed (sim.submodels.crossings.CrossingStatus.CLOSED)
MAIN_CROSSINGS = ("Torkham", "Chaman")  # the record's closures are almost all theirs (record/observations.yaml)


def record_events(record, start: dt.date, end: dt.date) -> Events:
    """Events of the record between ``start`` and ``end`` (major attacks: the core rows; closures: the rows that give
    their end - the record has no end for the closures of 2024 and October 2025, which are left out)."""
    day = lambda d: (d - start).days  # noqa: E731
    ev = Events((end - start).days)
    ev.majors = [day(a.date) for a in record.attacks if a.status == "core" and start <= a.date < end]
    for o in record.observations:
        if not start <= o.date < end or o.level < 2:
            continue
        if o.act == "closure":
            if o.end_date is not None:  # a closure whose end the record does not give has no known length
                ev.closures.append((o.end_date - o.date).days)
        elif o.level >= 3:
            for side in (("pakistan", "taliban") if o.actor == "both" else (o.actor,)):
                if side in ("pakistan", "taliban"):
                    getattr(ev, side).append((day(o.date), o.level))
    return ev


def model_events(model) -> Events:
    """Events of a finished run (its log and its daily series, which must cover the whole run); closure spells of
    the main crossings."""
    ev = Events(model.day + 1)
    for a in model.log.acts:
        if a.actor == "ttp" and is_major(a.killed("pakistan_military"), a.killed("pakistan_civilian")):
            ev.majors.append(a.day)
        elif a.actor in ("pakistan", "taliban") and a.level >= 3:
            getattr(ev, a.actor).append((a.day, a.level))
    series = model.datacollector.model_vars
    for name in MAIN_CROSSINGS:
        spell = 0
        for code in series[crossing_column(name)] + [0]:
            if code == CLOSED:
                spell += 1
            elif spell:
                ev.closures.append(spell)
                spell = 0
    return ev
