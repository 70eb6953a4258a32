"""Perception and attribution (docs/ODD.md, 7.1): how a state turns what happened into grievance.

G <- decay*G + sum of the severities of the acts it attributes to the other side, plus
``civilian_outrage`` per own civilian killed in them. An unacknowledged act is attributed with
probability ``attribution``; a perceived level is off by one rung with probability ``misperception``.
Pakistan also blames Kabul for TTP attacks with weight ``safe_haven_blame``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.submodels.ladder import MAX_LEVEL, severity


@dataclass(slots=True)
class Perceived:
    received: int = 0  # highest level attributed to the other side
    row: int | None = None  # where that came from
    grievance_added: float = 0.0


def misperceive(level: int, misperception: float, rng) -> int:
    """The level as seen: off by one rung either way with probability ``misperception``, symmetric at the
    ends of the ladder too (docs/FINDINGS.md, 3): open war can look worse than open war (rung 8 in grievance;
    a rule receives 7 at most) and rhetoric can pass unseen (0)."""
    if misperception > 0 and rng.random() < misperception:
        level += 1 if rng.random() < 0.5 else -1
    return min(MAX_LEVEL + 1, max(0, level))


def perceive_acts(acts, spec, own_side: str, base: float, rng) -> Perceived:
    """Attribute and weigh the other side's acts of yesterday, in the order they were logged."""
    out = Perceived()
    people = 'pakistan' if own_side == 'pakistan' else 'afghan'
    civilians, soldiers = f"{people}_civilian", f"{people}_military"
    for act in acts:
        if act.level <= 0:  # notes (visits, closures logged as events) are not rungs
            continue
        if not act.acknowledged and rng.random() >= spec.attribution:
            act.attributed = False
            continue
        act.attributed = True
        level = misperceive(act.level, spec.misperception, rng)
        out.grievance_added += (severity(level, base) + spec.civilian_outrage * act.killed(civilians)
                                + spec.soldier_outrage * act.killed(soldiers))
        if min(level, MAX_LEVEL) > out.received:
            out.received, out.row = min(level, MAX_LEVEL), act.row
    return out


def perceive_phantom(spec, base: float, rng, out: Perceived) -> Perceived:
    """False-positive attribution (docs/FINDINGS.md, 2): on a day with probability ``false_attribution``, the
    side blames the other for an act it did not commit, an incident at rung ``false_attribution_level``."""
    if spec.false_attribution > 0 and rng.random() < spec.false_attribution:
        level = spec.false_attribution_level
        out.grievance_added += severity(level, base)
        if level > out.received:
            out.received = level
    return out


def perceive_ttp_attacks(attacks, spec, attack_level: int, base: float, rng, out: Perceived,
                         cities=frozenset()) -> Perceived:
    """Pakistan's reading of today's TTP attacks: each is blamed on Kabul with weight ``safe_haven_blame``,
    for the attack itself and for each Pakistani it killed (``grievance_per_militant_death``, times
    ``city_weight`` in a city): a mass-casualty attack in a city is not a border ambush."""
    blame = spec.safe_haven_blame
    weight = severity(attack_level, base)
    for attack in attacks:
        civilians = attack.casualties.get("pakistan_civilian", 0)
        out.grievance_added += blame * weight + spec.civilian_outrage * civilians
        if spec.grievance_per_militant_death:
            killed = attack.casualties.get("pakistan_military", 0) + civilians
            place = spec.city_weight if attack.provinces and attack.provinces[0] in cities else 1.0
            out.grievance_added += blame * spec.grievance_per_militant_death * killed * place
        attack.attributed = bool(blame > 0 and rng.random() < blame)
        if attack.attributed and attack_level > out.received:
            out.received, out.row = attack_level, attack.row
    return out
