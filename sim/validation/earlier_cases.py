"""The dyad's Afghan offensives before the record (record/before_2021/offensives.yaml): cases of Pakistan's
open-war decision (docs/ODD.md 7.3a) from the same two states' earlier disputes - an Afghan incursion in 1950 and
the Bajaur raids of 1960-61, each answered by Pakistan short of war (Gibler's MID narratives, LITERATURE.md s.2).

Why they enter the fit: the record since 2021 holds one offensive without a failed settlement (11 Oct 2025), which
leaves the decision's base rate where the prior puts it (docs/FINDINGS.md 10). The dyad's history is evidence on
that rate of the kind Senese & Vasquez (2005) describe - rivals with many disputes "ritualize" their fighting short
of war - but from other regimes in Kabul and Islamabad, so each earlier case weighs ``weight`` of a case of the
record (a power prior: Ibrahim & Chen 2000), an assumption stated where it is set (sim/validation/record_fits.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import Field

from sim.scenario.errors import read_validated
from sim.scenario.history_record import Period
from sim.scenario.strict import Strict
from sim.validation.record_cases import OffensiveCase

FILE = Path("before_2021") / "offensives.yaml"


class EarlierOffensive(Period):
    """A row as the record's own (a source, a note, an end no earlier than its start), with the case's facts."""

    end_date: dt.date = Field(description="the dispute's last day")
    what: str
    failed_settlement: bool = Field(description="a mediated ceasefire of the year before had been broken")
    open_war: bool = Field(description="Pakistan answered with declared open war")


class EarlierOffensives(Strict):
    rows: list[EarlierOffensive] = Field(default_factory=list)


def earlier_offensive_cases(record_folder: str | Path, weight: float) -> list[OffensiveCase]:
    """The earlier offensives of a record folder, each weighing ``weight``; none if the folder has no such file."""
    path = Path(record_folder) / FILE
    if not path.is_file():
        return []
    table, _, _ = read_validated(path, EarlierOffensives, "record")
    return [OffensiveCase(row.date, row.failed_settlement, row.open_war, weight) for row in table.rows]
