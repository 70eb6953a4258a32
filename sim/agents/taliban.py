"""The Taliban administration: raids on posts, shelling, closures; shelters or restrains the TTP (MODEL.md s.2, s.4)."""

from __future__ import annotations

from sim.acts import Act
from sim.agents.state import StateActor
from sim.combat import draw_act_casualties, raid_posts
from sim.ladder import Level


class TalibanAdministration(StateActor):
    side, country, people, enemy_people = "taliban", "AF", "afghan", "pakistan"

    def strike(self, act: Act, level: int, province: str | None, acknowledged: bool | None) -> None:
        """Raids on Pakistani posts (Lanchester): one province (5), ``raid_provinces`` provinces nearest the
        provocation (6: "retaliatory operations"), twice as many plus open-war losses (7). No air force."""
        m = self.model
        combat = m.config.combat
        act.acknowledged = self.spec.acknowledge_raids if acknowledged is None else acknowledged
        n_provinces = {Level.STRIKE: 1, Level.DEEP_STRIKE: combat.raid_provinces}.get(Level(level), 2 * combat.raid_provinces)
        targets = [m.geography.provinces[province]] if province else m.geography.border_by_distance("PK", act.row)[:n_provinces]
        for target in targets:
            raid_posts(act, target, combat.posts_per_raid, combat, self.own_rng, "afghan_military", "pakistan_military")
        act.province = ", ".join(t.name for t in targets)
        act.target = "border posts"
        act.row = targets[0].row
        if level == Level.OPEN_WAR:
            draw_act_casualties(act, combat.casualties.open_war, self.own_rng, "pakistan", "afghan")
