"""The Mesa model: build the world from a scenario and run one day in the order of MODEL.md s.5.

``EscalationModel(scenario, rng=None)`` takes a scenario path, a loaded :class:`~sim.scenario.Scenario`
or a plain dict. Every agent draws from its own generator, seeded from the model's generator and the
agent's stable name, and decisions within a day read only the start-of-day world: so the order in which
Mesa shuffles agents never changes a result, and a run is a pure function of (scenario, seed).
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from pathlib import Path

import numpy as np
from mesa import Model
from mesa.agent import AgentSet

from sim import crossings as xings
from sim.acts import Act
from sim.agents import Mediator, PakistanState, TalibanAdministration, TTPCell
from sim.ceasefire import Ceasefire
from sim.events import apply_event
from sim.geography import Geography
from sim.ladder import Level
from sim.loading import load_scenario, resolve_geography, scenario_from_data
from sim.metrics import DailyCollector, summarize
from sim.player import Choice, check_side
from sim.scenario import Scenario


def as_scenario(scenario) -> Scenario:
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, dict):
        return scenario_from_data(scenario)
    if isinstance(scenario, (str, Path)):
        return load_scenario(scenario)
    raise TypeError(f"scenario must be a path, a dict or a Scenario; got {type(scenario).__name__}")


class EscalationModel(Model):
    """One run of the border crisis. ``model.config`` is the scenario (Mesa's own ``scenario`` is left alone)."""

    def __init__(self, scenario, rng=None, *, days: int | None = None):
        config = as_scenario(scenario)
        if rng is None:
            rng = config.seed
        super().__init__(rng=rng)
        self.config = config
        self.seed = int(rng) if isinstance(rng, (int, np.integer)) else None
        self.horizon = days if days is not None else config.days
        self._root = int(self.rng.integers(2**63))
        self.geography = Geography(resolve_geography(config), random=self.random)
        self.default_row = self.geography.n_rows // 2

        self.pakistan = PakistanState(self, config.actors.pakistan, self.stream("pakistan"))
        self.taliban = TalibanAdministration(self, config.actors.taliban, self.stream("taliban"))
        self.states = AgentSet([self.pakistan, self.taliban], random=self.random)
        self.ttp_cell_list = [
            TTPCell(self, spec, self.stream("ttp:" + spec.name), self.geography.provinces[spec.province])
            for spec in sorted(config.ttp.cells, key=lambda c: c.name)
        ]
        self.ttp_cells = AgentSet(self.ttp_cell_list, random=self.random)
        self.mediators = {k: Mediator(self, k, s, self.stream("mediator:" + k)) for k, s in sorted(config.mediators.items())}
        self.mediator_agents = list(self.mediators.values())
        self.mediator_set = AgentSet(self.mediator_agents, random=self.random)

        self.ceasefire = Ceasefire()
        self.events_by_day = defaultdict(list)
        for ev in config.events:
            self.events_by_day[ev.day].append(ev)
        self.day = -1
        self.acts: list[Act] = []
        self._acts_by = defaultdict(list)
        self.ttp_attacks_today: list[Act] = []
        self.civilian_harm_today: dict[str, int] = {}
        self.struck_today: set[str] = set()
        self.surges: list[tuple[int, float]] = []
        self.ttp_surge = 1.0
        self.level_max = max(self.pakistan.level, self.taliban.level)
        self.visible_level = 0
        self.calm_days = 0
        self.trade_lost_today = xings.trade_lost_usd(self.geography.crossings)
        self.trade_lost_total = 0.0
        total = self.geography.total_trade_usd_per_day
        self.trade_lost_share = self.trade_lost_today / total if total else 0.0
        self.casualties_today: dict[str, int] = {}
        self.casualties_total: dict[str, int] = defaultdict(int)
        self.ttp_attacks_total = 0
        self.posts_lost = {"pakistan": 0, "taliban": 0}
        self.datacollector = DailyCollector(self.geography.crossings)
        self.player_side: str | None = None  # a side played by a person (sim/player.py)
        self.choices: list[tuple[int, Choice]] = []  # (day, choice) of the played side
        self._choice: Choice | None = None

    # --- randomness -------------------------------------------------------------------------------
    def stream(self, key: str) -> np.random.Generator:
        """An agent's own generator: a function of the run's seed and the agent's name only."""
        return np.random.default_rng([self._root, zlib.crc32(key.encode())])

    # --- lookups used by agents -------------------------------------------------------------------
    def actor(self, side: str):
        return self.pakistan if side == "pakistan" else self.taliban

    def acts_of(self, actor: str, day: int) -> list[Act]:
        return self._acts_by.get((actor, day), [])

    def ttp_fighters_in(self, province) -> float:
        return sum(c.fighters for c in self.ttp_cell_list if c.province is province)

    def ttp_leaders_in(self, province) -> bool:
        return any(c.leaders for c in self.ttp_cell_list if c.province is province)

    def strike_target(self, row: int, interior: bool):
        """Where Pakistan strikes: TTP leaders deep inside, or the busiest TTP province near ``row``."""
        geo = self.geography
        if interior:
            led = [p for p in geo.of_side("AF") if self.ttp_leaders_in(p)]
            if led:
                return min(led, key=lambda p: (abs(p.row - row), p.row))
            return min(geo.of_side("AF", "af_interior") or geo.of_side("AF"), key=lambda p: (abs(p.row - row), p.row))
        near = [p for p in geo.of_side("AF", "af_border") if abs(p.row - row) <= 2 and self.ttp_fighters_in(p) > 0]
        if near:
            return max(near, key=lambda p: (self.ttp_fighters_in(p), -abs(p.row - row), -p.row))
        return geo.nearest_border("AF", row)

    def refuge_for(self, province):
        """Where a struck cell flees: an unstruck Afghan province within a row, interior first."""
        options = [p for p in self.geography.of_side("AF") if abs(p.row - province.row) <= 1
                   and p is not province and p.name not in self.struck_today]
        if not options:
            return None
        return min(options, key=lambda p: (p.column != "af_interior", abs(p.row - province.row), p.row))

    # --- effects used by acts ---------------------------------------------------------------------
    def strike_ttp(self, province, act: Act, rng) -> None:
        combat = self.config.combat
        self.struck_today.add(province.name)
        for cell in self.ttp_cell_list:
            if cell.province is not province:
                continue
            killed = int(rng.binomial(int(cell.fighters), combat.strike_ttp_kill_fraction))
            cell.fighters -= killed
            cell.struck = True
            act.add("ttp", killed)
            if cell.leaders and rng.random() < combat.leader_kill_probability:
                cell.leaders = False
                act.detail = (act.detail + "; " if act.detail else "") + f"leaders of {cell.name} killed"

    def destroy_post(self, province, act: Act) -> None:
        if province.intact_posts > 0:
            province.intact_posts -= 1
            province.rebuild_queue.append(self.config.combat.rebuild_days)
            act.posts_lost += 1

    def record_civilian_harm(self, act: Act, group: str) -> None:
        n = act.killed(group)
        if n and act.province:
            first = act.province.split(", ")[0]
            self.civilian_harm_today[first] = self.civilian_harm_today.get(first, 0) + n
            self.geography.provinces[first].civilian_killed += n

    def close_crossings(self, side: str, row: int | None) -> str:
        if self.actor(side).spec.keep_crossings_open:
            return ""
        near = {c.name for c in self.geography.crossings.values() if row is not None and abs(c.pk.row - row) <= 1}
        changed = xings.close(self.geography.crossings, side, xings.CLOSED, near or None)
        return ", ".join(changed)

    def log(self, act: Act) -> None:
        self.acts.append(act)
        self._acts_by[(act.actor, act.day)].append(act)
        for g, n in act.casualties.items():
            self.casualties_today[g] = self.casualties_today.get(g, 0) + n
            self.casualties_total[g] += n
        if act.posts_lost:
            loser = "pakistan" if act.actor == "taliban" else "taliban"
            self.posts_lost[loser] += act.posts_lost
        for name in act.province.split(", ") if act.province else ():
            self.geography.provinces[name].violence += act.level

    def log_note(self, actor: str, act: str, target: str, detail: str = "") -> None:
        self.log(Act(self.day, actor, act, 0, target=target, detail=detail))

    # --- a side played by a person (sim/player.py) ------------------------------------------------
    def set_player(self, side: str) -> None:
        """From now on ``side`` acts only as :meth:`play` says; the model plays everything else."""
        self.player_side = check_side(side)

    def choice_for(self, side: str) -> Choice | None:
        return self._choice if side == self.player_side else None

    def play(self, choice: Choice) -> None:
        """Run one day with the played side's ``choice``."""
        if self.player_side is None:
            raise RuntimeError("no side is played: call set_player('pakistan' or 'taliban') first")
        if not self.running:
            raise RuntimeError(f"the run is over (it lasts {self.horizon} days)")
        self._choice = choice
        try:
            self.step()
        finally:
            self._choice = None
        self.choices.append((self.day, choice))

    def _player_crossings(self) -> None:
        side, choice = self.player_side, self._choice
        if choice.close_crossings:
            changed = xings.close(self.geography.crossings, side, xings.CLOSED)
            if changed:
                self.log_note(side, "crossing_closure", ", ".join(changed), "by decision")
        elif choice.reopen_crossings:
            changed = xings.reopen(self.geography.crossings, side, xings.OPEN)
            if changed:
                self.log_note(side, "crossing_reopening", ", ".join(changed), "by decision")

    def _talks_on_request(self) -> None:
        """The played side asked for talks: the engaged mediator (else any active one) with the most leverage
        over the other side hosts them, unless a ceasefire already holds or one was made today."""
        if self.ceasefire.active:
            self.log_note(self.player_side, "call_for_talks", "ceasefire in force", "a ceasefire already holds")
            return
        other_side = "taliban" if self.player_side == "pakistan" else "pakistan"
        # only a mediator that hosts talks at all (talks_after_days set) can be asked to host them
        able = [m for m in self.mediator_agents
                if m.spec.active and m.fatigue < 1.0 and m.spec.talks_after_days is not None]
        if not able:
            self.log_note(self.player_side, "call_for_talks", "no mediator", "no mediator is available")
            return
        if any(m.last_offer_day == self.day for m in self.mediator_agents):
            self.log_note(self.player_side, "call_for_talks", "talks held today", "talks were already held today")
            return
        host = max(able, key=lambda m: (m.engaged, getattr(m.spec.leverage, other_side), m.key))
        self.log_note(self.player_side, "call_for_talks", host.name, f"asks {host.name} to host talks")
        if host.host_talks():
            self.begin_ceasefire(host.spec.ceasefire_days, host.spec.monitoring, host.name)
            host.outbox.append(Act(self.day, host.key, "ceasefire", 0,
                                   detail=f"{host.spec.ceasefire_days}-day ceasefire brokered by {host.name}"))
        self.flush(host)

    # --- one day ----------------------------------------------------------------------------------
    def step(self) -> None:
        self.day = d = self.steps - 1
        self._start_day(d)
        for ev in self.events_by_day.get(d, ()):  # 1. scripted events
            apply_event(self, ev)
        self._ttp_attacks()  # 2.
        self.states.shuffle_do("perceive")  # 3.
        self.states.shuffle_do("decide")  # 4. simultaneous ...
        self._resolve_decisions()  # ... then resolved in a fixed order
        self._mediate(d)  # 5.
        self._crossings_and_trade()  # 6.
        self.ttp_cells.shuffle_do("grow_and_move")  # 7.
        self._rebuild_posts()
        self.datacollector.collect(self)  # 8.
        if d + 1 >= self.horizon:
            self.running = False

    def _start_day(self, d: int) -> None:
        self.ttp_attacks_today = []
        self.civilian_harm_today = {}
        self.casualties_today = {}
        self.struck_today = set()
        self.surges = [(until, f) for until, f in self.surges if until > d]
        self.ttp_surge = float(np.prod([f for _, f in self.surges])) if self.surges else 1.0
        if self.ceasefire.expire_if_due(d):
            self.log_note("scenario", "ceasefire_expired", self.ceasefire.broker,
                          f"the ceasefire brokered by {self.ceasefire.broker} runs out")

    def _ttp_attacks(self) -> None:
        self.ttp_cells.shuffle_do("decide_attack")
        for cell in self.ttp_cell_list:  # sorted by name: a fixed order
            if cell.attacking:
                act = cell.carry_out_attack()
                self.ttp_attacks_today.append(act)
                self.log(act)
        self.ttp_attacks_total += len(self.ttp_attacks_today)

    def _resolve_decisions(self) -> None:
        for actor in (self.pakistan, self.taliban):
            if actor.breached and self.ceasefire.active:
                self.ceasefire.breach()
                self.log_note(actor.side, "ceasefire_breach", self.ceasefire.broker)
        for actor in (self.pakistan, self.taliban):
            if actor.intended is not None and actor.intended >= Level.RHETORIC:
                self.log(actor.carry_out(actor.intended))
        if self._choice is not None:
            self._player_crossings()
        for actor in (self.pakistan, self.taliban):
            actor.settle_posture()
        self.level_max = max(self.pakistan.level, self.taliban.level)
        # What outsiders see: acts owned today by a state (an unacknowledged strike is not seen).
        self.visible_level = max((a.level for side in ("pakistan", "taliban") for a in self.acts_of(side, self.day)
                                  if a.acknowledged), default=0)

    def _mediate(self, d: int) -> None:
        self.mediator_set.shuffle_do("mediate")
        for mediator in self.mediator_agents:  # sorted by key: a fixed order
            if mediator.wants_talks and not self.ceasefire.active and mediator.host_talks():
                self.begin_ceasefire(mediator.spec.ceasefire_days, mediator.spec.monitoring, mediator.name)
                mediator.outbox.append(Act(d, mediator.key, "ceasefire", 0,
                                           detail=f"{mediator.spec.ceasefire_days}-day ceasefire brokered by {mediator.name}"))
            self.flush(mediator)
        if self._choice is not None and self._choice.call_for_talks:
            self._talks_on_request()

    def begin_ceasefire(self, days: int, monitoring: float, broker: str) -> None:
        """Both sides stand down to rhetoric at once, and stay capped there until a breach or the end."""
        self.ceasefire.begin(self.day, days, monitoring, broker)
        for actor in (self.pakistan, self.taliban):
            actor.level = min(actor.level, int(Level.RHETORIC))
        self.level_max = max(self.pakistan.level, self.taliban.level)

    def flush(self, mediator) -> None:
        for act in mediator.outbox:
            self.log(act)
        mediator.outbox.clear()

    def _unplayed(self):
        return [a for a in (self.pakistan, self.taliban) if a.side != self.player_side]

    def _crossings_and_trade(self) -> None:
        crossings = self.geography.crossings
        self.calm_days = self.calm_days + 1 if self.level_max <= Level.RHETORIC else 0
        for actor in self._unplayed():
            threshold = actor.spec.close_crossings_at
            hit = max((a.level for a in self.acts_of("taliban" if actor.side == "pakistan" else "pakistan", self.day)), default=0)
            if threshold is not None and hit >= threshold and not self.ceasefire.active and not actor.spec.keep_crossings_open:
                changed = xings.close(crossings, actor.side, xings.CLOSED)
                if changed:
                    self.log_note(actor.side, "crossing_closure", ", ".join(changed), "after attacks on its territory")
        for actor in self._unplayed():  # a played side opens and closes its crossings itself
            changed = xings.apply_policy(crossings, actor.side, actor.spec, self.calm_days, self.ceasefire.active)
            if changed:
                self.log_note(actor.side, "crossing_reopening", ", ".join(changed))
        self.trade_lost_today = xings.trade_lost_usd(crossings)
        self.trade_lost_total += self.trade_lost_today
        total = self.geography.total_trade_usd_per_day
        self.trade_lost_share = self.trade_lost_today / total if total else 0.0
        for c in crossings.values():
            if c.status == xings.CLOSED:
                c.closed_days += 1

    def _rebuild_posts(self) -> None:
        for prov in self.geography.provinces.values():
            prov.violence *= 0.8
            if prov.rebuild_queue:
                prov.rebuild_queue = [t - 1 for t in prov.rebuild_queue]
                done = sum(1 for t in prov.rebuild_queue if t <= 0)
                if done:
                    prov.intact_posts += done
                    prov.rebuild_queue = [t for t in prov.rebuild_queue if t > 0]

    # --- running ----------------------------------------------------------------------------------
    def run(self) -> "EscalationModel":
        while self.running:
            self.step()
        return self

    def summary(self) -> dict:
        return summarize(self)


def run(scenario, seed: int | None = None, days: int | None = None) -> EscalationModel:
    """Run one seeded run to its horizon and return the model."""
    return EscalationModel(scenario, rng=seed, days=days).run()
