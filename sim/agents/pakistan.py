"""The Pakistani state: air and drone strikes, artillery, closures; blames Kabul for the TTP (MODEL.md s.2, s.4)."""

from __future__ import annotations

from sim.acts import Act
from sim.agents.state import StateActor
from sim.combat import draw_act_casualties
from sim.ladder import Level
from sim.perception import Perceived, perceive_ttp_attacks


class PakistanState(StateActor):
    side = "pakistan"

    def extra_perception(self, p: Perceived) -> Perceived:
        m = self.model
        return perceive_ttp_attacks(m.ttp_attacks_today, self.spec, m.config.ttp.attack_level, m.config.severity_base, self.own_rng, p)

    def carry_out(self, level: int, province: str | None = None, acknowledged: bool | None = None) -> Act:
        m = self.model
        geo = m.geography
        row = self.focus_row if self.focus_row is not None else m.default_row
        strike_ack = self.spec.acknowledge_strikes if acknowledged is None else acknowledged
        act = Act(m.day, self.side, self.act_name(level), level, row=row)
        cas = m.config.combat.casualties
        if level <= Level.RHETORIC:
            return act
        if level == Level.CLOSURE:
            act.target = m.close_crossings(self.side, row) or "crossings kept closed"
            return act
        if level <= Level.SHELLING:
            own = geo.nearest_border("PK", row)
            target = geo.provinces[province] if province else geo.facing(own)[0]
            act.province, act.target, act.row = target.name, "border posts", target.row
            draw_act_casualties(act, cas.skirmish if level == Level.SKIRMISH else cas.shelling, self.own_rng, "afghan", "pakistan")
            if level == Level.SHELLING:
                m.destroy_post(target, act)
        elif level == Level.STRIKE:
            target = geo.provinces[province] if province else m.strike_target(row, interior=False)
            self._strike(act, target, cas.strike, strike_ack)
        else:
            target = geo.provinces[province] if province else m.strike_target(row, interior=True)
            self._strike(act, target, cas.deep_strike, strike_ack)
            if level == Level.OPEN_WAR:
                for prov in geo.of_side("AF", "af_border"):
                    if m.ttp_fighters_in(prov) > 0:
                        m.strike_ttp(prov, act, self.own_rng)
                draw_act_casualties(act, cas.open_war, self.own_rng, "afghan", "pakistan")
        m.record_civilian_harm(act, "afghan_civilian")
        return act

    def _strike(self, act: Act, target, casualties, acknowledged: bool) -> None:
        m = self.model
        act.province, act.row, act.acknowledged = target.name, target.row, acknowledged
        act.target = "TTP leaders" if m.ttp_leaders_in(target) else ("TTP fighters" if m.ttp_fighters_in(target) else "Taliban positions")
        m.strike_ttp(target, act, self.own_rng)
        multiplier = 1.0
        draw_act_casualties(act, casualties, self.own_rng, "afghan", "pakistan", multiplier)
        if target.is_border:
            m.destroy_post(target, act)
