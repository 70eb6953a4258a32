"""Combat: Lanchester's square law for raids on posts, and per-act casualty draws (docs/ODD.md, 7.10)."""

from __future__ import annotations

import math

from sim.acts import Act


def lanchester_square(attackers: float, defenders: float, alpha: float = 1.0, beta: float = 1.0) -> tuple[bool, float, float]:
    """Fight to the finish under the square law: dA/dt = -beta*D, dD/dt = -alpha*A.

    Returns (attackers_win, attacker_survivors, defender_survivors). Attackers win when
    alpha*A^2 > beta*D^2 and keep sqrt(A^2 - (beta/alpha)*D^2) (Lanchester 1916). 1000 vs 800 of equal
    effectiveness leaves 600 attackers.
    """
    if not all(map(math.isfinite, (attackers, defenders, alpha, beta))):
        raise ValueError("forces and effectiveness must be finite numbers")
    if attackers < 0 or defenders < 0 or alpha <= 0 or beta <= 0:
        raise ValueError("forces must be >= 0 and effectiveness > 0")
    a2, d2 = alpha * attackers**2, beta * defenders**2
    # min(): (alpha*A^2)/alpha can round one ulp above A^2; survivors never exceed the initial force.
    if a2 > d2:
        return True, min(attackers, math.sqrt((a2 - d2) / alpha)), 0.0
    return False, 0.0, min(defenders, math.sqrt((d2 - a2) / beta))


def raid_posts(act: Act, province, n_posts: int, combat, rng, attacker_group: str, defender_group: str) -> None:
    """Raid up to ``n_posts`` intact posts of ``province``, one Lanchester fight per post; record losses on ``act``."""
    for _ in range(min(n_posts, province.intact_posts)):
        win, a_left, d_left = lanchester_square(
            combat.raid_party, province.garrison, combat.attacker_effectiveness, combat.defender_effectiveness
        )
        attacker_losses = combat.raid_party - a_left
        defender_losses = province.garrison - d_left
        act.add(attacker_group, rng.binomial(int(round(attacker_losses)), combat.attacker_killed_fraction))
        act.add(defender_group, rng.binomial(int(round(defender_losses)), combat.defender_killed_fraction))
        if win:
            province.intact_posts -= 1
            province.rebuild_queue.append(combat.rebuild_days)
            act.posts_destroyed += 1


def draw_act_casualties(act: Act, casualties, rng, target_side: str, own_side: str, civilian_multiplier: float = 1.0) -> None:
    """Poisson draws of the target's soldiers and civilians and the actor's own soldiers killed by ``act``."""
    act.add(f"{target_side}_military", rng.poisson(casualties.target_military))
    act.add(f"{target_side}_civilian", rng.poisson(casualties.target_civilian * civilian_multiplier))
    act.add(f"{own_side}_military", rng.poisson(casualties.own_military))
