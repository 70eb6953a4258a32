"""The Mesa model: build the world from a scenario and run one day in the order of docs/ODD.md, section 3.1.

``EscalationModel(scenario, rng=None)`` takes a scenario path, a loaded :class:`~sim.scenario.schema.Scenario`
or a plain dict. Every agent draws from its own generator, seeded from the model's generator and the
agent's stable name, and decisions within a day read only the start-of-day world: so the order in which
Mesa shuffles agents never changes a result, and a run is a pure function of (scenario, seed) (3.2).
"""

from __future__ import annotations

import zlib
from collections import defaultdict

import numpy as np
from mesa import Model

from sim.agents import Mediator, PakistanState, TalibanAdministration, TTPCell
from sim.agents.border_force import border_forces_of
from sim.agents.ttp import ttp_tempo
from sim.log import EventLog
from sim.player import Choice, PlayedSide
from sim.record import DailyCollector, run_summary
from sim.scenario.loading import as_scenario, resolve_geography
from sim.scenario.values import drawn_from_posterior, with_values
from sim.sides import side
from sim.submodels import crossing_day
from sim.submodels.ceasefire import Ceasefire
from sim.submodels.ladder import Level
from sim.submodels.local_channel import LocalChannel
from sim.world import World


def activate(agents, method: str) -> None:
    """Call ``method`` on each of ``agents`` (a tuple) in its fixed order.

    Within a phase each agent reads only the start-of-phase world and writes only its own state (3.2), so no
    order can change a result; a fixed order spares Mesa's per-call ``shuffle_do`` (docs/performance.md).
    Tests replace this function to call the agents in other orders and check that nothing changes.
    """
    for agent in agents:
        getattr(agent, method)()


