"""The event kinds a record forces a run with (docs/history.md; docs/ODD.md 7.12b): registered like every event.

Each is a fact of the record (a row of ``record/``, :mod:`sim.scenario.history_record`) on its day; how much it
weighs is a parameter of the scenario's ``forcing`` block (:mod:`sim.scenario.forcing_spec`), read when it
happens, so a calibration can fit it. None of them is an act of either state or a mediator's move.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sim.acts import Act
from sim.event_kind import ScriptedEvent, register
from sim.scenario.limits import MAX_KILLED_PER_ACT
from sim.sides import SideKey, side

MILITANT = "militant"  # the actor of an attack no one blamed on Afghanistan-based groups (Baloch separatists...)


@register
class MilitantAttackEvent(ScriptedEvent):
    """A major militant attack inside Pakistan (record/attacks.yaml). One blamed on Afghanistan-based groups is
    a TTP attack that Pakistan perceives and weighs (docs/ODD.md 7.1); another (Baloch separatists, no
    Afghanistan link) kills as recorded but is not laid at Kabul's door."""

    type: Literal["militant_attack"]
    province: str = Field(description="province attacked")
    pakistan_military: int = Field(0, ge=0, le=MAX_KILLED_PER_ACT, description="security forces killed")
    pakistan_civilian: int = Field(0, ge=0, le=MAX_KILLED_PER_ACT, description="civilians killed")
    ttp: int = Field(0, ge=0, le=MAX_KILLED_PER_ACT, description="attackers killed")
    claimed_by: str = Field("unclaimed", description="the group that claimed it")
    blamed: bool = Field(True, description="blamed by Pakistani officials on Afghanistan-based groups")

    def apply(self, model) -> None:
        prov = model.world.provinces[self.province]
        act = Act(model.day, "ttp" if self.blamed else MILITANT, "ttp_attack" if self.blamed else "militant_attack",
                  0, provinces=(prov.name,), target="security forces", row=prov.row,
                  detail=f"{self.claimed_by}: {self.note}" if self.note else self.claimed_by)
        for group in ("pakistan_military", "pakistan_civilian", "ttp"):
            act.add(group, getattr(self, group))
        if self.blamed:
            model.log.record_ttp_attack(act)
        else:
            model.log.record(act)


@register
class BorderDisputeEvent(ScriptedEvent):
    """A dispute over a post, fence or gate at the line (record/disputes.yaml): the objecting side takes the
    forcing's ``dispute.grievance``, and for ``dispute.days`` days its border force in that sector opens fire
    (a skirmish) with probability ``dispute.fire_per_day`` a day (docs/ODD.md 7.9a): whether a dispute becomes
    a clash is the model's."""

    type: Literal["border_dispute"]
    province: str = Field(description="border province where the dispute is (either side's)")
    objector: SideKey = Field(description="the side that objects to the other's construction")

    def apply(self, model) -> None:
        spec = model.config.forcing.dispute
        model.actor(self.objector).grievance += spec.grievance
        model.world.start_dispute(self.objector, self.province, model.day + spec.days)
        model.log.note(model.day, self.objector, "border_dispute", self.province, self.note)


@register
class DiplomaticContactEvent(ScriptedEvent):
    """A visit, call or meeting between the two governments (record/contacts.yaml): each side keeps
    1 - ``contact_grievance_relief`` of its grievance (talking lowers the temperature; assumption)."""

    type: Literal["diplomatic_contact"]
    kind: Literal["visit", "call", "meeting"] = Field("visit", description="a visit, a call, or a meeting hosted by a "
                                                                           "third party")
    host: str = Field("", description="pakistan, taliban or the third party that hosted it")

    def apply(self, model) -> None:
        keep = 1.0 - model.config.forcing.contact_grievance_relief
        for state in model.states:
            state.grievance *= keep
        model.log.note(model.day, "scenario", "diplomatic_contact", self.host, self.note)


@register
class PolicyMeasureEvent(ScriptedEvent):
    """A deportation drive, document rule, trade or transit measure (record/measures.yaml): the other side takes
    the forcing's ``measure_grievance`` of its kind."""

    type: Literal["policy_measure"]
    by: SideKey = Field(description="the side that takes the measure")
    kind: Literal["deportation", "documents", "trade", "transit"] = Field(description="what kind of measure")

    def apply(self, model) -> None:
        added = getattr(model.config.forcing.measure_grievance, self.kind)
        model.actor(side(self.by).other.key).grievance += added
        model.log.note(model.day, self.by, "policy_measure", self.kind, self.note)


@register
class OutsideShockEvent(ScriptedEvent):
    """An outside shock (record/shocks.yaml). A war that takes mediators' attention raises each named one's
    fatigue to at least the forcing's ``regional_war_fatigue``; other shocks are logged (docs/history.md says
    what the model leaves out)."""

    type: Literal["outside_shock"]
    kind: Literal["ttp_ceasefire", "disaster", "government", "regional_war", "other"] = Field(
        description="what kind of shock")
    mediators: list[str] = Field(default_factory=list, description="mediators whose attention it takes (a war "
                                                                   "elsewhere)")

    def apply(self, model) -> None:
        if self.kind == "regional_war":
            floor = model.config.forcing.regional_war_fatigue
            for mediator in model.mediators:
                if mediator.key in self.mediators:
                    mediator.fatigue = max(mediator.fatigue, floor)
        model.log.note(model.day, "scenario", "outside_shock", self.kind, self.note)
