"""A side's forces in one border province: they answer fire received in their own sector (docs/ODD.md, 7.9a).

Fire that lands in the province (an act of the other side at rung 3 or 4) goes into the force's inbox as
it is logged. In the border-fire phase of step 4 every force decides at once from its inbox (fire of
``answer_delay_days`` days ago or earlier, logged before the phase), with its own local rule (any
registered rule, capped at ``max_level``, 4 at most: posts do not strike). The answers are then carried out
in a fixed order, at the province the fire came from; fire they draw lands in the other side's inboxes, to
be answered in a later phase. A force holds fire when its capital orders it to: under a national ceasefire,
under a local ceasefire in its sector (docs/ODD.md, 7.5a), or when the capital's own ``max_level`` is below
skirmish. So exchanges stay local: fire in Kurram is not fire at Chaman.
"""

from __future__ import annotations

from dataclasses import dataclass

from mesa.discrete_space import CellAgent

from sim.acts import Act
from sim.agents.lazy_stream import LazyStream
from sim.rules import Observation, make_rule
from sim.submodels.ladder import Level


@dataclass(frozen=True, slots=True)
class Fire:
    """Fire received: the day it landed, its rung, and the other side's province it came from."""

    day: int
    level: int
    origin: str | None


class BorderForce(CellAgent):
    own_rng = LazyStream()  # its own generator, made when it first draws

    def __init__(self, model, state, spec, stream_key, province):
        super().__init__(model)
        self.state = state  # its capital: PakistanState or TalibanAdministration
        self.side = state.side
        self.spec = spec
        self.rule = make_rule(spec.rule)
        self.stream_key = stream_key
        self.index = -1  # its place in model.border_forces, set when all are built
        self.province = province
        self.cell = province.cell
        self.inbox: list[Fire] = []
        self.level = 0  # the rung it last answered with (0: it did not answer yesterday)
        self.intended: int | None = None
        self.answering: Fire | None = None

    @property
    def key(self) -> tuple[str, str]:
        return self.side.key, self.province.name

    def receive(self, act: Act) -> None:
        self.inbox.append(Fire(act.day, act.level, act.origin))
        self.model.alerted_forces.add(self.index)

    def holds_fire(self) -> bool:
        m = self.model
        return (m.ceasefire.active or m.local_channel.holds(self.province.name, m.day)
                or self.state.spec.max_level < Level.SKIRMISH)

    # --- step 4, border fire: simultaneous (reads its own inbox as it was before the phase; 3.2) ----
    def decide_fire(self) -> None:
        day = self.model.day
        if not self.inbox:  # most days: no fire received, nothing to answer
            self.intended, self.answering, self.level = None, None, 0
            if self.model.world.disputes:
                self._dispute_fire(day)
            return
        cutoff = day - self.spec.answer_delay_days
        due = [f for f in self.inbox if f.day <= cutoff]
        self.inbox = [f for f in self.inbox if f.day > cutoff]
        self.intended, self.answering = None, None
        if not due or self.holds_fire():
            self.level = 0
            return
        worst = max(due, key=lambda f: f.level)
        obs = Observation(received=worst.level, grievance=self.state.felt_grievance, level=self.level, day=day)
        proposal = self.rule.decide(obs, self.own_rng)
        if proposal is not None and proposal >= Level.SKIRMISH:
            self.intended = min(proposal, self.spec.max_level, self.state.spec.max_level)
            self.answering = worst
        self.level = self.intended or 0

    def _dispute_fire(self, day: int) -> None:
        """A live dispute at the line in its sector (a record's row): it opens fire, a skirmish, with the forcing's
        daily probability (sim/record_events.py)."""
        live = self.model.world.disputes.get(self.key)
        if live is None or live[0] < day or self.holds_fire():
            return
        if self.own_rng.random() < self.model.config.forcing.dispute.fire_per_day:
            self.intended = min(int(Level.SKIRMISH), self.spec.max_level, self.state.spec.max_level)
            self.answering, self.level = Fire(day, 0, live[1]), self.intended

    def fire(self) -> Act:
        """Answer at the province the fire came from (or the one facing this post), in kind."""
        m = self.model
        act = Act(m.day, self.side.key, self.state.act_name(self.intended), self.intended, row=self.province.row,
                  origin=self.province.name, detail=f"border force in {self.province.name} returns fire")
        world = m.world
        target = self.answering.origin or world.facing(self.province)[0].name  # origin: a province's name or None
        self.state.exchange_fire(act, self.intended, target, self.province.row, rng=self.own_rng)
        world.record_civilian_harm(act, self.side.other.group("civilian"))
        self.state.acted_today = max(self.state.acted_today, self.intended)
        return act


def border_forces_of(model, states) -> list[BorderForce]:
    """One force per border province (by name) of each state whose scenario gives it border forces."""
    return [BorderForce(model, state, state.spec.border_force, f"border:{state.side.key}:{p.name}", p)
            for state in states if state.spec.border_force is not None
            for p in sorted(model.world.of_side(state.side.country, state.side.border_column), key=lambda p: p.name)]
