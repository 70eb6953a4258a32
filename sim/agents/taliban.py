"""The Taliban administration: raids on posts, shelling, closures; shelters or restrains the TTP (docs/ODD.md, 7.10)."""

from __future__ import annotations

from sim.acts import Act
from sim.agents.state import StateActor
from sim.sides import TALIBAN
from sim.submodels.combat import draw_act_casualties, raid_posts
from sim.submodels.ladder import Level


class TalibanAdministration(StateActor):
    side = TALIBAN

    def owns_by_policy(self) -> bool:
        return self.spec.acknowledge_raids

    def strike(self, act: Act, level: int, province: str | None, acknowledged: bool | None) -> None:
        """Raids on Pakistani posts (Lanchester): one province (5), ``raid_provinces`` provinces nearest the
        provocation (6: "retaliatory operations"), twice as many plus open-war losses (7). No air force."""
        m = self.model
        combat = m.config.combat
        act.acknowledged = self.owns_by_policy() if acknowledged is None else acknowledged
        n_provinces = {Level.STRIKE: 1, Level.DEEP_STRIKE: combat.raid_provinces}.get(Level(level), 2 * combat.raid_provinces)
        targets = [m.world.provinces[province]] if province else m.world.border_by_distance("PK", act.row)[:n_provinces]
        for target in targets:
            raid_posts(act, target, combat.posts_per_raid, combat, self.own_rng, "afghan_military", "pakistan_military")
        act.provinces = tuple(t.name for t in targets)
        act.target = "border posts"
        act.row = targets[0].row
        if level == Level.OPEN_WAR:
            draw_act_casualties(act, combat.casualties.open_war, self.own_rng, "pakistan", "afghan")
