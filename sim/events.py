"""Scripted events: what a scenario imposes from outside the model on a given day (MODEL.md s.5, step 1).

Each event type is a small schema class with a ``type`` tag; :func:`apply_event` carries it out on a model.
Events are for what the model does not decide itself (a strike that started the crisis, a visit abroad,
a change of policy): what should emerge from the rules must not be scripted.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import Field

from sim.ladder import MAX_LEVEL
from sim.spec import Side, Strict


class _Event(Strict):
    day: int = Field(ge=0, description="day of the run on which the event happens (0 = first day)")
    note: str = Field("", description="free text: what this event stands for, and its source")


class StrikeEvent(_Event):
    """An act by a state at a given rung in a given province (e.g. the 9 Oct 2025 strikes on Kabul)."""

    type: Literal["strike"]
    actor: Side = Field(description="the side that acts")
    level: int = Field(5, ge=3, le=MAX_LEVEL, description="rung of the act (3 skirmish .. 7 open war)")
    province: str = Field(description="province where the act lands")
    acknowledged: bool | None = Field(None, description="whether the actor owns it; null = the actor's policy")


class TTPAttackEvent(_Event):
    """A TTP attack inside Pakistan with given casualties (e.g. Mir Ali, 17 Oct 2025)."""

    type: Literal["ttp_attack"]
    province: str = Field(description="province attacked")
    pakistan_military: int = Field(0, ge=0, description="soldiers killed")
    pakistan_civilian: int = Field(0, ge=0, description="civilians killed")
    ttp: int = Field(0, ge=0, description="attackers killed")


class ClosureEvent(_Event):
    """A side closes crossings (partially or fully)."""

    type: Literal["closure"]
    actor: Side = Field(description="the side that closes")
    crossings: list[str] | Literal["all"] = Field("all", description="crossing names, or all that carry trade")
    status: Literal["partial", "closed"] = Field("closed", description="partial (half its trade lost, MODEL.md) or closed")


class ReopeningEvent(_Event):
    """A side lifts its closure of crossings (to partial or fully open)."""

    type: Literal["reopening"]
    actor: Side = Field(description="the side that lifts its closure")
    crossings: list[str] | Literal["all"] = Field("all", description="crossing names, or all")
    status: Literal["open", "partial"] = Field("open", description="open, or partial (half its trade lost)")


class DiplomaticVisitEvent(_Event):
    """A visit abroad that shifts threat perception (e.g. the Afghan FM in New Delhi, Oct 2025)."""

    type: Literal["diplomatic_visit"]
    actor: Side = Field(description="the side whose official travels")
    partner: str = Field(description="the country visited")
    grievance: dict[Side, float] = Field(default_factory=dict, description="grievance added to each side")


class MediatorCallEvent(_Event):
    """A mediator engages now, whatever the level (a scripted call for restraint)."""

    type: Literal["mediator_call"]
    mediator: str = Field(description="key of a mediator of the scenario")


class CeasefireEvent(_Event):
    """A ceasefire imposed from outside the model."""

    type: Literal["ceasefire"]
    days: int = Field(14, ge=1, description="how long it lasts unless breached")
    monitoring: float = Field(0.0, ge=0.0, le=1.0, description="share of breach attempts deterred")


class TTPSurgeEvent(_Event):
    """TTP attack tempo multiplied by ``factor`` for ``days`` days."""

    type: Literal["ttp_surge"]
    factor: float = Field(2.0, ge=0.0, le=20.0, description="multiplier on every cell's attack probability")
    days: int = Field(30, ge=1, description="how long the surge lasts")


class PolicyChangeEvent(_Event):
    """A side changes its own parameters (any field of its actor block, rule included)."""

    type: Literal["policy_change"]
    actor: Side = Field(description="the side whose policy changes")
    set: dict[str, Any] = Field(description="actor fields and their new values")


Event = Annotated[
    Union[
        StrikeEvent,
        TTPAttackEvent,
        ClosureEvent,
        ReopeningEvent,
        DiplomaticVisitEvent,
        MediatorCallEvent,
        CeasefireEvent,
        TTPSurgeEvent,
        PolicyChangeEvent,
    ],
    Field(discriminator="type"),
]

EVENT_TYPES = (
    "strike",
    "ttp_attack",
    "closure",
    "reopening",
    "diplomatic_visit",
    "mediator_call",
    "ceasefire",
    "ttp_surge",
    "policy_change",
)


# --- carrying events out ------------------------------------------------------------------------

def apply_event(model, ev) -> None:
    """Carry out one scripted event on ``model`` (called in step 1 of the day)."""
    _APPLY[ev.type](model, ev)


def _strike(model, ev: StrikeEvent) -> None:
    actor = model.actor(ev.actor)
    act = actor.carry_out(ev.level, province=ev.province, acknowledged=ev.acknowledged)
    if ev.acknowledged is not None:  # carry_out reads the flag only for strikes and raids; a scripted one always holds
        act.acknowledged = ev.acknowledged
    act.detail = ev.note or "scripted"
    model.log(act)
    actor.acted_today = max(actor.acted_today, ev.level)


def _ttp_attack(model, ev: TTPAttackEvent) -> None:
    from sim.acts import Act

    prov = model.geography.provinces[ev.province]
    act = Act(model.day, "ttp", "ttp_attack", 0, province=prov.name, target="security forces", row=prov.row,
              detail=ev.note or "scripted")
    act.add("pakistan_military", ev.pakistan_military)
    act.add("pakistan_civilian", ev.pakistan_civilian)
    act.add("ttp", ev.ttp)
    model.ttp_attacks_today.append(act)
    model.log(act)


def _closure(model, ev: ClosureEvent) -> None:
    from sim.crossings import close

    names = None if ev.crossings == "all" else set(ev.crossings)
    changed = close(model.geography.crossings, ev.actor, 2 if ev.status == "closed" else 1, names)
    model.calm_days = 0  # a closure (rung 2) breaks the calm: the reopening clocks start again from today
    model.log_note(ev.actor, "crossing_closure", ", ".join(changed), ev.note)


def _reopening(model, ev: ReopeningEvent) -> None:
    from sim.crossings import reopen

    names = None if ev.crossings == "all" else set(ev.crossings)
    changed = reopen(model.geography.crossings, ev.actor, 0 if ev.status == "open" else 1, names)
    model.log_note(ev.actor, "crossing_reopening", ", ".join(changed), ev.note)


def _visit(model, ev: DiplomaticVisitEvent) -> None:
    for side, added in ev.grievance.items():
        model.actor(side).grievance += added
    model.log_note(ev.actor, "diplomatic_visit", ev.partner, ev.note)


def _mediator_call(model, ev: MediatorCallEvent) -> None:
    mediator = model.mediators[ev.mediator]
    if mediator.spec.active:
        mediator.engage(ev.note or f"{mediator.name} calls for restraint (scripted)", before_decisions=True)
        model.flush(mediator)


def _ceasefire(model, ev: CeasefireEvent) -> None:
    model.begin_ceasefire(ev.days, ev.monitoring, "scenario")
    model.log_note("scenario", "ceasefire", f"{ev.days} days", ev.note)


def _surge(model, ev: TTPSurgeEvent) -> None:
    model.surges.append((model.day + ev.days, ev.factor))
    model.ttp_surge *= ev.factor  # today's tempo was set at the start of the day: the surge counts from today
    model.log_note("ttp", "ttp_surge", f"x{ev.factor} for {ev.days} days", ev.note)


def _policy(model, ev: PolicyChangeEvent) -> None:
    model.actor(ev.actor).set_policy(ev.set)
    model.log_note(ev.actor, "policy_change", ", ".join(f"{k}={v}" for k, v in ev.set.items()), ev.note)


_APPLY = {
    "strike": _strike,
    "ttp_attack": _ttp_attack,
    "closure": _closure,
    "reopening": _reopening,
    "diplomatic_visit": _visit,
    "mediator_call": _mediator_call,
    "ceasefire": _ceasefire,
    "ttp_surge": _surge,
    "policy_change": _policy,
}
