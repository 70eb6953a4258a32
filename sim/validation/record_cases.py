"""The cases the strategic decisions are fitted on, read from the record (record/; RECORD_STRIKES_ATTACKS.md):

- every core attack (blamed on Afghanistan-based groups; each met the major-attack threshold), with whether a
  Pakistani strike on Afghan soil followed within 14 days, after how many days and at which rung (Table 2's count:
  8 of 28);
- every strike episode before the 2026 war (Table 1 rows 1-12), with whether Kabul answered by fire within 7
  days, after how many days and at which rung (Table 1's count: 8 of 12 answered; the two fires 8 and 11 days on
  are not linked to a strike by any source);
- every Afghan offensive episode up to the war's first night (Kabul's rung-6 acts: 11 Oct 2025, 26 Feb 2026), with
  whether Pakistan declared open war within 3 days and whether a mediated settlement had failed before it (a
  ceasefire agreed at a mediator's talks in the year before, followed by a core attack).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sim.decisions import open_war_answer, punitive_strike, strike_answer

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


@dataclass(frozen=True)
class OffensiveCase:
    date: dt.date
    failed_settlement: bool
    open_war: bool
    weight: float = 1.0  # of a case of the record (earlier cases weigh less: sim/validation/earlier_cases.py)


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
    """One case per strike row of Table 1 before the war, as the source counts them ("Rows 1-12 are separate
    episodes": October 2025's strikes of 9, 11, 15 and 17 Oct among them); no grouping by days here."""
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


def mediated_ceasefires(record) -> list[dt.date]:
    """Days a national ceasefire was agreed at a mediator's talks (a ceasefire row on a day of a mediator's talks row,
    or the day after): Doha, 19 Oct 2025. A mediator is any actor other than the two states."""
    talks = [o for o in record.observations if o.act == "talks" and o.actor not in ("pakistan", *KABUL)]
    return sorted(c.date for c in record.observations if c.act == "ceasefire" and any(
        t.date <= c.date <= (t.end_date or t.date) + dt.timedelta(days=1) for t in talks))


def offensive_cases(record, memory_days: int) -> list[OffensiveCase]:
    """One case per Afghan offensive episode (Kabul's rung-6 acts more than ``episode_days`` apart) up to the war's
    start."""
    ceasefires = mediated_ceasefires(record)
    attacks = sorted(a.date for a in record.attacks if a.status == "core")
    wars = [o.date for o in record.observations if o.level >= 7 and o.actor in ("pakistan", "both")]
    episode_days = open_war_answer.OpenWarAnswerSpec().episode_days  # as the decision groups them
    cases, last = [], None
    for o in sorted((o for o in record.observations if o.actor == "taliban" and o.level >= 6), key=lambda o: o.date):
        if o.date > WAR_BEGAN or (last is not None and (o.date - last).days <= episode_days):
            continue
        last = o.date
        failed = any(0 <= (o.date - c).days <= memory_days and any(c <= a <= o.date for a in attacks)
                     for c in ceasefires)
        war = any(0 <= (w - o.date).days <= open_war_answer.WINDOW_DAYS for w in wars)
        cases.append(OffensiveCase(o.date, failed, war))
    return cases
