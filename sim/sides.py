"""The two sides of the crisis: one record each, the single source of their names (docs/ODD.md, section 2.1).

A side has one key (``pakistan``, ``taliban``) used by scenarios, rules, the event log and outputs; its
``country`` is the side of the map (``PK``, ``AF``); its ``people`` prefix names its casualty groups
(``pakistan_military``, ``afghan_civilian``); ``display_name`` and ``capital`` are for narration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SideKey = Literal["pakistan", "taliban"]


@dataclass(frozen=True, slots=True)
class Side:
    key: str
    country: str
    people: str
    display_name: str
    capital: str

    @property
    def other(self) -> Side:
        return TALIBAN if self is PAKISTAN else PAKISTAN

    @property
    def border_column(self) -> str:
        """The grid column of this side's border provinces (docs/ODD.md, section 2.4)."""
        return f"{self.country.lower()}_border"

    @property
    def interior_column(self) -> str:
        return f"{self.country.lower()}_interior"

    def __reduce__(self):
        # one object per side (``other`` compares by identity): a pickled side comes back as that object
        return side, (self.key,)

    def group(self, kind: str) -> str:
        """Casualty group of this side's ``military`` or ``civilian`` dead (names in :mod:`sim.acts`)."""
        return f"{self.people}_{kind}"


PAKISTAN = Side("pakistan", "PK", "pakistan", "Pakistan", "Islamabad")
TALIBAN = Side("taliban", "AF", "afghan", "the Taliban administration", "Kabul")
SIDES = (PAKISTAN, TALIBAN)
SIDE_KEYS = tuple(s.key for s in SIDES)
_BY_KEY = {s.key: s for s in SIDES}
_BY_COUNTRY = {s.country: s for s in SIDES}


def side(key: str) -> Side:
    """The side named ``key``; a clear error for anything else."""
    try:
        return _BY_KEY[key]
    except (KeyError, TypeError):
        raise ValueError(f"side must be one of {', '.join(SIDE_KEYS)}; found {key!r}") from None


def of_country(country: str) -> Side:
    return _BY_COUNTRY[country]


def other(key: str) -> str:
    """The opposing side's key."""
    return side(key).other.key
