"""Crossings and the economy (docs/ODD.md, section 7.11; step 6 of the day).

A side closes crossings as a rung-2 act, or all trade crossings when it receives an act at or above its
``close_crossings_at``. Its closures lift to partial after ``reopen_partial_after_calm_days`` calm days,
fully after ``reopen_after_calm_days``, or at once under a ceasefire if ``reopen_on_ceasefire``. A
crossing's status is the stricter of the two sides'; trade lost per day = trade x (1 closed, 1/2 partial).
"""

from __future__ import annotations

from enum import IntEnum


class CrossingStatus(IntEnum):
    """A crossing's status, as each side's closure, the series columns and the page record it."""

    OPEN = 0
    PARTIAL = 1  # people and aid pass, half the trade is lost (docs/ODD.md, section 7.11)
    CLOSED = 2

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def trade_lost_fraction(self) -> float:
        return self / 2

    @classmethod
    def named(cls, label: str) -> CrossingStatus:
        return cls[label.upper()]


def close(crossings, side: str, status: int = CrossingStatus.CLOSED, names=None) -> list[str]:
    """Close (or partly close) the named crossings, or all that carry trade; returns those changed."""
    changed = []
    for c in crossings.values():
        if c.closed_for_good or (names is not None and c.name not in names) or (names is None and c.trade_usd_per_day <= 0):
            continue
        if c.closure[side] < status:
            c.closure[side] = CrossingStatus(status)
            changed.append(c.name)
    return changed


def reopen(crossings, side: str, status: int = CrossingStatus.OPEN, names=None) -> list[str]:
    changed = []
    for c in crossings.values():
        if c.closed_for_good or (names is not None and c.name not in names):
            continue
        if c.closure[side] > status:
            c.closure[side] = CrossingStatus(status)
            changed.append(c.name)
    return changed


def apply_policy(crossings, side: str, spec, calm_days: int, ceasefire_active: bool) -> list[str]:
    """Lift this side's closures as its policy says; returns the crossings whose status it lowered."""
    if ceasefire_active and spec.reopen_on_ceasefire:
        return reopen(crossings, side, CrossingStatus.OPEN)
    if spec.reopen_after_calm_days is not None and calm_days >= spec.reopen_after_calm_days:
        return reopen(crossings, side, CrossingStatus.OPEN)
    if spec.reopen_partial_after_calm_days is not None and calm_days >= spec.reopen_partial_after_calm_days:
        return reopen(crossings, side, CrossingStatus.PARTIAL)
    return []


def trade_lost_usd(crossings) -> float:
    return sum(c.trade_lost_usd() for c in crossings.values())


def settle(world, log, actors, others_level: dict, ceasefire_active: bool, calm: bool, day: int) -> None:
    """Step 6 for the sides the model plays (``actors``): closures after attacks, reopenings by policy.

    ``others_level`` gives, per side key, the highest rung the other side took against it today; ``calm``
    says whether today counts as a calm day (both postures at rhetoric or below). Trade is counted after.
    """
    world.calm_days = world.calm_days + 1 if calm else 0
    for actor in actors:
        threshold = actor.spec.close_crossings_at
        if threshold is not None and others_level[actor.side.key] >= threshold and not ceasefire_active \
                and not actor.spec.keep_crossings_open:
            changed = close(world.crossings, actor.side.key)
            if changed:
                log.note(day, actor.side.key, "crossing_closure", ", ".join(changed), "after attacks on its territory")
    for actor in actors:
        changed = apply_policy(world.crossings, actor.side.key, actor.spec, world.calm_days, ceasefire_active)
        if changed:
            log.note(day, actor.side.key, "crossing_reopening", ", ".join(changed))
    world.count_trade()


def reopen_local(crossings, provinces) -> list[str]:
    """A local ceasefire reopens the crossings of its sector, closed by either side (docs/ODD.md, 7.5a)."""
    changed = []
    for c in crossings.values():
        if c.closed_for_good or not ({c.pk.name, c.af.name} & set(provinces)):
            continue
        if any(status > CrossingStatus.OPEN for status in c.closure.values()):
            c.closure = dict.fromkeys(c.closure, CrossingStatus.OPEN)
            changed.append(c.name)
    return changed
