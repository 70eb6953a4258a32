"""Step 6 of the day for the crossings (docs/ODD.md, 7.11): closures after attacks, reopenings, trade.

For each side the model plays: an act received today at or above ``close_crossings_at`` closes all its
trade crossings (a political closure when the act was a strike or a raid, rung 5 or more); fire at or
above ``close_local_crossing_at`` landing in a crossing's province closes that crossing (a local closure).
Then its closures are lifted: by the daily hazard of its ``reopening`` block if it has one
(``sim/submodels/reopening.py``), else by the calm-day counters (``crossings.apply_policy``).
"""

from __future__ import annotations

from sim.submodels.crossings import apply_policy, close
from sim.submodels.ladder import Level
from sim.submodels.reopening import reopen_by_hazard, reopening_rate


def settle(world, log, actors, others_acts: dict, ceasefire_active: bool, calm: bool, day: int,
           rngs: dict, demand_met: dict) -> None:
    """``others_acts``: per side key, the other side's acts of today; ``rngs`` and ``demand_met``: per side key,
    its reopening generator and whether its political demand is met."""
    world.calm_days = world.calm_days + 1 if calm else 0
    for actor in actors:
        _close_after_attacks(world, log, actor, others_acts[actor.side.key], ceasefire_active, day)
    for actor in actors:
        key, spec = actor.side.key, actor.spec
        if not world.has_closure_by(key):  # nothing to lift, and no draw is made for it (docs/performance.md)
            continue
        if spec.reopening is None:
            changed = apply_policy(world.crossings, key, spec, world.calm_days, ceasefire_active)
        else:
            rate = reopening_rate(spec.reopening, calm, world.trade_lost_share, ceasefire_active)
            changed = reopen_by_hazard(world.crossings, key, spec.reopening, day=day, rate=rate,
                                       demand_met=demand_met[key], rng=rngs[key])
        if changed:
            log.note(day, key, "crossing_reopening", ", ".join(changed))
    world.count_trade()


def _close_after_attacks(world, log, actor, acts, ceasefire_active: bool, day: int) -> None:
    spec, key = actor.spec, actor.side.key
    if ceasefire_active or spec.keep_crossings_open or not acts:  # both thresholds are rungs >= 1: no act, no closure
        return
    hit = max((a.level for a in acts), default=0)
    if spec.close_crossings_at is not None and hit >= spec.close_crossings_at:
        changed = close(world.crossings, key, day=day, political=hit >= Level.STRIKE)
        if changed:
            log.closure(day, key, changed, "after attacks on its territory")
    if spec.close_local_crossing_at is not None:
        struck = {p for a in acts if a.level >= spec.close_local_crossing_at for p in a.provinces}
        names = [c.name for c in world.crossings.values() if {c.pk.name, c.af.name} & struck]
        changed = close(world.crossings, key, names=names, day=day) if names else []
        if changed:
            log.closure(day, key, changed, "after fire at the crossing")


def demands_met(pakistan_spec, taliban_spec) -> dict:
    """Per side, whether its political condition for reopening is met: Pakistan's demand that Kabul restrain
    the TTP (``reopening.demand_ttp_restraint``); Kabul makes none (docs/ODD.md, 7.11)."""
    demand = pakistan_spec.reopening.demand_ttp_restraint if pakistan_spec.reopening else None
    return {"pakistan": demand is None or taliban_spec.ttp_restraint >= demand, "taliban": True}
