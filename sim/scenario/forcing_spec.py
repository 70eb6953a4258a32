"""Schema of a scenario's ``forcing`` block: the record it is forced by, and how much each kind of row weighs.

``record`` names a record folder (:mod:`sim.scenario.history_record`), relative to the scenario file; loading
the scenario turns its rows, from ``start_date`` on, into ``events`` of this block (:mod:`sim.scenario.forcing`),
which the run carries out beside the scenario's own events. The weights are read when an event happens
(:mod:`sim.record_events`), so a calibration can fit them; every default is an assumption (docs/history.md).
"""

from __future__ import annotations

from pydantic import Field

from sim.events import Event
from sim.scenario.strict import Strict


class DisputeEffect(Strict):
    grievance: float = Field(4.0, ge=0.0, description="grievance the objecting side takes (a day of shelling: 8)")
    fire_per_day: float = Field(0.3, ge=0.0, le=1.0,
                                description="daily chance that its border force in the sector opens fire")
    days: int = Field(3, ge=1, le=60, description="days the dispute stays live")


class MeasureGrievance(Strict):
    """Grievance the other side takes from a measure of each kind."""

    deportation: float = Field(4.0, ge=0.0, description="a deportation drive or its deadline")
    documents: float = Field(2.0, ge=0.0, description="a passport, visa or crossing-document rule")
    trade: float = Field(2.0, ge=0.0, description="a trade measure (tariffs, bans, fees)")
    transit: float = Field(2.0, ge=0.0, description="a transit measure (fees, guarantees, banned items)")


class ForcingSpec(Strict):
    record: str | None = Field(None, description="the record folder, relative to the scenario file (docs/history.md)")
    contact_grievance_relief: float = Field(
        0.2, ge=0.0, le=1.0, description="share of each side's grievance a visit, call or meeting removes")
    measure_grievance: MeasureGrievance = Field(
        default_factory=MeasureGrievance, description="grievance the other side takes from a measure, by kind")
    dispute: DisputeEffect = Field(default_factory=DisputeEffect,
                                   description="what a dispute at the line does: grievance, border fire, days")
    regional_war_fatigue: float = Field(
        0.5, ge=0.0, le=1.0, description="fatigue at least, of a mediator a war elsewhere takes the attention of")
    major_attacks_from_record: bool = Field(
        True, description="the record lists every major attack (sim/decisions/major_attack.py), so the cells' routine "
                          "attacks are kept below that threshold (docs/ODD.md 7.8)")
    events: list[Event] = Field(default_factory=list, description="the record's rows as events (made on loading)")
