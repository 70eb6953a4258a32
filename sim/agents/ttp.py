"""A TTP cell: attacks inside Pakistan, loses fighters to strikes, recruits and relocates (docs/ODD.md, section 7.8)."""

from __future__ import annotations

from mesa.discrete_space import CellAgent

from sim.acts import Act
from sim.decisions.major_attack import below_major


def ttp_tempo(model) -> tuple[float, float, float, float]:
    """The factors of every cell's attack probability that are the same for all cells on a day (7.8)."""
    return (model.config.ttp.base_attack_probability, 1.0 - model.taliban.spec.ttp_restraint,
            1.0 - model.pakistan.spec.counter_terror, model.world.ttp_surge)


class TTPCell(CellAgent):
    def __init__(self, model, spec, rng, province):
        super().__init__(model)
        self.name = spec.name
        self.fighters = float(spec.fighters)
        self.leaders = spec.leaders
        self.propensity = spec.propensity
        self.own_rng = rng
        self.province = province
        self.cell = province.cell
        self.attacking = False
        self.struck = False

    def attack_probability(self, tempo: tuple | None = None) -> float:
        """base x fighters/100 x propensity x (1 - Kabul's restraint) x (1 - counter-terror) x surge.

        ``tempo``: the day's (base, 1 - restraint, 1 - counter-terror, surge) of ``ttp_tempo``, which the model
        computes once for all cells (docs/performance.md); the product is taken in the same order either way."""
        base, unrestrained, unchecked, surge = tempo or ttp_tempo(self.model)
        p = base * self.fighters / 100.0 * self.propensity * unrestrained * unchecked * surge
        return min(1.0, max(0.0, p))

    # step 2: decide independently; the model resolves attacks in a fixed order
    def decide_attack(self) -> None:
        self.attacking = self.fighters >= 1 and self.own_rng.random() < self.attack_probability(self.model.ttp_tempo)

    def carry_out_attack(self) -> Act:
        """An attack on the nearest border district, or (``city_attack_probability``) the nearest city; the
        killed are Poisson, with a shared gamma multiplier when ``dispersion`` is set (a heavy tail: 7.8)."""
        m, rng, province = self.model, self.own_rng, self.province
        ttp = m.config.ttp
        city = ttp.city_attack_probability > 0 and rng.random() < ttp.city_attack_probability
        if city:
            target = m.world.nearest(province, "pk_interior")
        else:
            target = province if province.side == "PK" else m.world.nearest(province, "pk_border")
        act = Act(m.day, "ttp", "ttp_attack", 0, provinces=(target.name,), target="a city" if city else "security forces",
                  row=target.row, acknowledged=True, detail=self.name)
        cas = ttp.attack_casualties
        scale = 1.0 if cas.dispersion is None else rng.gamma(cas.dispersion, 1.0 / cas.dispersion)
        military, civilian = rng.poisson(cas.pakistan_military * scale), rng.poisson(cas.pakistan_civilian * scale)
        forcing = m.config.forcing
        if forcing is not None and forcing.major_attacks_from_record:  # the record has every major one (7.8)
            military, civilian = below_major(military, civilian)
        act.add("pakistan_military", military)
        act.add("pakistan_civilian", civilian)
        lost = min(int(self.fighters), int(rng.poisson(cas.ttp)))
        act.add("ttp", lost)
        self.fighters -= lost
        return act

    # step 7
    def grow_and_move(self) -> None:
        m = self.model
        ttp = m.config.ttp
        harm = m.world.civilian_harm_today.get(self.province.name, 0)
        self.fighters += ttp.recruitment_rate * self.fighters * (1.0 - self.fighters / ttp.capacity) + ttp.harm_recruits * harm
        self.fighters = max(0.0, self.fighters)
        if self.struck and self.own_rng.random() < ttp.relocate_probability:
            refuge = m.world.refuge_for(self.province)
            if refuge is not None:
                self.province = refuge
                self.cell = refuge.cell
        self.struck = False  # reset here, not before the day's attacks: scripted strikes (step 1) count too
