"""What a forecast is asked for: its days, the forks per particle and the root seed (``escalation forecast``).

Bounds live here, in one pydantic model, so that the command line checks ``--days`` and ``--replicates`` against the
same numbers (sim/cli_args.py reads them): 730 days at most (two years: the record gives nothing to hold a model's
state against beyond that), 100 forks per particle at most. Horizons: 30, 90 and 180 days, those within the
forecast, and the forecast's own length when it is none of them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sim.scenario.strict import Strict

HORIZONS = (30, 90, 180)
DEFAULT_SEED = 20260408  # the first day of the present forecast


class ForecastSpec(Strict):
    days: int = Field(180, ge=1, le=730, description="days each continuation runs (the forecast's length)")
    replicates: int = Field(4, ge=1, le=100, description="forks of each particle: runs per particle")
    root_seed: int = Field(DEFAULT_SEED, ge=0, le=2**63 - 1,
                           description="seeds the resampling and every fork key (root_seed, particle, fork)")
    major_attacks: Literal["cells", "record"] = Field(
        "cells", description="who makes the future's major militant attacks: the TTP cells, at their own rate, or "
                             "copies of the record's last year's, at its rate (sim/forecast/major_attacks.py)")

    @property
    def horizons(self) -> tuple[int, ...]:
        return tuple(sorted({h for h in HORIZONS if h <= self.days} | {self.days}))
