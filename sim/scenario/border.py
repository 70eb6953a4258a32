"""Schema of the border's local level (docs/ODD.md, 7.9a and 7.5a): each side's border forces, and the
local channel (flag meetings, hotlines, jirgas) that ends local fighting. Both blocks are optional: a
scenario without them has no border forces and no local channel, as the model had before them."""

from __future__ import annotations

from pydantic import Field

from sim.rules import RuleSpec
from sim.rules.tit_for_tat import TitForTatParams
from sim.scenario.strict import Strict
from sim.submodels.ladder import Level


class BorderForceSpec(Strict):
    """A side's forces in each of its border provinces: they answer fire received in their own sector."""

    rule: RuleSpec = Field(default_factory=TitForTatParams,
                           description="local rule: how a post answers the fire it received (any registered rule)")
    answer_delay_days: int = Field(0, ge=0, le=1, description="0: answer the same day the fire lands; 1: the next day")
    max_level: int = Field(int(Level.SHELLING), ge=int(Level.SKIRMISH), le=int(Level.SHELLING),
                           description="highest rung a post answers with on its own (3 small arms, 4 heavy weapons)")


class LocalChannelSpec(Strict):
    """Flag meetings, hotlines and jirgas between the two sides' commanders in one sector."""

    hazard_per_day: float = Field(0.5, ge=0.0, le=1.0,
                                  description="chance per day of local fighting (rungs 3-4) that a local ceasefire is agreed")
    ceasefire_days: int = Field(14, ge=1, le=365, description="days a local ceasefire holds: the sector's posts stand down")
    max_level: int = Field(int(Level.SHELLING), ge=int(Level.SKIRMISH), le=int(Level.DEEP_STRIKE),
                           description="the channel works only on days when no state act anywhere went above this rung")
    reopens_crossings: bool = Field(True, description="whether a local ceasefire reopens the sector's crossings "
                                                      "(closures made after local fighting only)")
