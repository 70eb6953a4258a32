"""A record's rows as a run's events (docs/history.md): what ``forcing: {record: ...}`` does when a scenario loads.

Each row from the scenario's ``start_date`` on becomes one event on its day (the date minus the start date):
an attack a ``militant_attack``, a dispute a ``border_dispute``, a contact a ``diplomatic_contact``, a measure a
``policy_measure``, a shock an ``outside_shock`` (sim/record_events.py), a tempo period a ``ttp_surge`` over its
days (a period begun before the start counts from day 0). Observations are never events. Every province is
checked against the scenario's map, a problem reported at the record file's line.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from pathlib import Path

from sim.scenario.errors import ScenarioError, locate, suggest
from sim.scenario.history_record import read_record
from sim.scenario.maps import load_geography_spec
from sim.scenario.yamlsafe import Where


def _day(date: dt.date, start: dt.date) -> int:
    return (date - start).days


def _note(row, what: str) -> str:
    return f"{what} ({row.source})"


def record_events(folder: str | Path, start: dt.date, geography: str = "durand_line") -> list[dict]:
    """The record's rows from ``start`` on, as event data (validated with the scenario). Read once per process
    while the record's files stay as they are: every window of a history loads the same record."""
    folder = Path(folder)
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.glob("*.yaml")))
    return copy.deepcopy(_record_events(folder, start, geography, stamp))


@functools.lru_cache(maxsize=8)
def _record_events(folder: Path, start: dt.date, geography: str, stamp: tuple) -> list[dict]:
    positions: dict = {}
    record = read_record(folder, positions)
    _check_provinces(record, positions, {p.name for p in load_geography_spec(geography).provinces}, Path(folder))
    events = []
    for name, row in record.rows():
        day = _day(row.date, start)
        if name == "tempo":
            last = _day(row.end_date, start)
            if last >= 0:
                events.append({"type": "ttp_surge", "day": max(day, 0), "factor": row.factor,
                               "days": last - max(day, 0) + 1, "note": _note(row, f"{row.attacks} attacks ({row.series})")})
            continue
        if day < 0 or name == "observations":
            continue
        events.append({"day": day, **_EVENT_OF[name](row)})
    return events


_EVENT_OF = {
    "attacks": lambda r: {"type": "militant_attack", "province": r.province, "pakistan_military": r.pakistan_military or 0,
                          "pakistan_civilian": r.pakistan_civilian or 0, "ttp": r.attackers or 0,
                          "claimed_by": r.claimed_by, "blamed": r.blamed_on_afghanistan, "note": _note(r, r.place)},
    "disputes": lambda r: {"type": "border_dispute", "province": r.province, "objector": r.objector,
                           "note": _note(r, r.what)},
    "contacts": lambda r: {"type": "diplomatic_contact", "kind": r.kind, "host": r.host, "note": _note(r, r.what)},
    "measures": lambda r: {"type": "policy_measure", "by": r.by, "kind": r.kind, "note": _note(r, r.what)},
    "shocks": lambda r: {"type": "outside_shock", "kind": r.kind, "mediators": list(r.mediators),
                         "note": _note(r, r.what)},
}


def _check_provinces(record, positions: dict, provinces: set[str], folder: Path) -> None:
    problems = []
    for name in ("attacks", "disputes", "observations"):
        for i, row in enumerate(getattr(record, name)):
            if row.province is not None and row.province not in provinces:
                where = locate(positions.get(name, {}), ("rows", i, "province"), Where(str(folder / f"{name}.yaml"), 1, 1))
                problems.append((where, f"rows[{i}].province", f"unknown province {row.province!r}"
                                 f"{suggest(row.province, sorted(provinces))} (the map's provinces)"))
    if problems:
        raise ScenarioError(problems)


def expand_forcing(data: dict, positions: dict, path: Path) -> None:
    """A ``forcing.record`` folder's rows as ``forcing.events`` (sim/scenario/forcing.py), once, on loading."""
    forcing = data.get("forcing")
    if not isinstance(forcing, dict) or forcing.get("record") is None or "events" in forcing:
        return
    where = positions.get(("forcing", "record"), Where(str(path), 1, 1))
    start = data.get("start_date")
    if start is None:
        raise ScenarioError([(where, "forcing.record", "a scenario forced by a record needs its start_date")])
    start = start if isinstance(start, dt.date) else dt.date.fromisoformat(str(start))
    forcing["events"] = record_events(forcing["record"], start, data.get("geography", "durand_line"))


def resolve_record(data: dict, path: Path, positions: dict) -> None:
    """``forcing.record`` read relative to the scenario file that names it; a folder that is not there is an error
    at its place."""
    forcing = data.get("forcing")
    if not isinstance(forcing, dict) or not isinstance(forcing.get("record"), str) or "events" in forcing:
        return
    folder = (path.parent / forcing["record"]).resolve()
    if not folder.is_dir():
        where = positions.get(("forcing", "record"), Where(str(path), 1, 1))
        raise ScenarioError([(where, "forcing.record", f"record folder {forcing['record']!r} is not a folder "
                                                        f"(paths are relative to {path.name}; docs/history.md)")])
    forcing["record"] = str(folder)

