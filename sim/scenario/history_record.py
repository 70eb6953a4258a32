"""The record: a dated, sourced table of what lies outside the model, 15 Aug 2021 onwards (docs/history.md).

A record is a folder of YAML files (the shipped one: ``record/``), each a mapping with ``rows:``, one row per
event, every row with its ``date`` and its ``source`` (outlet and date, in the style of ``../shared/facts``):

- ``attacks.yaml``: militant attacks in Pakistan that killed 10 or more people or 5 or more of its security
  forces (deaths by group, claimant, whether Pakistani officials blamed Afghanistan-based groups);
- ``disputes.yaml``: disputes over posts, fences and gates at the line (who objected, where);
- ``contacts.yaml``: visits, calls and meetings between the two governments, or hosted by a third party
  outside a crisis (crisis talks that mediators host are the model's to make: they are observations);
- ``measures.yaml``: deportation drives, document rules, trade and transit measures taken for reasons
  other than border fighting;
- ``shocks.yaml``: outside shocks (TTP ceasefires with Pakistan, disasters, changes of government, wars
  that take the mediators' attention);
- ``tempo.yaml``: the militant attack tempo by period (the routine attacks between the major ones come from
  the model's TTP cells at this tempo);
- ``observations.yaml``: what the two states and the mediators did (strikes, raids, closures, ceasefires,
  talks): **never forcing**, only what the runs are compared with (the fan chart's record levels).

How rows become a run's scripted events: :mod:`sim.scenario.forcing`. The record scripts no act of either
state and no mediator's move.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from sim.scenario.errors import read_validated
from sim.scenario.strict import Strict
from sim.sides import SideKey
from sim.submodels.ladder import MAX_LEVEL

FILES = ("attacks", "disputes", "contacts", "measures", "shocks", "tempo", "observations")


class Row(Strict):
    date: dt.date = Field(description="the day it happened (the first day, for a period); local date")
    source: str = Field(description="outlet and date of the report it comes from, as ../shared/facts cites them")
    note: str = Field("", description="how a figure or date was derived, or what is uncertain")

    @field_validator("source")
    @classmethod
    def _has_source(cls, source: str) -> str:
        if not source.strip():
            raise ValueError("every row needs its source (outlet and date); found an empty source")
        return source


class Period(Row):
    end_date: dt.date | None = Field(None, description="last day, for an event that lasted (null: one day)")

    @model_validator(mode="after")
    def _ordered(self):
        if self.end_date is not None and self.end_date < self.date:
            raise ValueError(f"end_date {self.end_date} is before date {self.date}")
        return self


Killed = int | None  # null: no figure found (unsourced)


class AttackRow(Row):
    place: str = Field(description="where, as the sources name it")
    province: str = Field(description="the map's province it is placed in (the nearest, where the place is not on the "
                                      "map; a city's attack in its city: Islamabad-Rawalpindi, Peshawar, Quetta)")
    pakistan_military: Killed = Field(ge=0, description="security forces killed (army, FC, police)")
    pakistan_civilian: Killed = Field(ge=0, description="civilians killed")
    attackers: Killed = Field(ge=0, description="attackers killed")
    claimed_by: str = Field(description="the group that claimed it, or 'unclaimed'")
    blamed_on_afghanistan: bool = Field(
        description="claimed by, or blamed by Pakistani officials on, an Afghanistan-based group or Afghan nationals")
    status: Literal["core", "ambiguous", "excluded"] = Field(
        description="core: Afghanistan link; ambiguous: claimant unnamed or disputed; excluded: no link found")


class DisputeRow(Row):
    place: str
    province: str = Field(description="the map's border province where the dispute was (either side's)")
    objector: SideKey = Field(description="the side that objected to, or blocked, the other's construction")
    what: str = Field(description="what was built or blocked")


class ContactRow(Period):
    place: str
    kind: Literal["visit", "call", "meeting"] = Field(description="a visit, a call, or a meeting in a third country")
    host: str = Field(description="pakistan, taliban, or the third party that hosted it")
    what: str


class MeasureRow(Period):
    by: SideKey = Field(description="the side that took the measure")
    kind: Literal["deportation", "documents", "trade", "transit"]
    what: str


class ShockRow(Period):
    kind: Literal["ttp_ceasefire", "disaster", "government", "regional_war", "other"]
    mediators: list[str] = Field(default_factory=list, description="mediators whose attention it took (regional_war)")
    what: str


class TempoRow(Period):
    end_date: dt.date = Field(description="last day of the period")
    attacks: int = Field(ge=0, description="militant attacks in Pakistan in the period, as the series counts them")
    series: str = Field(description="which count (PICSS, PIPS, CRSS, UN): series are not mixed")
    factor: float = Field(ge=0.0, le=20.0, description="attacks a day over the scenario's base tempo (derived)")


class ObservationRow(Period):
    actor: str = Field(description="pakistan, taliban, both, or a mediator's key")
    act: Literal["strike", "deep_strike", "raid", "offensive", "border_fire", "shelling", "closure", "reopening",
                 "ceasefire", "talks", "open_war"]
    level: int = Field(ge=0, le=MAX_LEVEL, description="rung on the ladder (docs/ODD.md 2.2)")
    province: str | None = None
    acknowledged: bool | None = None
    what: str


ROW_TYPES = {"attacks": AttackRow, "disputes": DisputeRow, "contacts": ContactRow, "measures": MeasureRow,
             "shocks": ShockRow, "tempo": TempoRow, "observations": ObservationRow}


def _file_model(row_type: type[Row]) -> type[Strict]:
    class RecordFile(Strict):
        rows: list[row_type] = Field(default_factory=list)
    RecordFile.__name__ = f"{row_type.__name__}File"
    return RecordFile


FILE_MODELS = {name: _file_model(t) for name, t in ROW_TYPES.items()}


class Record(Strict):
    """Every file of a record folder, read and checked (a missing file is an empty table)."""

    folder: str
    attacks: list[AttackRow] = Field(default_factory=list)
    disputes: list[DisputeRow] = Field(default_factory=list)
    contacts: list[ContactRow] = Field(default_factory=list)
    measures: list[MeasureRow] = Field(default_factory=list)
    shocks: list[ShockRow] = Field(default_factory=list)
    tempo: list[TempoRow] = Field(default_factory=list)
    observations: list[ObservationRow] = Field(default_factory=list)

    def rows(self):
        """(file name, row) of every row, file by file."""
        for name in FILES:
            for row in getattr(self, name):
                yield name, row


def read_record(folder: str | Path, positions: dict | None = None) -> Record:
    """Read every file of a record folder; every problem is a ScenarioError at file:line:column. ``positions``,
    when given, receives each file's positions (file name -> {key path: Where}), for later checks."""
    folder = Path(folder)
    tables = {}
    for name in FILES:
        path = folder / f"{name}.yaml"
        if path.is_file():
            table, _, where = read_validated(path, FILE_MODELS[name], "record")
            tables[name] = table.rows
            if positions is not None:
                positions[name] = where
    return Record(folder=str(folder), **tables)