class EscalationModel(Model):
    """One run of the border crisis. ``model.config`` is the scenario (Mesa's own ``scenario`` is left alone)."""

    def __init__(self, scenario, rng=None, *, days: int | None = None):
        config = as_scenario(scenario)
        rng = config.seed if rng is None else rng
        super().__init__(rng=rng)
        self.seed = int(rng) if isinstance(rng, (int, np.integer)) else None
        self.day = -1  # today: 0 on the first day, -1 before it (steps - 1, set as each day begins)
        self._root = int(self.rng.integers(2**63))
        self._fork_path: tuple[int, ...] = ()  # the keys of the forks this run went through (sim/checkpoint.py)
        self._streams: dict[str, np.random.Generator] = {}  # every agent stream made, by its key
        self.ttp_tempo = None  # the day's common factors of the TTP cells' decisions, during step 2 only
        self.posterior_sample: int | None = None  # the row of the scenario's posterior this run drew (4.9)
        if config.posterior is not None and config.posterior.samples:
            self.posterior_sample, config = drawn_from_posterior(config, self.stream("posterior"))
        self.config = config
        self.horizon = days if days is not None else config.days
        self.world = World(resolve_geography(config), random=self.random)
        self.log = EventLog(self.world)
        self.ceasefire = Ceasefire()
        self.pakistan = PakistanState(self, config.actors.pakistan, self.stream("pakistan"))
        self.taliban = TalibanAdministration(self, config.actors.taliban, self.stream("taliban"))
        # Each kind of agent as a tuple in its fixed order (no agent leaves a run); Mesa's AgentSets of them
        # are model.agents_by_type.
        self.states = (self.pakistan, self.taliban)
        self.ttp_cells = tuple(TTPCell(self, s, self.stream("ttp:" + s.name), self.world.provinces[s.province])
                               for s in sorted(config.ttp.cells, key=lambda c: c.name))
        self.world.ttp_cells = self.ttp_cells
        self.border_forces = tuple(border_forces_of(self, self.states))
        for i, force in enumerate(self.border_forces):
            force.index = i
        self.alerted_forces: set[int] = set()  # forces with fire in their inbox or an answer of yesterday (7.9a)
        self.world.border_forces = {f.key: f for f in self.border_forces}
        self.local_channel = LocalChannel(config.local_channel, self.stream("local_channel"))
        self._reopening_rngs = {s.side.key: self.stream("reopening:" + s.side.key) for s in self.states}
        self.mediators = tuple(Mediator(self, k, s, "mediator:" + k) for k, s in sorted(config.mediators.items()))
        self.script = defaultdict(list)  # day -> the scripted events of that day (7.12)
        for ev in config.events + (config.forcing.events if config.forcing else []):
            self.script[ev.day].append(ev)
        self.player: PlayedSide | None = None  # a side played by a person (sim/player.py)
        self.datacollector = DailyCollector(self.world.crossings)

    def stream(self, key: str) -> np.random.Generator:
        """An agent's own generator: a function of the run's seed and the agent's name only (4.9), and of the
        forks the run went through (:meth:`fork`)."""
        rng = self._streams[key] = np.random.default_rng(self._seed_of(key))
        return rng

    def _seed_of(self, key: str):
        entropy = [self._root, zlib.crc32(key.encode())]
        return np.random.SeedSequence(entropy, spawn_key=self._fork_path) if self._fork_path else entropy

    def fork(self, key: int | tuple[int, ...]) -> None:
        """From now on every agent draws from a fresh stream of (seed, agent name, the keys of every fork so
        far): copies of one run forked with different keys diverge, and the same key gives the same future
        (docs/history.md). Streams are reseeded in place, so every holder of one sees the new draws."""
        self._fork_path = (*self._fork_path, *(int(k) for k in np.atleast_1d(key)))
        for name, rng in self._streams.items():
            rng.bit_generator.state = np.random.default_rng(self._seed_of(name)).bit_generator.state

    # --- what everyone may read -------------------------------------------------------------------

    @property
    def level_max(self) -> int:
        return max(self.pakistan.level, self.taliban.level)

    @property
    def visible_level(self) -> int:
        """What outsiders see today: the highest rung a state owned (an unacknowledged strike is not seen; 7.6)."""
        return self.log.highest_owned(self.day)

    def actor(self, key: str):
        return self.pakistan if side(key).key == "pakistan" else self.taliban

    def mediator(self, key: str) -> Mediator:
        return next(m for m in self.mediators if m.key == key)

    # --- one day (docs/ODD.md, 3.1) ---------------------------------------------------------------
    def step(self) -> None:
        self.day = self.steps - 1
        self._start_day()
        for ev in self.script.get(self.day, ()):  # 1. scripted events
            ev.apply(self)
        self._ttp_attacks()  # 2. TTP cells attack
        activate(self.states, "perceive")  # 3. states perceive yesterday
        activate(self.states, "decide")  # 4. states decide, simultaneously ...
        self._resolve_decisions()  # ... and act, in a fixed order
        self._mediate()  # 5. mediators
        self._crossings_and_trade()  # 6. crossings and trade
        for state in self.states:  # crises end and lessons are drawn (4.5): Pakistan first, a fixed order, as
            state.learn()          # each may log its lesson
        activate(self.ttp_cells, "grow_and_move")  # 7. TTP recruits and relocates; posts are rebuilt
        self.world.fade_and_rebuild()
        self.datacollector.collect(self)  # 8. record the day
        if self.day + 1 >= self.horizon:
            self.running = False

    def _start_day(self) -> None:
        self.world.start_day(self.day)
        self.log.start_day()
        if self.ceasefire.expire_if_due(self.day):
            self.log.note(self.day, "scenario", "ceasefire_expired", self.ceasefire.broker,
                          f"the ceasefire brokered by {self.ceasefire.broker} runs out")

    def _ttp_attacks(self) -> None:
        self.ttp_tempo = ttp_tempo(self)  # read by every cell's decision (step 2 changes none of it)
        activate(self.ttp_cells, "decide_attack")
        self.ttp_tempo = None  # a decision outside step 2 (a test's) computes its own
        for cell in self.ttp_cells:  # sorted by name: a fixed order
            if cell.attacking:
                self.log.record_ttp_attack(cell.carry_out_attack())

    def _resolve_decisions(self) -> None:
        for actor in self.states:  # Pakistan, then the Taliban: a fixed order (3.2)
            if actor.breached and self.ceasefire.active:
                self.ceasefire.breach()
                self.log.note(self.day, actor.side.key, "ceasefire_breach", self.ceasefire.broker)
                for mediator in self.mediators:  # its broker loses standing with the side that kept it (7.6a)
                    if mediator.name == self.ceasefire.broker:
                        mediator.ceasefire_broken(actor.side.key)
        for actor in self.states:
            if actor.intended is not None and actor.intended >= Level.RHETORIC:
                self.log.record(actor.carry_out(actor.intended))
        self._border_fire()
        if self.player is not None:
            self.player.set_crossings()
        for actor in self.states:
            actor.settle_posture()

    def _border_fire(self) -> None:
        """Border forces answer fire in their sectors (7.9a). Only a force with fire in its inbox, or with an
        answer of yesterday to fall back from, has anything to decide; the others are not called, which
        changes nothing (docs/performance.md)."""
        if self.world.disputes:  # a dispute at the line alerts the objector's force in its sector (7.9a)
            self.alerted_forces.update(self.world.border_forces[k].index for k in self.world.live_disputes(self.day)
                                       if k in self.world.border_forces)
        if not self.alerted_forces:  # most days: no force has anything to decide
            return
        forces = self.border_forces
        awake = tuple(forces[i] for i in sorted(self.alerted_forces))  # sorted by side, then province
        activate(awake, "decide_fire")
        self.alerted_forces = {f.index for f in awake if f.inbox or f.intended is not None}
        for force in awake:  # a fixed order; the fire they draw alerts the other side's forces
            if force.intended is not None:
                self.log.record(force.fire())

    def _mediate(self) -> None:
        if self.local_channel.spec is not None:
            self.local_channel.meet(self.day, self.log, self.world.crossings, [a.side.key for a in self._unplayed()])
        activate(self.mediators, "mediate")
        for mediator in self.mediators:  # sorted by key: a fixed order
            if mediator.wants_talks and not self.ceasefire.active and mediator.host_talks():
                self.begin_ceasefire(mediator.spec.ceasefire_days, mediator.spec.monitoring, mediator.name)
                mediator.announce_ceasefire()
            if mediator.outbox:
                mediator.flush()
        if self.player is not None:
            self.player.request_talks()

    def begin_ceasefire(self, days: int, monitoring: float, broker: str) -> None:
        """Both sides stand down to rhetoric at once, and stay capped there until a breach or the end (7.5)."""
        self.ceasefire.begin(self.day, days, monitoring, broker)
        for actor in self.states:
            actor.level = min(actor.level, int(Level.RHETORIC))

    def _crossings_and_trade(self) -> None:
        """Step 6 (7.11): closures after attacks and reopenings; a played side sets its own."""
        others = {a.side.key: self.log.of(a.side.other.key, self.day) for a in self.states}
        crossing_day.settle(self.world, self.log, self._unplayed(), others, self.ceasefire.active,
                            self.level_max <= Level.RHETORIC, self.day, self._reopening_rngs,
                            crossing_day.demands_met(self.pakistan.spec, self.taliban.spec))

    def _unplayed(self) -> list:
        return [a for a in self.states if self.player is None or not self.player.plays(a.side.key)]

    # --- running ----------------------------------------------------------------------------------
    def run(self) -> EscalationModel:
        while self.running:
            self.step()
        return self

    def summary(self) -> dict:
        return run_summary(self)

    def set_parameters(self, values: dict) -> None:
        """Move the run's parameters (dotted scenario fields) from today on: a particle filter's jitter
        (docs/history.md). The scenario is rebuilt and validated; every agent takes its new spec, and a rule
        keeps its memory with its new parameters."""
        config = with_values(self.config, values)
        self.config = config
        for state in self.states:
            state.spec = getattr(config.actors, state.side.key)
            state.rule.params = state.spec.rule
        for mediator in self.mediators:
            mediator.spec = config.mediators[mediator.key]
        self.local_channel.spec = config.local_channel

    def forget_before(self, day: int) -> None:
        """Drop the event log's acts and the daily rows of days before ``day``: what a particle filter does
        between windows to keep its particles small (docs/history.md). Nothing the model does later reads
        them; the summary afterwards covers the days kept (its tallies, the whole run)."""
        self.log.forget_before(day)
        self.datacollector.forget_before(day)

    def set_player(self, key: str) -> None:
        """From now on side ``key`` acts only as :meth:`play` says; the model plays everything else."""
        self.player = PlayedSide(self, key)

    def play(self, choice: Choice) -> None:
        """Run one day with the played side's ``choice``."""
        if self.player is None:
            raise RuntimeError("no side is played: call set_player('pakistan' or 'taliban') first")
        self.player.play(choice)


def run(scenario, seed: int | None = None, days: int | None = None) -> EscalationModel:
    """Run one seeded run to its horizon and return the model."""
    return EscalationModel(scenario, rng=seed, days=days).run()
