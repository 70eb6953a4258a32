"""A side played by a person (the classroom's "play an actor"): everything about it lives here.

The model plays everything else. A played side still perceives, keeps its grievance and consults its
retaliation rule (the rule's proposal is kept as ``advised``: what the side's doctrine would have done),
but the person's :class:`Choice` decides its act, its crossings, its calls for talks and its answer to
ceasefire talks (docs/ODD.md, section 7.12a). The played side draws from its own random stream exactly as
the model's side would, and every other agent has its own stream, so a played run and the model's own
run on the same seed share their luck.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass

from sim.sides import SIDE_KEYS, side as side_named
from sim.submodels import crossings as xings
from sim.submodels.crossings import CrossingStatus
from sim.submodels.ladder import LEVEL_NAMES, MAX_LEVEL, Level, act_name

@dataclass(frozen=True)
class Choice:
    """One day's decision for the played side.

    level: the rung to act at (0 = no act today, 1 = warning, ..., 7 = open war); posture follows it.
    close_crossings / reopen_crossings: this side's own closures of the trade crossings (all of them).
    call_for_talks: ask the engaged (or, failing that, any active) mediator to host ceasefire talks today.
    accept_ceasefire: the answer if talks are held (a side that calls for talks accepts).
    """

    level: int = 0
    close_crossings: bool = False
    reopen_crossings: bool = False
    call_for_talks: bool = False
    accept_ceasefire: bool = True

    def __post_init__(self):
        try:  # any integer type (numpy's too), but not a bool or a float
            level = operator.index(self.level) if not isinstance(self.level, bool) else None
        except TypeError:
            level = None
        if level is None or not 0 <= level <= MAX_LEVEL:
            raise ValueError(f"level must be a whole number from 0 to {MAX_LEVEL}; found {self.level!r}")
        object.__setattr__(self, "level", int(level))
        if self.close_crossings and self.reopen_crossings:
            raise ValueError("close_crossings and reopen_crossings cannot both be chosen on one day")

    @property
    def accepts(self) -> bool:
        return self.accept_ceasefire or self.call_for_talks


def options(side: str) -> list[tuple[int, str]]:
    """The rungs a side may choose, as ``(level, label)``: 'Level 5 - air strike (strike)'."""
    check_side(side)
    return [(lv, f"{lv} - {act_name(side, lv).replace('_', ' ')}" + ("" if lv else " (no act)"))
            for lv in range(MAX_LEVEL + 1)]


def check_side(side: str) -> str:
    return side_named(side).key


class PlayedSide:
    """The person's side in one run: steers that side's decision, crossings, talks and ceasefire answers."""

    def __init__(self, model, side: str):
        self.model = model
        self.side = side_named(side)
        self.choice: Choice | None = None  # today's, while :meth:`play` runs the day
        self.choices: list[tuple[int, Choice]] = []  # (day, choice), every day played

    def play(self, choice: Choice) -> None:
        m = self.model
        if not m.running:
            raise RuntimeError(f"the run is over (it lasts {m.horizon} days)")
        self.choice = choice
        try:
            m.step()
        finally:
            self.choice = None
        self.choices.append((m.day, choice))

    def plays(self, key: str) -> bool:
        return key == self.side.key

    # --- hooks the model and its agents call, in the order of the day (docs/ODD.md, 3.1) ----------
    def steer(self, actor) -> None:
        """Step 4: the rule's rung becomes advice; the person's rung is the act (a breach if above rhetoric)."""
        if self.choice is None or not self.plays(actor.side.key):
            return
        actor.advised = actor.intended
        actor.breached = self.model.ceasefire.active and self.choice.level > Level.RHETORIC
        actor.intended = self.choice.level or None

    def set_crossings(self) -> None:
        """Step 4, after the acts: the person's own closing or reopening of every crossing."""
        choice, key, world = self.choice, self.side.key, self.model.world
        if choice is None:
            return
        if choice.close_crossings:
            changed = xings.close(world.crossings, key, CrossingStatus.CLOSED, day=self.model.day)
            kind = "crossing_closure"
        elif choice.reopen_crossings:
            changed = xings.reopen(world.crossings, key, CrossingStatus.OPEN)
            kind = "crossing_reopening"
        else:
            return
        if changed and kind == "crossing_closure":
            self.model.log.closure(self.model.day, key, changed, "by decision")
        elif changed:
            self.model.log.note(self.model.day, key, kind, ", ".join(changed), "by decision")

    def answer_talks(self, accepted: list[bool]) -> list[bool]:
        """Step 5: the played side's answer replaces its drawn one (the draw is still made)."""
        if self.choice is None:
            return accepted
        return [self.choice.accepts if self.plays(k) else a for k, a in zip(SIDE_KEYS, accepted)]

    def request_talks(self) -> None:
        """Step 5, after the mediators: the engaged mediator (else any active one) with the most leverage
        over the other side hosts talks, unless a ceasefire already holds or talks were held today."""
        m, key = self.model, self.side.key
        if self.choice is None or not self.choice.call_for_talks:
            return
        if m.ceasefire.active:
            m.log.note(m.day, key, "call_for_talks", "ceasefire in force", "a ceasefire already holds")
            return
        # only a mediator that hosts talks at all (talks_after_days set) can be asked to host them
        able = [md for md in m.mediators
                if md.spec.active and md.fatigue < 1.0 and md.spec.talks_after_days is not None]
        if not able:
            m.log.note(m.day, key, "call_for_talks", "no mediator", "no mediator is available")
            return
        if any(md.last_offer_day == m.day for md in m.mediators):
            m.log.note(m.day, key, "call_for_talks", "talks held today", "talks were already held today")
            return
        host = max(able, key=lambda md: (md.engaged, getattr(md.spec.leverage, self.side.other.key), md.key))
        m.log.note(m.day, key, "call_for_talks", host.name, f"asks {host.name} to host talks")
        if host.host_talks():
            m.begin_ceasefire(host.spec.ceasefire_days, host.spec.monitoring, host.name)
            host.announce_ceasefire()
        host.flush()


