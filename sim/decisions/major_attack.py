"""A *major* militant attack: the record's threshold (record/attacks.yaml; RECORD_STRIKES_ATTACKS.md, Table 2):
10 or more people killed, attackers not counted, or 5 or more security-force members killed. The punitive-strike
doctrine is fitted on these attacks, so the model triggers it on the same ones (one definition, used by both)."""

from __future__ import annotations

MIN_KILLED = 10  # people killed, attackers not counted
MIN_SECURITY_KILLED = 5  # security forces killed


def is_major(security_killed: int | None, civilians_killed: int | None) -> bool:
    """Whether an attack with these deaths meets the record's threshold (None: no figure, counted as 0)."""
    security, civilians = security_killed or 0, civilians_killed or 0
    return security >= MIN_SECURITY_KILLED or security + civilians >= MIN_KILLED


def below_major(security_killed: int, civilians_killed: int) -> tuple[int, int]:
    """The largest tolls not above these that stay below the threshold (a routine attack of a forced history)."""
    security = min(security_killed, MIN_SECURITY_KILLED - 1)
    return security, min(civilians_killed, MIN_KILLED - 1 - security)
