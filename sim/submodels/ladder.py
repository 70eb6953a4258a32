"""The escalation ladder 0-7: one vocabulary shared by rules, acts, outputs and docs (docs/ODD.md, 2.2)."""

from __future__ import annotations

from enum import IntEnum


class Level(IntEnum):
    CALM = 0
    RHETORIC = 1
    CLOSURE = 2
    SKIRMISH = 3
    SHELLING = 4
    STRIKE = 5
    DEEP_STRIKE = 6
    OPEN_WAR = 7


MIN_LEVEL = int(Level.CALM)
MAX_LEVEL = int(Level.OPEN_WAR)
LEVEL_NAMES = tuple(level.name.lower() for level in Level)

# What each side typically does at each rung. The act name is what the event log records.
ACTS = {
    "pakistan": (
        "dialogue",
        "warning",
        "crossing_closure",
        "small_arms_fire",
        "artillery_shelling",
        "air_strike",
        "deep_air_strike",
        "multi_front_operations",
    ),
    "taliban": (
        "dialogue",
        "warning",
        "crossing_closure",
        "small_arms_fire",
        "artillery_shelling",
        "post_raid",
        "retaliatory_operations",
        "multi_front_operations",
    ),
}


def clamp_level(value: float) -> int:
    """Round and clip a (possibly continuous) intensity onto the ladder."""
    return int(min(MAX_LEVEL, max(MIN_LEVEL, round(value))))


def severity(level: int, base: float = 2.0) -> float:
    """Severity of an act at `level`: roughly doubling per rung (base ** (level - 1)); calm is 0."""
    if level <= 0:
        return 0.0
    return float(base ** (level - 1))


def act_name(side: str, level: int) -> str:
    return ACTS[side][level]
