"""A side played by a person (the classroom's "play an actor"): the day's choice and what the side can see.

The model plays everything else. A played side still perceives, keeps its grievance and consults its
retaliation rule (the rule's proposal is kept as ``advised``: what the side's doctrine would have done),
but the person's :class:`Choice` decides its act, its crossings and its answer to ceasefire talks. The
played side draws from its own random stream exactly as the model's side would, and every other agent
has its own stream, so a played run and the model's own run on the same seed share their luck.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass

from sim.ladder import LEVEL_NAMES, MAX_LEVEL, act_name, other

SIDES = ("pakistan", "taliban")


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
    if side not in SIDES:
        raise ValueError(f"side must be one of {', '.join(SIDES)}; found {side!r}")
    return side


def what_side_sees(model, side: str) -> dict:
    """What the played side knows before deciding today (yesterday's world, as it perceived it)."""
    actor = model.actor(check_side(side))
    enemy = model.actor(other(side))
    crossings = model.geography.crossings.values()
    seen = {
        "day": model.day + 1,
        "own_level": actor.level,
        "own_level_name": LEVEL_NAMES[actor.level],
        "other_level": enemy.level,
        "other_level_name": LEVEL_NAMES[enemy.level],
        "received": actor.perceived.received,
        "received_name": LEVEL_NAMES[actor.perceived.received],
        "grievance": round(actor.grievance, 2),
        "pressure": round(actor.pressure, 2),
        "advised": actor.advised,
        "ceasefire": model.ceasefire.active,
        "ceasefire_broker": model.ceasefire.broker if model.ceasefire.active else "",
        "mediators_engaged": [m.name for m in model.mediator_agents if m.engaged],
        "own_closures": sorted(c.name for c in crossings if c.closure[side] > 0),
        "crossings_closed": sorted(c.name for c in crossings if c.status > 0),
        "trade_lost_usd_per_day": round(model.trade_lost_today, 2),
        "own_killed": sum(n for g, n in model.casualties_total.items() if g.startswith(actor.people)),
        "other_killed": sum(n for g, n in model.casualties_total.items() if g.startswith(enemy.people)),
    }
    if side == "pakistan":
        seen["ttp_attacks_yesterday"] = len(model.ttp_attacks_today)
    return seen


def describe_view(seen: dict, side: str) -> str:
    """``what_side_sees`` as a short Markdown briefing for a student."""
    who = "Pakistan" if side == "pakistan" else "the Taliban administration"
    them = "Kabul" if side == "pakistan" else "Islamabad"
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

