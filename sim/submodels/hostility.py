"""Hostility (docs/ODD.md, 7.1a): the slow stock of an enduring rivalry (Diehl & Goertz 2000), apart from the
fast grievance of 7.1. Grievance answers the last days' acts and fades in days; hostility keeps a share of the
days that were more than routine - strikes, raids, mass-casualty attacks - for months, so that a crisis
meets the residue of the ones before it ("Our patience has reached its limit", Asif, 27 Feb 2026)."""

from __future__ import annotations

import math


def daily_retention(half_life_days: float) -> float:
    """Share of H kept from one day to the next: 0.5 ** (1 / half_life_days)."""
    return 0.5 ** (1.0 / half_life_days)


def next_hostility(spec, hostility: float, grievance_added: float) -> float:
    """H tomorrow from H today and today's added grievance (``spec``: a HostilitySpec, or None for none)."""
    if spec is None:
        return hostility
    excess = max(0.0, grievance_added - spec.routine_grievance_per_day)
    return add(spec, daily_retention(spec.half_life_days) * hostility, spec.share_of_excess * excess)


def add(spec, hostility: float, added: float) -> float:
    """H after ``added`` more: H + added without a ceiling; with one, H moves toward the ceiling C by the share
    1 - exp(-added / C) of the room left, H + (C - H)(1 - e^(-added/C)), about ``added`` x (1 - H/C) for a small
    addition, and never past C (none added at or above it).

    Rivalries fluctuate about a basic level rather than build without end (Diehl & Goertz 2000, the "basic
    rivalry level"); without a ceiling a long war kept adding to H (about 1,100 in one history) and no
    settlement could bring the side back below its threshold (docs/FINDINGS.md 9)."""
    if spec.ceiling is None:
        return hostility + added
    if hostility >= spec.ceiling or added <= 0.0:
        return hostility
    return hostility + (spec.ceiling - hostility) * -math.expm1(-added / spec.ceiling)
