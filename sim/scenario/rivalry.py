"""Schema of hostility, the slow part of a side's grievance (docs/ODD.md, 7.1a). Optional per side: without a
``hostility`` block a side has only the fast grievance (``grievance_decay``), as the model did before."""

from __future__ import annotations

from pydantic import Field

from sim.scenario.strict import Strict


class HostilitySpec(Strict):
    """H, a stock that keeps ``share_of_excess`` of each day's grievance beyond ``routine_grievance_per_day`` and
    halves every ``half_life_days``; the side's rule, its border forces and its answer to mediators weigh
    grievance + H. A truce does not reset it; with a ``ceiling`` it saturates there (docs/ODD.md, 7.1a)."""

    share_of_excess: float = Field(0.1, ge=0.0, le=1.0,
                                   description="share of a day's grievance beyond the routine that enters H")
    routine_grievance_per_day: float = Field(
        0.0, ge=0.0, description="grievance a day that leaves no lasting mark (a day of routine violence)")
    half_life_days: float = Field(60.0, gt=0.0, le=3650.0, description="days for H to halve without new shocks")
    initial: float = Field(0.0, ge=0.0, description="H on day 0 (grievance units)")
    ceiling: float | None = Field(None, gt=0.0, le=10_000.0,
                                  description="the level H approaches and never passes: each day's addition is scaled by "
                                              "1 - H / ceiling (a rivalry's basic level, Diehl & Goertz 2000); null: "
                                              "no ceiling")
    per_major_attack: float = Field(0.0, ge=0.0, le=100.0,
                                    description="H added by each major militant attack the side blames on the other "
                                                "(hostility between crises, Levin-Banchik 2021)")
