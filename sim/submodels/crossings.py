"""Crossings and the economy (docs/ODD.md, section 7.11; step 6 of the day).

A side closes crossings as a rung-2 act, or all trade crossings when it receives an act at or above its
``close_crossings_at``. Its closures lift to partial after ``reopen_partial_after_calm_days`` calm days,
fully after ``reopen_after_calm_days``, or at once under a ceasefire if ``reopen_on_ceasefire``. A
crossing's status is the stricter of the two sides'; trade lost per day = trade x (1 closed, 1/2 partial).
"""

from __future__ import annotations

from enum import IntEnum


TRADE_LOST_FRACTION = (0.0, 0.5, 1.0)  # by status code: open, partial, closed (a tuple: read every day)


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
        return TRADE_LOST_FRACTION[self]

    @classmethod
    def named(cls, label: str) -> CrossingStatus:
        return cls[label.upper()]


def close(crossings, side: str, status: int = CrossingStatus.CLOSED, names=None, *, day: int | None = None,
          political: bool = False) -> list[str]:
    """Close (or partly close) the named crossings, or all that carry trade; returns those changed.

    ``political``: a closure made after strikes or raids, which a reopening hazard lifts fully only once the
    closer's demand is met (``sim/submodels/reopening.py``); ``day`` starts the closure's clock."""
    changed = []
    for c in crossings.values():
        if c.closed_for_good or (names is not None and c.name not in names) or (names is None and c.trade_usd_per_day <= 0):
            continue
        if political and c.closure[side] > CrossingStatus.OPEN:
            c.political[side] = True
        if c.closure[side] < status:
            if c.closure[side] == CrossingStatus.OPEN:
                c.political[side], c.closed_on[side] = political, day
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


def reopen_local(crossings, provinces, sides=("pakistan", "taliban")) -> list[str]:
    """A local ceasefire lifts both sides' local closures of its sector's crossings (docs/ODD.md, 7.5a)."""
    changed = []
    for c in crossings.values():
        if c.closed_for_good or not ({c.pk.name, c.af.name} & set(provinces)):
            continue
        lifted = [side for side, status in c.closure.items()
                  if side in sides and status > CrossingStatus.OPEN and not c.political[side]]
        for side in lifted:  # a political closure (after strikes) waits for its own conditions (7.11)
            c.closure[side] = CrossingStatus.OPEN
        if lifted and c.status == CrossingStatus.OPEN:
            changed.append(c.name)
    return changed