def what_side_sees(model, side: str) -> dict:
    """What the played side knows before deciding today (yesterday's world, as it perceived it)."""
    actor = model.actor(check_side(side))
    enemy = model.actor(actor.side.other.key)
    crossings = model.world.crossings.values()
    seen = {
        "day": model.day + 1,
        "own_level": actor.level,
        "own_level_name": LEVEL_NAMES[actor.level],
        "other_level": enemy.level,
        "other_level_name": LEVEL_NAMES[enemy.level],
        "received": actor.perceived.received,
        "received_name": LEVEL_NAMES[actor.perceived.received],
        "grievance": round(actor.grievance, 2),
        "pressure": round(actor.restraint, 2),
        "advised": actor.advised,
        "ceasefire": model.ceasefire.active,
        "ceasefire_broker": model.ceasefire.broker if model.ceasefire.active else "",
        "mediators_engaged": [m.name for m in model.mediators if m.engaged],
        "own_closures": sorted(c.name for c in crossings if c.closure[side] > CrossingStatus.OPEN),
        "crossings_closed": sorted(c.name for c in crossings if c.status > CrossingStatus.OPEN),
        "trade_lost_usd_per_day": round(model.world.trade_lost_today, 2),
        "own_killed": sum(n for g, n in model.log.casualties_total.items() if g.startswith(actor.side.people)),
        "other_killed": sum(n for g, n in model.log.casualties_total.items() if g.startswith(enemy.side.people)),
    }
    if side == "pakistan":
        seen["ttp_attacks_yesterday"] = len(model.log.ttp_attacks_today)
    return seen


def describe_view(seen: dict, side: str) -> str:
    """``what_side_sees`` as a short Markdown briefing for a student."""
    who = side_named(side).display_name
    them = side_named(side).other.capital
    lines = [
        f"**Day {seen['day']} - you are {who}.**",
        f"- Your posture: level {seen['own_level']} ({seen['own_level_name'].replace('_', ' ')}); "
        f"{them}'s: level {seen['other_level']} ({seen['other_level_name'].replace('_', ' ')}).",
    ]
    received = f"level {seen['received']} ({seen['received_name'].replace('_', ' ')})"
    if "ttp_attacks_yesterday" in seen:
        lines += [f"- TTP attacks in Pakistan yesterday: {seen['ttp_attacks_yesterday']} "
                  "(you blame Kabul for sheltering them).",
                  f"- The worst act you blamed on Kabul yesterday, its own or the TTP's: {received}."]
    else:
        lines.append(f"- The worst act you saw from {them} yesterday: {received}.")
    lines += [
        f"- Your grievance: {seen['grievance']}; pressure for restraint on you: {seen['pressure']}.",
        f"- Killed so far: {seen['own_killed']} of your people, {seen['other_killed']} of theirs.",
        "- Ceasefire in force (" + seen["ceasefire_broker"] + ")" if seen["ceasefire"] else "- No ceasefire in force.",
        "- Mediators engaged: " + (", ".join(seen["mediators_engaged"]) or "none"),
        "- Crossings closed: " + (", ".join(seen["crossings_closed"]) or "none")
        + f"; trade lost ${seen['trade_lost_usd_per_day'] / 1e6:.1f} m a day.",
    ]
    if seen["advised"] is not None:
        lines.append(f"- Your doctrine (the model's rule) advised level {seen['advised']} yesterday.")
    return "\n".join(lines)

