"""The Taliban administration: raids on posts, shelling, closures; shelters or restrains the TTP (MODEL.md s.2, s.4)."""

from __future__ import annotations

from sim.acts import Act
from sim.agents.state import StateActor
from sim.combat import draw_act_casualties, raid_posts
from sim.ladder import Level


class TalibanAdministration(StateActor):
    side = "taliban"

    def carry_out(self, level: int, province: str | None = None, acknowledged: bool | None = None) -> Act:
        m = self.model
        geo = m.geography
        combat = m.config.combat
        cas = combat.casualties
        row = self.focus_row if self.focus_row is not None else m.default_row
        act = Act(m.day, self.side, self.act_name(level), level, row=row)
        if level <= Level.RHETORIC:
            return act
        if level == Level.CLOSURE:
            act.target = m.close_crossings(self.side, row) or "crossings kept closed"
            return act
        if level <= Level.SHELLING:
            own = geo.nearest_border("AF", row)
            target = geo.provinces[province] if province else geo.facing(own)[0]
            act.province, act.target, act.row = target.name, "border posts", target.row
            draw_act_casualties(act, cas.skirmish if level == Level.SKIRMISH else cas.shelling, self.own_rng, "pakistan", "afghan")
            m.record_civilian_harm(act, "pakistan_civilian")
            return act
        act.acknowledged = self.spec.acknowledge_raids if acknowledged is None else acknowledged
        n_provinces = {Level.STRIKE: 1, Level.DEEP_STRIKE: combat.raid_provinces}.get(Level(level), 2 * combat.raid_provinces)
        targets = [geo.provinces[province]] if province else geo.border_by_distance("PK", row)[:n_provinces]
        for target in targets:
            raid_posts(act, target, combat.posts_per_raid, combat, self.own_rng, "afghan_military", "pakistan_military")
        act.province = ", ".join(t.name for t in targets)
        act.target = "border posts"
        act.row = targets[0].row
        if level == Level.OPEN_WAR:
            draw_act_casualties(act, cas.open_war, self.own_rng, "pakistan", "afghan")
        m.record_civilian_harm(act, "pakistan_civilian")
        return act
