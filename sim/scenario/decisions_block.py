"""Schema of a side's ``decisions`` block: which strategic decisions it has (docs/ODD.md 7.3a), each off unless its
block is given; the decisions themselves, and their specs, live in sim/decisions."""

from __future__ import annotations

from pydantic import Field

from sim.decisions.open_war_answer import OpenWarAnswerSpec
from sim.decisions.punitive_strike import PunitiveStrikeSpec
from sim.decisions.strike_answer import StrikeAnswerSpec
from sim.scenario.strict import Strict


class DecisionsSpec(Strict):
    """A side's strategic decisions (docs/ODD.md 7.3a), each off unless its block is given (sim/decisions)."""

    punitive_strike: PunitiveStrikeSpec | None = Field(
        None, description="Pakistan's strike after a major attack it blames on Kabul (fitted on the record)")
    strike_answer: StrikeAnswerSpec | None = Field(
        None, description="Kabul's kinetic answer to a Pakistani strike (fitted on the record)")
    open_war_answer: OpenWarAnswerSpec | None = Field(
        None, description="Pakistan's open war after an Afghan offensive, more likely after a failed mediated "
                          "settlement (fitted on the record)")
