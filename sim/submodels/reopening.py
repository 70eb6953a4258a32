"""Reopening as a daily hazard (docs/ODD.md, 7.11): closure lengths form a distribution, not a fixed count.

A side's closure of a crossing gets no draw on the day it is made; from the next day it reopens fully with
probability p = 1 - exp(-rate) a day (rate of ``ReopeningSpec``), so with a constant rate its length in
closed days is geometric on 1, 2, ... with mean 1 / p. A political closure whose demand is unmet gets no
full-reopening draw. A full closure that stays closed eases to partial with probability 1 - exp(-partial) - at a
crossing people use (the map's ``people_per_day`` above 0): partial means people and aid pass, so a crossing that
carries only trucks has nothing to ease to. The record: after the closures of 12 Oct 2025 Torkham and Chaman
opened for deportees (1 Nov, 20 Oct; EPISODES.md ep. 1) while Ghulam Khan, Kharlachi and Angoor Adda, the map's
trade-only crossings, stayed shut into 2026 (EPISODES_MORE.md ep. 3).
"""

from __future__ import annotations

import math

from sim.submodels.crossings import CrossingStatus


def reopening_rate(spec, calm: bool, trade_lost_share: float, ceasefire_active: bool) -> float:
    return (spec.base_per_day + spec.calm_per_day * calm + spec.own_trade_loss_per_day * trade_lost_share
            + spec.ceasefire_per_day * ceasefire_active)


def daily_probability(rate: float) -> float:
    return 1.0 - math.exp(-rate)


def reopen_by_hazard(crossings, side: str, spec, *, day: int, rate: float, demand_met: bool, rng) -> list[str]:
    """Draw today's reopenings of ``side``'s closures, crossing by crossing in map order; returns those changed."""
    full = partial = None  # computed at the first closure met: most days of most runs have none
    changed = []
    for c in crossings.values():
        if c.closed_for_good or c.closure[side] == CrossingStatus.OPEN:
            continue
        if c.closed_on[side] is not None and c.closed_on[side] >= day:
            continue
        if full is None:
            full, partial = daily_probability(rate), daily_probability(spec.partial_per_day)
        if (demand_met or not c.political[side]) and rng.random() < full:
            c.closure[side] = CrossingStatus.OPEN
            changed.append(c.name)
        elif (c.closure[side] == CrossingStatus.CLOSED and partial > 0 and c.people_per_day > 0
              and rng.random() < partial):
            c.closure[side] = CrossingStatus.PARTIAL
            changed.append(c.name)
    return changed
