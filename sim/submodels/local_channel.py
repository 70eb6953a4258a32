"""The local channel (docs/ODD.md, 7.5a): flag meetings, hotlines and jirgas between the commanders of one
sector, which end local fighting where national mediators are not involved.

A sector is a pair of facing border provinces that exchanged fire today (an act at rung 3-4 from one into
the other). On a day when no state act anywhere went above ``max_level`` (4 by default: strikes and raids
are for national mediators), each sector that saw fire agrees a local ceasefire with probability
``hazard_per_day``: for ``ceasefire_days`` days the posts of both provinces hold fire. So, with nothing
else going on, local fighting lasts a geometric number of days with mean 1 / ``hazard_per_day``.
"""

from __future__ import annotations

from sim.submodels.crossings import reopen_local
from sim.submodels.ladder import Level


class LocalChannel:
    """The local ceasefires of one run. ``spec`` None: no channel (nothing ever holds)."""

    def __init__(self, spec, rng):
        self.spec = spec
        self.rng = rng
        self.until: dict[str, int] = {}  # province -> last day its posts hold fire

    def holds(self, province: str, day: int) -> bool:
        return self.until.get(province, -1) >= day

    def sectors_in_fire(self, acts) -> list[tuple[str, str]]:
        """The sectors (sorted province pairs, in a fixed order) that exchanged fire at rungs 3-4 in ``acts``."""
        pairs = {tuple(sorted((a.origin, a.provinces[0]))) for a in acts
                 if Level.SKIRMISH <= a.level <= Level.SHELLING and a.origin and a.provinces}
        return sorted(pairs)

    def talk(self, day: int, acts, highest_today: int) -> list[tuple[str, str]]:
        """Step 5 (before national mediators): the sectors that agree a local ceasefire today."""
        if self.spec is None or highest_today > self.spec.max_level:
            return []
        agreed = []
        for pair in self.sectors_in_fire(acts):
            if all(self.holds(p, day + 1) for p in pair):
                continue
            if self.rng.random() < self.spec.hazard_per_day:
                for province in pair:
                    self.until[province] = day + self.spec.ceasefire_days
                agreed.append(pair)
        return agreed

    def meet(self, day: int, log, crossings, unplayed) -> None:
        """Step 5: talks on today's local fighting; each local ceasefire is logged and lifts the local closures
        of its sector's crossings by the sides the model plays (``unplayed``)."""
        if self.spec is None:  # no channel: skip gathering the day's acts on every day of every run
            return
        today = [a for key in ("pakistan", "taliban") for a in log.of(key, day)]
        if not today:  # no fire today, nothing to talk about (and no draw): most days
            return
        highest = max((a.level for a in today), default=0)
        for pair in self.talk(day, today, highest):
            reopened = reopen_local(crossings, pair, unplayed) if self.spec.reopens_crossings else []
            log.note(day, "scenario", "local_ceasefire", ", ".join(pair),
                     "flag meeting agrees a local ceasefire" + (f"; reopens {', '.join(reopened)}" if reopened else ""))
