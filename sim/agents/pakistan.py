"""The Pakistani state: air and drone strikes, artillery, closures; blames Kabul for the TTP (docs/ODD.md, 7.1, 7.10)."""

from __future__ import annotations

from sim.acts import Act
from sim.agents.state import StateActor
from sim.decisions.major_attack import is_major
from sim.sides import PAKISTAN
from sim.submodels.combat import draw_act_casualties
from sim.submodels.ladder import Level
from sim.submodels.perception import Perceived, perceive_ttp_attacks


class PakistanState(StateActor):
    side = PAKISTAN

    def extra_perception(self, p: Perceived) -> Perceived:
        m = self.model
        return perceive_ttp_attacks(m.log.ttp_attacks_today, self.spec, m.config.ttp.attack_level,
                                    m.config.severity_base, self.own_rng, p, m.world.cities)

    def blamed_major_attacks(self) -> int:
        return sum(is_major(a.killed("pakistan_military"), a.killed("pakistan_civilian"))
                   for a in self.model.log.ttp_attacks_today)

    def strike(self, act: Act, level: int, province: str | None, acknowledged: bool | None) -> None:
        """Air strike on the busiest TTP province near the provocation (5), deep strike on leaders (6),
        and at open war (7) strikes on every Afghan border province that harbours TTP fighters."""
        m = self.model
        world = m.world
        cas = m.config.combat.casualties
        owned = self._owned() if acknowledged is None else acknowledged
        deep = level >= Level.DEEP_STRIKE
        target = world.provinces[province] if province else world.strike_target(act.row, interior=deep)
        self._air_strike(act, target, cas.deep_strike if deep else cas.strike, owned)
        if level == Level.OPEN_WAR:
            for prov in world.of_side("AF", "af_border"):
                if world.ttp_fighters_in(prov) > 0:
                    world.strike_ttp(prov, act, self.own_rng, m.config.combat)
            draw_act_casualties(act, cas.open_war, self.own_rng, "afghan", "pakistan")

    def _owned(self) -> bool:
        """Whether Pakistan owns a strike it decided itself: its policy, or a draw at ``acknowledged_share`` (it
        owned 5 of the 12 strike episodes before the 2026 war and denied or did not comment on the others:
        calibration/record_fits.yaml). A scripted strike says, or follows the policy (sim/events.py)."""
        share = self.spec.acknowledged_share
        if share is None:
            return self.owns_by_policy()
        return bool(self.own_rng.random() < share)

    def owns_by_policy(self) -> bool:
        return self.spec.acknowledge_strikes

    def _air_strike(self, act: Act, target, casualties, acknowledged: bool) -> None:
        world = self.model.world
        act.provinces, act.row, act.acknowledged = (target.name,), target.row, acknowledged
        act.target = ("TTP leaders" if world.ttp_leaders_in(target)
                      else ("TTP fighters" if world.ttp_fighters_in(target) else "Taliban positions"))
        world.strike_ttp(target, act, self.own_rng, self.model.config.combat)
        draw_act_casualties(act, casualties, self.own_rng, "afghan", "pakistan")
        if target.is_border:
            world.destroy_post(target, act, self.model.config.combat.rebuild_days)
