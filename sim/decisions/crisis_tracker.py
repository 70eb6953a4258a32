"""When a crisis starts and ends, and whether each side's demand was met (docs/ODD.md 4.5).

A crisis starts on a day either state acts at rung 5 or more (a strike or a raid). It ends when a national
ceasefire begins or after ``quiet_days`` days with no fire (rung >= 3) by either state. ``review_days`` after its
end each side judges its demand (the demands the record states: FACTS.md s.2, RECORD_OTHER_EVENTS.md B):
- Pakistan, that the major attacks it blames on Kabul fall: met if none came in the review days after the crisis, or
  fewer than in as many days before it began;
- Kabul, that the strikes stop and the crossings open: met if no Pakistani strike came in the review days and every
  trade crossing is open at the review.
"""

from __future__ import annotations

from sim.decisions.major_attack import is_major
from sim.submodels.ladder import Level


class CrisisTracker:
    def __init__(self):
        self.start: int | None = None  # the day the current crisis began (None: no crisis)
        self.last_fire = -1  # the last day either state fired (rung >= 3)
        self.review: tuple[int, int, int] | None = None  # (review day, crisis start, crisis end) of the one pending
        self.blamed_attacks: list[int] = []  # blamed major attacks through each day (cumulative)
        self.last_strike = -10**9  # the last day Pakistan struck (rung >= 5)
        self.crises = 0

    def attacks_between(self, first: int, last: int) -> int:
        """Blamed attacks on days first..last (clipped to the days seen)."""
        cum = self.blamed_attacks
        last = min(last, len(cum) - 1)
        if last < 0 or last < first:
            return 0
        return cum[last] - (cum[first - 1] if first > 0 else 0)

    def update(self, model, spec, side: str) -> bool | None:
        """Take today in; on a review day return whether the demand of ``side`` was met, else None."""
        day = model.day
        today = sum(is_major(a.killed("pakistan_military"), a.killed("pakistan_civilian"))
                    for a in model.log.ttp_attacks_today)
        while len(self.blamed_attacks) < day:  # days before a restored run's first day
            self.blamed_attacks.append(self.blamed_attacks[-1] if self.blamed_attacks else 0)
        self.blamed_attacks.append((self.blamed_attacks[-1] if self.blamed_attacks else 0) + today)
        levels = [a.level for s in ("pakistan", "taliban") for a in model.log.of(s, day)]
        top = max(levels, default=0)
        if any(a.level >= Level.STRIKE for a in model.log.of("pakistan", day)):
            self.last_strike = day
        if top >= Level.SKIRMISH:
            self.last_fire = day
        met = self._judge(model, side) if self.review is not None and day >= self.review[0] else None
        if self.start is None and top >= Level.STRIKE:
            self.start, self.crises = day, self.crises + 1
        elif self.start is not None and (model.ceasefire.began == day or day - self.last_fire >= spec.quiet_days):
            self.review = (day + spec.review_days, self.start, day)
            self.start = None
        return met

    def _judge(self, model, side: str) -> bool:
        review_day, start, end = self.review
        self.review = None
        span = review_day - end
        if side == "pakistan":
            after = self.attacks_between(end + 1, review_day)
            return after == 0 or after < self.attacks_between(start - span, start - 1)
        crossings_open = all(c.trade_lost_usd() == 0 for c in model.world.crossings.values())
        return self.last_strike <= end and crossings_open
