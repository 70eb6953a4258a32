"""Schema of reopening as a daily hazard (docs/ODD.md, 7.11). Optional per side: without a ``reopening``
block a side lifts its closures by the calm-day counters (``reopen_partial_after_calm_days``,
``reopen_after_calm_days``), as the model did before."""

from __future__ import annotations

from pydantic import Field

from sim.scenario.strict import Strict


class ReopeningSpec(Strict):
    """Each day, each of the side's closed crossings reopens fully with probability 1 - exp(-rate), where
    rate = base + calm x [a calm day] + own_trade_loss x (share of the map's trade lost) + ceasefire x
    [a national ceasefire holds]; a fully closed one that stays closed eases to partial (people and aid
    pass) with probability 1 - exp(-partial). A political closure (made after strikes or raids) reopens
    fully only once the side's demand is met (``demand_ttp_restraint``); it can still ease to partial."""

    base_per_day: float = Field(0.02, ge=0.0, le=10.0, description="reopening rate on any day (per day)")
    calm_per_day: float = Field(0.1, ge=0.0, le=10.0, description="added on a calm day: no rung above rhetoric (per day)")
    own_trade_loss_per_day: float = Field(
        0.1, ge=0.0, le=10.0, description="added per unit share of the map's trade lost: the closer loses it too (per day)")
    ceasefire_per_day: float = Field(0.2, ge=0.0, le=10.0, description="added while a national ceasefire holds (per day)")
    partial_per_day: float = Field(0.0, ge=0.0, le=10.0,
                                   description="rate at which a full closure eases to partial: people and aid pass (per day)")
    demand_ttp_restraint: float | None = Field(
        None, ge=0.0, le=1.0, description="political condition (Pakistan): its closures after strikes or raids reopen "
                                          "fully only while Kabul's ttp_restraint is at least this (null: no condition)")
