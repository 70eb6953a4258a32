"""The Pakistani state: air and drone strikes, artillery, closures; blames Kabul for the TTP (MODEL.md s.2, s.4)."""

from __future__ import annotations

from sim.acts import Act
from sim.agents.state import StateActor
from sim.combat import draw_act_casualties
from sim.ladder import Level
from sim.perception import Perceived, perceive_ttp_attacks


class PakistanState(StateActor):
    side, country, people, enemy_people = "pakistan", "PK", "pakistan", "afghan"

    def extra_perception(self, p: Perceived) -> Perceived:
        m = self.model
        return perceive_ttp_attacks(m.ttp_attacks_today, self.spec, m.config.ttp.attack_level, m.config.severity_base, self.own_rng, p)

    def strike(self, act: Act, level: int, province: str | None, acknowledged: bool | None) -> None:
        """Air strike on the busiest TTP province near the provocation (5), deep strike on leaders (6),
        and at open war (7) strikes on every Afghan border province that harbours TTP fighters."""
        m = self.model
        geo = m.geography
        cas = m.config.combat.casualties
        owned = self.spec.acknowledge_strikes if acknowledged is None else acknowledged
        deep = level >= Level.DEEP_STRIKE
        target = geo.provinces[province] if province else m.strike_target(act.row, interior=deep)
        self._air_strike(act, target, cas.deep_strike if deep else cas.strike, owned)
        if level == Level.OPEN_WAR:
            for prov in geo.of_side("AF", "af_border"):
                if m.ttp_fighters_in(prov) > 0:
                    m.strike_ttp(prov, act, self.own_rng)
            draw_act_casualties(act, cas.open_war, self.own_rng, "afghan", "pakistan")

    def _air_strike(self, act: Act, target, casualties, acknowledged: bool) -> None:
        m = self.model
        act.province, act.row, act.acknowledged = target.name, target.row, acknowledged
        act.target = "TTP leaders" if m.ttp_leaders_in(target) else ("TTP fighters" if m.ttp_fighters_in(target) else "Taliban positions")
        m.strike_ttp(target, act, self.own_rng)
        draw_act_casualties(act, casualties, self.own_rng, "afghan", "pakistan")
        if target.is_border:
            m.destroy_post(target, act)
