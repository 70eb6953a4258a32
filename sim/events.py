"""Scripted events: what a scenario imposes from outside the model on a given day (docs/ODD.md, 7.12; step 1).

Each event kind is a small schema class registered under its ``type`` tag, with its effect beside its
fields (``apply``), as the rules are. Events are for what the model does not decide itself (a strike that
started the crisis, a visit abroad, a change of policy): what should emerge from the rules must not be
scripted.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import Field

from sim.acts import Act
from sim.event_kind import EVENTS, ScriptedEvent, register  # noqa: F401  (re-exported: the kinds' base)
from sim.scenario.limits import MAX_KILLED_PER_ACT
from sim.sides import SideKey
from sim.submodels import crossings as xings
from sim.submodels.crossings import CrossingStatus
from sim.submodels.ladder import MAX_LEVEL

def _names(crossings) -> set[str] | None:
    return None if crossings == "all" else set(crossings)


@register
class StrikeEvent(ScriptedEvent):
    """An act by a state at a given rung in a given province (e.g. the 9 Oct 2025 strikes on Kabul)."""

    type: Literal["strike"]
    actor: SideKey = Field(description="the side that acts")
    level: int = Field(5, ge=3, le=MAX_LEVEL, description="rung of the act (3 skirmish .. 7 open war)")
    province: str = Field(description="province where the act lands")
    acknowledged: bool | None = Field(None, description="whether the actor owns it; null = the actor's policy")

    def apply(self, model) -> None:
        actor = model.actor(self.actor)
        owned = actor.owns_by_policy() if self.acknowledged is None else self.acknowledged  # not a share's draw (7.10)
        act = actor.carry_out(self.level, province=self.province, acknowledged=owned)
        if self.acknowledged is not None:  # carry_out reads the flag only for strikes and raids; a scripted one holds
            act.acknowledged = self.acknowledged
        act.detail = self.note or "scripted"
        model.log.record(act)
        actor.acted_today = max(actor.acted_today, self.level)


@register
class TTPAttackEvent(ScriptedEvent):
    """A TTP attack inside Pakistan with given casualties (e.g. Mir Ali, 17 Oct 2025)."""

    type: Literal["ttp_attack"]
    province: str = Field(description="province attacked")
    pakistan_military: int = Field(0, ge=0, le=MAX_KILLED_PER_ACT, description="soldiers killed")
    pakistan_civilian: int = Field(0, ge=0, le=MAX_KILLED_PER_ACT, description="civilians killed")
    ttp: int = Field(0, ge=0, le=MAX_KILLED_PER_ACT, description="attackers killed")

    def apply(self, model) -> None:
        prov = model.world.provinces[self.province]
        act = Act(model.day, "ttp", "ttp_attack", 0, provinces=(prov.name,), target="security forces", row=prov.row,
                  detail=self.note or "scripted")
        for group in ("pakistan_military", "pakistan_civilian", "ttp"):
            act.add(group, getattr(self, group))
        model.log.record_ttp_attack(act)


@register
class ClosureEvent(ScriptedEvent):
    """A side closes crossings (partially or fully)."""

    type: Literal["closure"]
    actor: SideKey = Field(description="the side that closes")
    crossings: list[str] | Literal["all"] = Field("all", description="crossing names, or all that carry trade")
    status: Literal["partial", "closed"] = Field("closed", description="partial (half its trade lost) or closed")
    political: bool = Field(False, description="a political closure: a reopening hazard lifts it fully only once the "
                                               "side's demand is met (7.11)")

    def apply(self, model) -> None:
        changed = xings.close(model.world.crossings, self.actor, CrossingStatus.named(self.status), _names(self.crossings),
                              day=model.day, political=self.political)
        model.world.calm_days = 0  # a closure (rung 2) breaks the calm: the reopening clocks start again today
        model.log.closure(model.day, self.actor, changed, self.note)


@register
class ReopeningEvent(ScriptedEvent):
    """A side lifts its closure of crossings (to partial or fully open)."""

    type: Literal["reopening"]
    actor: SideKey = Field(description="the side that lifts its closure")
    crossings: list[str] | Literal["all"] = Field("all", description="crossing names, or all")
    status: Literal["open", "partial"] = Field("open", description="open, or partial (half its trade lost)")

    def apply(self, model) -> None:
        changed = xings.reopen(model.world.crossings, self.actor, CrossingStatus.named(self.status), _names(self.crossings))
        model.log.note(model.day, self.actor, "crossing_reopening", ", ".join(changed), self.note)


@register
class DiplomaticVisitEvent(ScriptedEvent):
    """A visit abroad that shifts threat perception (e.g. the Afghan FM in New Delhi, Oct 2025)."""

    type: Literal["diplomatic_visit"]
    actor: SideKey = Field(description="the side whose official travels")
    partner: str = Field(description="the country visited")
    grievance: dict[SideKey, float] = Field(default_factory=dict, description="grievance added to each side")

    def apply(self, model) -> None:
        for side, added in self.grievance.items():
            model.actor(side).grievance += added
        model.log.note(model.day, self.actor, "diplomatic_visit", self.partner, self.note)


@register
class MediatorCallEvent(ScriptedEvent):
    """A mediator engages now, whatever the level (a scripted call for restraint)."""

    type: Literal["mediator_call"]
    mediator: str = Field(description="key of a mediator of the scenario")

    def apply(self, model) -> None:
        mediator = model.mediator(self.mediator)
        if mediator.spec.active:
            mediator.engage(self.note or f"{mediator.name} calls for restraint (scripted)", before_decisions=True)
            mediator.flush()


@register
class CeasefireEvent(ScriptedEvent):
    """A ceasefire imposed from outside the model."""

    type: Literal["ceasefire"]
    days: int = Field(14, ge=1, description="how long it lasts unless breached")
    monitoring: float = Field(0.0, ge=0.0, le=1.0, description="share of breach attempts deterred")

    def apply(self, model) -> None:
        model.begin_ceasefire(self.days, self.monitoring, "scenario")
        model.log.note(model.day, "scenario", "ceasefire", f"{self.days} days", self.note)


@register
class TTPSurgeEvent(ScriptedEvent):
    """TTP attack tempo multiplied by ``factor`` for ``days`` days."""

    type: Literal["ttp_surge"]
    factor: float = Field(2.0, ge=0.0, le=20.0, description="multiplier on every cell's attack probability")
    days: int = Field(30, ge=1, description="how long the surge lasts")

    def apply(self, model) -> None:
        model.world.add_surge(model.day, self.days, self.factor)
        model.log.note(model.day, "ttp", "ttp_surge", f"x{self.factor} for {self.days} days", self.note)


@register
class PolicyChangeEvent(ScriptedEvent):
    """A side changes its own parameters (any field of its actor block, rule included)."""

    type: Literal["policy_change"]
    actor: SideKey = Field(description="the side whose policy changes")
    set: dict[str, Any] = Field(description="actor fields and their new values")

    def apply(self, model) -> None:
        model.actor(self.actor).set_policy(self.set)
        model.log.note(model.day, self.actor, "policy_change", ", ".join(f"{k}={v}" for k, v in self.set.items()),
                       self.note)


from sim import record_events  # noqa: E402,F401  the record's kinds (militant attacks, disputes, ...) register here

Event = Annotated[Union[tuple(EVENTS.values())], Field(discriminator="type")]
EVENT_TYPES = tuple(EVENTS)


def apply_event(model, ev: ScriptedEvent) -> None:
    """Carry out one scripted event on ``model`` (step 1 of the day)."""
    ev.apply(model)
