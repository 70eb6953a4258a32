"""The cases the strategic decisions are fitted on, read from the record (record/; RECORD_STRIKES_ATTACKS.md):

- every core attack (blamed on Afghanistan-based groups; each met the major-attack threshold), with whether a
  Pakistani strike on Afghan soil followed within 14 days, after how many days and at which rung (Table 2's count:
  8 of 28);
- every strike episode before the 2026 war (Table 1 rows 1-12), with whether Kabul answered by fire within 7
  days, after how many days and at which rung (Table 1's count: 8 of 12 answered; the two fires 8 and 11 days on
  are not linked to a strike by any source).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sim.decisions import punitive_strike, strike_answer

STRIKES = ("strike", "deep_strike")
# the Afghan offensive of 26 Feb 2026 opened the war (EPISODES_MORE.md episode 4): Table 1's rows 13-17, from the
# night of 26/27 Feb, are war nights, not episodes
WAR_BEGAN = dt.date(2026, 2, 26)
KABUL = ("taliban", "both")


@dataclass(frozen=True)
class AttackCase:
    date: dt.date
    killed: int
    in_city: bool
    followed: bool
    gap_days: int | None
    rung: int | None

    @property
    def year(self) -> float:
        return self.date.year + (self.date.timetuple().tm_yday - 1) / 365.25

    @property
    def log_killed(self) -> float:
        return math.log(max(self.killed, 1) / 10)


@dataclass(frozen=True)
class StrikeCase:
    date: dt.date
    acknowledged: bool
    answered: bool
    gap_days: int | None
    rung: int | None


def _strikes(record) -> list:
    return sorted((o for o in record.observations if o.actor == "pakistan" and o.act in STRIKES), key=lambda o: o.date)


def attack_cases(record, cities: frozenset[str]) -> list[AttackCase]:
    strikes = _strikes(record)
    cases = []
    for a in record.attacks:
        if a.status != "core":  # every row of the table met the threshold (some with disputed tolls)
            continue
        after = [s for s in strikes if 0 <= (s.date - a.date).days <= punitive_strike.WINDOW_DAYS]
        first = after[0] if after else None
        cases.append(AttackCase(a.date, (a.pakistan_military or 0) + (a.pakistan_civilian or 0), a.province in cities,
                                first is not None, (first.date - a.date).days if first else None,
                                first.level if first else None))
    return cases


def strike_cases(record) -> list[StrikeCase]:
    """One case per strike episode before the war: a strike night more than 14 days after the last counted one
    (the nights of 11 and 15 Oct 2025 are counted as Table 1 counts them: rows 8 and 9 are their own rows)."""
    kabul = [o for o in record.observations if o.actor in KABUL and o.level >= 3]
    cases = []
    for s in _strikes(record):
        if s.date >= WAR_BEGAN:
            continue
        window = [o for o in kabul if 0 <= (o.date - s.date).days <= strike_answer.WINDOW_DAYS]
        first = min(window, key=lambda o: o.date) if window else None
        cases.append(StrikeCase(s.date, bool(s.acknowledged), first is not None,
                                (first.date - s.date).days if first else None,
                                min(max(o.level for o in window), max(strike_answer.ANSWER_RUNGS)) if window else None))
    return cases
