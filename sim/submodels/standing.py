"""Mediation that wears out (docs/ODD.md 7.6a): a mediator whose ceasefire broke loses standing with the side that
feels cheated - the side that kept it while the other breached - and its calls for restraint then press that side
less, across crises, recovering slowly. Mediated agreements last less well than others (Beardsley 2008), and
earlier outside mediation shapes the rivals' later conduct (Leng 2000). Sizes are assumptions with priors in
calibration/priors.yaml."""

from __future__ import annotations

from pydantic import Field

from sim.scenario.strict import Strict


class StandingSpec(Strict):
    loss_per_broken_ceasefire: float = Field(0.3, ge=0.0, le=1.0, description="share of its standing with the cheated "
                                                                               "side a mediator loses when its ceasefire "
                                                                               "is breached")
    recovery_half_life_days: float = Field(180.0, gt=0.0, le=3650.0, description="days for half of a lost standing to "
                                                                                 "come back")


class Standing:
    """A mediator's standing with each side, 1 (full) to 0; the loss recovers with a half-life (lazily)."""

    def __init__(self):
        self.lost = {"pakistan": 0.0, "taliban": 0.0}  # the shortfall below 1 at ``day``
        self.day = {"pakistan": 0, "taliban": 0}

    def with_side(self, side: str, day: int, spec: StandingSpec | None) -> float:
        if spec is None or not self.lost[side]:
            return 1.0
        return 1.0 - self.lost[side] * 0.5 ** ((day - self.day[side]) / spec.recovery_half_life_days)

    def broken(self, cheated: str, day: int, spec: StandingSpec | None) -> None:
        """Its ceasefire broke and ``cheated`` kept it: standing with that side falls by the spec's share."""
        if spec is None:
            return
        now = self.with_side(cheated, day, spec)
        self.lost[cheated] = 1.0 - now * (1.0 - spec.loss_per_broken_ceasefire)
        self.day[cheated] = day
