"""Major militant attacks of the future: at the rate of the record's last year, each a copy of one of its attacks.

In a forced history the record lists every major attack (10 or more killed, or 5 or more security forces:
sim/decisions/major_attack.py) and the TTP cells make only the routine ones, kept below that threshold (model v4's
``forcing.major_attacks_from_record``, docs/ODD.md 7.8). After the present the record lists nothing, yet major attacks
are what Pakistan's punitive-strike doctrine answers (7.3a). The cells cannot simply be let loose: left uncapped,
they make about 10 major attacks in 180 days where the record's last year had 5.4. So a forecast keeps the
history's division of labour: the cells make the routine attacks at the last tempo (continuation.py), and the major
ones come **at the rate of the record's last year** (its major attacks dated in the 365 days before the forecast's
first day, per day; persistence, as of the tempo), each a copy of one of those attacks (province, dead, claimant,
blamed on Afghanistan-based groups or not), chosen at random. An assumption: no source forecasts major attacks.

The draws come from a generator of the continuation's fork key alone, so the base and every what-if meet the same
attacks on the same days (common random numbers). Candidates are drawn at ``CAP`` times the rate, each with a
uniform u; one happens if u < ratio / CAP, where ratio is how far the continuation's TTP factors differ from the
present's, (1 - Kabul's restraint)(1 - Pakistan's counter-terror) over the same at the present (1 in the base, so the
base meets the record's rate; a what-if in which Kabul restrains the TTP by 0.6 meets 40% of the base's attacks, a
subset of them). The ratio is read when the continuation starts: a restraint that changes later does not move it.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import numpy as np

from sim.decisions.major_attack import is_major
from sim.record_events import MilitantAttackEvent
from sim.scenario.forcing import record_events

WINDOW_DAYS = 365
CAP = 3.0  # candidates at CAP times the rate: a what-if may triple the TTP's factors and still share the base's draws
TAG = 0x3A70  # the generator's own key beside the fork's: no agent stream is seeded so


@dataclass(frozen=True)
class MajorAttacks:
    """The record's major attacks of the last year before a forecast's first day, as events (days of the history)."""

    rate: float  # attacks a day
    pool: tuple  # event data of those attacks
    window: tuple[str, str]  # the first and last day of the year they come from

    def draw(self, key: tuple, days: int, ratio: float = 1.0) -> list[tuple[int, MilitantAttackEvent]]:
        """The attacks of one continuation: (day from the forecast's start, event) in day order."""
        if not self.pool or self.rate <= 0:
            return []
        rng = np.random.default_rng(np.random.SeedSequence([TAG, *(int(k) for k in key)]))
        n = int(rng.poisson(CAP * self.rate * days))
        when = np.sort(rng.integers(0, days, n))
        which = rng.integers(0, len(self.pool), n)
        u = rng.random(n)
        keep = u < min(max(ratio, 0.0), CAP) / CAP
        out = []
        for day, k in zip(when[keep], which[keep]):
            data = {**self.pool[k], "day": int(day),
                    "note": f"forecast: a major attack as in the record's last year ({self.pool[k].get('note', '')})"}
            out.append((int(day), MilitantAttackEvent.model_validate(data)))
        return out


@functools.lru_cache(maxsize=16)
def major_attacks(record: str, history_start: dt.date, start: dt.date, geography: str = "durand_line") -> MajorAttacks:
    """The major attacks the record has in the ``WINDOW_DAYS`` before ``start`` (none dated on or after it)."""
    first = start - dt.timedelta(days=WINDOW_DAYS)
    lo, hi = (first - history_start).days, (start - history_start).days
    pool = tuple(e for e in record_events(record, history_start, geography)
                 if e["type"] == "militant_attack" and lo <= e["day"] < hi and
                 is_major(e["pakistan_military"], e["pakistan_civilian"]))
    return MajorAttacks(len(pool) / WINDOW_DAYS, pool, (str(first), str(start - dt.timedelta(days=1))))


def of_model(model, start_date: dt.date) -> MajorAttacks | None:
    """The major attacks of the record a particle was forced by (None: a run forced by no record)."""
    forcing = model.config.forcing
    if forcing is None or not forcing.record:
        return None
    return major_attacks(str(forcing.record), model.config.start_date, start_date, model.config.geography)


def tempo_ratio(before, after) -> float:
    """How far the TTP's factors that a what-if can set differ: (1 - restraint)(1 - counter-terror), after / before."""
    def factor(pakistan, taliban):
        return (1.0 - taliban.ttp_restraint) * (1.0 - pakistan.counter_terror)

    base = factor(*before)
    return 1.0 if base <= 0 else factor(*after) / base
