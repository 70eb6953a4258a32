"""A mediator (Qatar, Saudi Arabia, Iran, Turkiye, China ...): calls for restraint, hosts talks, brokers ceasefires.

Follows docs/ODD.md, section 7.6: engages when the highest level reaches ``engage_at`` (after
``engage_delay_days``), presses both sides for ``call_days`` (renewed while escalation persists), hosts
talks and offers a ceasefire once escalation has persisted ``talks_after_days``, and tires.
"""

from __future__ import annotations

import math

from mesa import Agent

from sim.acts import Act
from sim.agents.lazy_stream import LazyStream
from sim.submodels.ladder import Level
from sim.submodels.standing import Standing


def acceptance_probability(restraint: float, fighting_days: int, grievance: float, spec) -> float:
    """Logistic in the side's restraint and days of fighting (rising) and grievance (falling)."""
    z = spec.accept_base + spec.accept_per_pressure * restraint + spec.accept_per_fighting_day * fighting_days
    z -= spec.accept_per_grievance * grievance
    try:
        return 1.0 / (1.0 + math.exp(-z))
    except OverflowError:  # z below about -709: 1 / (1 + inf), i.e. 0, and every finite z computed as before
        return 0.0


class Mediator(Agent):
    own_rng = LazyStream()  # its own generator, made when it first draws (at its first talks)

    def __init__(self, model, key: str, spec, stream_key: str):
        super().__init__(model)
        self.key = key
        self.name = spec.display_name or key
        self.spec = spec
        self.stream_key = stream_key
        self.engaged = False
        self.trigger_day: int | None = None
        self.trigger_level = 0
        self.presses_until = -1
        self.fatigue = spec.initial_fatigue
        self.escalated_days = 0
        self.last_offer_day: int | None = None
        self.wants_talks = False
        self.outbox: list[Act] = []  # acts of today, logged by the model in a fixed order
        self.standing = Standing()  # with each side, carried across crises (7.6a)

    def pressure_on(self, side: str) -> float:
        if not self.engaged or self.model.day > self.presses_until:
            return 0.0
        standing = self.standing.with_side(side, self.model.day, self.model.config.mediator_standing)
        return self.spec.pressure * (1.0 - self.fatigue) * getattr(self.spec.leverage, side) * standing

    def ceasefire_broken(self, breacher: str) -> None:
        """Its ceasefire was breached by ``breacher``: the other side feels cheated (7.6a)."""
        cheated = "taliban" if breacher == "pakistan" else "pakistan"
        self.standing.broken(cheated, self.model.day, self.model.config.mediator_standing)

    def engage(self, reason: str, before_decisions: bool = False) -> None:
        """Call for restraint: it presses ``call_days`` days of decisions, from tomorrow's (a call made in
        step 5) or from today's (a scripted call, ``before_decisions``)."""
        m = self.model
        self.engaged = True
        self.presses_until = m.day + self.spec.call_days - (1 if before_decisions else 0)
        self.outbox.append(Act(m.day, self.key, "call_for_restraint", 0, detail=reason))

    # step 5: each mediator updates only itself; offers are resolved by the model in key order
    def mediate(self) -> None:
        m = self.model
        spec = self.spec
        self.wants_talks = False
        if not spec.active:
            return
        top = m.visible_level  # mediators react to the fighting they can see
        if not self.engaged:
            if self.fatigue >= 1.0:  # exhausted: it stepped back for good (its pressure would be 0 anyway)
                return
            if top >= spec.engage_at and self.trigger_day is None:
                self.trigger_day, self.trigger_level = m.day, top
            if self.trigger_day is not None and m.day >= self.trigger_day + spec.engage_delay_days:
                self.engage(f"{self.name} calls for restraint (after fighting at level {self.trigger_level})")
            return
        self.fatigue = min(1.0, self.fatigue + spec.fatigue_per_day)
        if top >= Level.SKIRMISH:
            self.escalated_days += 1
            self.presses_until = max(self.presses_until, m.day + spec.call_days)
        if self.fatigue >= 1.0:
            self.engaged = False
            self.outbox.append(Act(m.day, self.key, "withdraws", 0, detail=f"{self.name} steps back, exhausted"))
            return
        if m.day > self.presses_until and top <= Level.RHETORIC:
            self.engaged, self.trigger_day, self.escalated_days = False, None, 0
            return
        due = self.last_offer_day is None or m.day - self.last_offer_day >= spec.talks_interval_days
        if spec.talks_after_days is not None and self.escalated_days >= spec.talks_after_days and due and not m.ceasefire.active:
            self.wants_talks = True

    def host_talks(self) -> bool:
        """Offer a ceasefire; each side accepts on its own draw. Returns whether both accepted."""
        m = self.model
        self.last_offer_day = m.day
        cf = m.config.ceasefire
        accepted = [
            self.own_rng.random() < acceptance_probability(s.restraint, s.fighting_days, s.felt_grievance, cf)
            for s in (m.pakistan, m.taliban)
        ]
        if m.player is not None:  # a played side answers for itself (after the same draws)
            accepted = m.player.answer_talks(accepted)
        verdict = "both accept" if all(accepted) else ("Pakistan refuses" if not accepted[0] else "Kabul refuses")
        self.outbox.append(Act(m.day, self.key, "talks", 0, detail=f"{self.name} hosts talks: {verdict}"))
        if not all(accepted):  # failed rounds tire a mediator: fatigue carries to the next round (7.6)
            self.fatigue = min(1.0, self.fatigue + self.spec.fatigue_per_failed_talks)
        return all(accepted)

    def announce_ceasefire(self) -> None:
        spec = self.spec
        self.outbox.append(Act(self.model.day, self.key, "ceasefire", 0,
                               detail=f"{spec.ceasefire_days}-day ceasefire brokered by {self.name}"))

    def flush(self) -> None:
        """Record today's acts in the log (the model calls mediators in key order: a fixed order)."""
        for act in self.outbox:
            self.model.log.record(act)
        self.outbox.clear()
