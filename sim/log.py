"""The event log of one run: every act in order, an index by (actor, day), and the running tallies.

Perception reads yesterday's acts of the other side through :meth:`EventLog.of`; outputs read ``acts``
and the tallies (docs/ODD.md, section 4.11). Recording an act also marks the provinces it hit
(``World.feel``), so that the log is the one place where an act becomes part of the run.
"""

from __future__ import annotations

from collections import defaultdict

from sim.acts import Act
from sim.sides import SIDE_KEYS, other
from sim.submodels.ladder import Level


class EventLog:
    def __init__(self, world):
        self.world = world
        self.acts: list[Act] = []
        self._by = defaultdict(list)
        self.casualties_today: dict[str, int] = {}
        self.casualties_total: dict[str, int] = defaultdict(int)
        self.posts_lost = dict.fromkeys(SIDE_KEYS, 0)  # border posts each side lost over the run
        self.ttp_attacks_today: list[Act] = []
        self.ttp_attacks_total = 0
        self._owned_top: dict[int, int] = {}  # day -> highest acknowledged rung of a state that day

    def forget_before(self, day: int) -> None:
        """Drop the acts of days before ``day`` (a particle filter keeps only what is still to be measured; the
        tallies stay whole). Perception reads yesterday's acts only (docs/ODD.md 7.1)."""
        self.acts = [a for a in self.acts if a.day >= day]
        self._by = defaultdict(list, {k: v for k, v in self._by.items() if k[1] >= day})
        self._owned_top = {d: v for d, v in self._owned_top.items() if d >= day}

    def start_day(self) -> None:
        self.casualties_today = {}
        self.ttp_attacks_today = []

    def of(self, actor: str, day: int) -> list[Act]:
        """The acts ``actor`` did on ``day``, in the order they were recorded."""
        return self._by.get((actor, day), [])

    def highest_owned(self, day: int) -> int:
        """The highest rung a state took and acknowledged on ``day``: what outsiders see (docs/ODD.md, 7.6)."""
        return self._owned_top.get(day, 0)

    def record(self, act: Act) -> None:
        self.acts.append(act)
        self._by[(act.actor, act.day)].append(act)
        if act.acknowledged and act.actor in SIDE_KEYS and act.level > self._owned_top.get(act.day, 0):
            self._owned_top[act.day] = act.level  # acts are complete when recorded: nothing changes these later
        for g, n in act.casualties.items():
            self.casualties_today[g] = self.casualties_today.get(g, 0) + n
            self.casualties_total[g] += n
        if act.posts_destroyed:
            self.posts_lost[other(act.actor)] += act.posts_destroyed
        if act.level:  # a level-0 act (a TTP attack, a note) adds no violence and draws no fire
            self.world.feel(act)

    def record_ttp_attack(self, act: Act) -> None:
        self.ttp_attacks_today.append(act)
        self.ttp_attacks_total += 1
        self.record(act)

    def closure(self, day: int, actor: str, crossings: list[str], detail: str = "") -> None:
        """Crossings closed by policy, an event or a person: a rung-2 act the other side perceives, not a
        note (docs/FINDINGS.md, 4; docs/ODD.md, 7.11)."""
        self.record(Act(day, actor, "crossing_closure", int(Level.CLOSURE), target=", ".join(crossings), detail=detail))

    def note(self, day: int, actor: str, kind: str, target: str = "", detail: str = "") -> None:
        """Something that is not a rung (a closure by policy, talks, a visit): level 0, no casualties."""
        self.record(Act(day, actor, kind, 0, target=target, detail=detail))
