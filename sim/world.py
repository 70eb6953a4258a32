"""The world of one run: provinces and crossings on a Mesa grid, TTP presence, targeting and damage.

Built from a validated map (:mod:`sim.scenario.maps`). Agents ask it where things are (``strike_target``,
``refuge_for``, ``facing``) and it carries the effects of acts that land on places (posts destroyed,
TTP fighters struck, civilian harm), so that state about a place lives with the place (docs/ODD.md,
sections 2.3 and 7.9-7.11).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from random import Random

from mesa.discrete_space import OrthogonalMooreGrid

import sim.mesa_cells  # noqa: F401  (a restored run pickles again: Mesa's grid cells)

from sim.closure_ledger import Closure, ClosureLedger
from sim.scenario.maps import BORDER_COLUMNS, COLUMNS, GeographySpec
from sim.sides import SIDE_KEYS, of_country, other
from sim.sides import side as side_of
from sim.submodels import crossings as xings
from sim.submodels.crossings import TRADE_LOST_FRACTION, CrossingStatus
from sim.submodels.ladder import Level

VIOLENCE_KEPT_PER_DAY = 0.8  # recent violence fades by a fifth a day: the page's shading (docs/ODD.md, 2.3)


@dataclass(eq=False)
class Province:
    """A grid cell's province and its mutable state during a run."""

    name: str
    side: str  # "PK" or "AF": the country of :mod:`sim.sides`
    row: int
    column: str
    posts: int
    garrison: int
    intact_posts: int = 0
    rebuild_queue: list[int] = field(default_factory=list)  # days left for each destroyed post
    violence: float = 0.0  # sum of the rungs of acts here, fading daily (the page's shading)
    cell: object = None

    @property
    def is_border(self) -> bool:
        return self.column in BORDER_COLUMNS


@dataclass(eq=False)
class Crossing:
    name: str
    pk: Province
    af: Province
    trade_usd_per_day: float
    people_per_day: float
    closure: Closure = field(default_factory=lambda: {"pakistan": CrossingStatus.OPEN, "taliban": CrossingStatus.OPEN})
    closed_days: int = 0
    closed_for_good: bool = False  # closed before the run (Nawa Pass): no policy or act touches it
    political: dict = field(default_factory=lambda: {"pakistan": False, "taliban": False})  # closed after strikes (7.11)
    closed_on: dict = field(default_factory=lambda: {"pakistan": None, "taliban": None})  # day of each side's closure

    def __post_init__(self) -> None:
        self.closure = Closure(self.closure)

    @property
    def status(self) -> CrossingStatus:
        """The stricter of the two sides' closures."""
        return self.closure.top

    def trade_lost_usd(self) -> float:
        return self.trade_usd_per_day * TRADE_LOST_FRACTION[self.status]


class World:
    """The provinces and crossings of one run, laid on a Mesa grid (rows x 4 columns), and the TTP on it."""

    def __init__(self, spec: GeographySpec, random=None):
        self.spec = spec
        self.n_rows = max(p.row for p in spec.provinces) + 1
        self.default_row = self.n_rows // 2  # where an act with no provocation to answer lands
        # The grid draws no numbers for us; a fixed generator keeps Mesa from warning about reproducibility.
        self.grid = OrthogonalMooreGrid((self.n_rows, len(COLUMNS)), torus=False, random=random or Random(0))
        self.provinces: dict[str, Province] = {}
        for p in spec.provinces:
            posts = p.posts or spec.default_posts
            prov = Province(name=p.name, side=p.side, row=p.row, column=p.column,
                            posts=posts.count if p.column in BORDER_COLUMNS else 0, garrison=posts.garrison)
            prov.intact_posts = prov.posts
            prov.cell = self.grid[(p.row, COLUMNS.index(p.column))]
            self.provinces[p.name] = prov
        self.crossings: dict[str, Crossing] = {}
        for c in spec.crossings:
            status = CrossingStatus.named(c.status)  # closed before the run: closed by both sides
            self.crossings[c.name] = Crossing(c.name, self.provinces[c.pk], self.provinces[c.af], c.trade_usd_per_day,
                                              c.people_per_day, closure={"pakistan": status, "taliban": status},
                                              closed_for_good=status == CrossingStatus.CLOSED)
        self.total_trade_usd_per_day = sum(c.trade_usd_per_day for c in self.crossings.values())
        self._trading = [c for c in self.crossings.values() if not c.closed_for_good]  # fixed for the run
        self.closures = ClosureLedger(self.crossings, self._trading, self.total_trade_usd_per_day)
        self._with_posts = [p for p in self.provinces.values() if p.posts]
        self._violent: dict[str, Province] = {}  # the provinces any act has hit (their violence is above 0)
        facts = self.closures.facts
        self.statuses = facts.statuses  # as of the last step 6 (count_trade)
        self.status_codes = facts.codes  # the same as plain ints (the day's record)
        self.closed_today = 0
        self.cities = frozenset(p.name for p in self.provinces.values() if p.column == "pk_interior")  # 7.8
        self.ttp_cells = ()  # the model's TTP cells (a tuple), set once they are built
        self.border_forces: dict = {}  # (side key, province) -> its BorderForce, set once they are built (7.9a)
        self.struck_today: set[str] = set()
        self.civilian_harm_today: dict[str, int] = {}
        # live disputes at the line (sim/record_events.py): (objecting side, its border province) -> (last day,
        # the province its force would fire at)
        self.disputes: dict[tuple[str, str], tuple[int, str]] = {}
        self.calm_days = 0  # consecutive days with no rung above rhetoric: the reopening clock (7.11)
        self.trade_lost_today = facts.trade_lost_usd  # as of step 6 of the last day
        self.trade_lost_total = 0.0
        self.surges: list[tuple[int, float]] = []  # (last day + 1, factor) of scripted TTP surges (7.12)
        self.ttp_surge = 1.0  # today's product of the surges in force
        self._where: dict = {}  # answers of the questions about where things are: the map does not change

    # --- where things are -------------------------------------------------------------------------
    def _cached(self, key: tuple, answer):
        """``answer()`` the first time ``key`` is asked, the same tuple after (docs/performance.md)."""
        found = self._where.get(key)
        if found is None:
            found = self._where[key] = tuple(answer())
        return found

    def of_side(self, country: str, column: str | None = None) -> tuple[Province, ...]:
        return self._cached(("of_side", country, column), lambda: (
            p for p in self.provinces.values() if p.side == country and (column is None or p.column == column)))

    def facing(self, province: Province) -> tuple[Province, ...]:
        """Border provinces across the Line in the same or an adjacent row, nearest row first."""
        def answer():
            target = of_country(province.side).other.border_column
            across = [p for p in self.provinces.values() if p.column == target and abs(p.row - province.row) <= 1]
            return sorted(across, key=lambda p: (abs(p.row - province.row), p.row))
        return self._cached(("facing", province.name), answer)

    def border_by_distance(self, country: str, row: int) -> tuple[Province, ...]:
        """A side's border provinces, nearest to ``row`` first (ties go north)."""
        column = of_country(country).border_column
        return self._cached(("border_by_distance", country, row), lambda: sorted(
            (p for p in self.provinces.values() if p.column == column), key=lambda p: (abs(p.row - row), p.row)))

    def nearest_border(self, country: str, row: int) -> Province:
        return self.border_by_distance(country, row)[0]

    def nearest(self, province: Province, column: str) -> Province:
        """The province in ``column`` nearest by row (ties go north)."""
        key = ("nearest", province.name, column)
        found = self._where.get(key)  # asked for each TTP attack: looked up without building the answer's closure
        if found is None:
            found = self._where[key] = min((p for p in self.provinces.values() if p.column == column),
                                           key=lambda p: (abs(p.row - province.row), p.row))
        return found

    @property
    def trade_lost_share(self) -> float:
        """Share of border trade lost, as of step 6 of the last day (what restraint reads: 7.4)."""
        total = self.total_trade_usd_per_day
        return self.trade_lost_today / total if total else 0.0

    def trade_lost_share_by(self, side: str) -> float:
        """Share of the map's trade lost to ``side``'s own closures, as of the last step 6 (7.1, 7.11)."""
        return self.closures.facts.share_by[side]

    def has_closure_by(self, side: str) -> bool:
        """Whether ``side`` holds any closure it could lift (closures made before the run are not its own)."""
        return self.closures.facts.closing[side]

    # --- the TTP on the map (docs/ODD.md, 7.8 and 7.10) -------------------------------------------
    def ttp_fighters_in(self, province) -> float:
        return sum(c.fighters for c in self.ttp_cells if c.province is province)

    def ttp_leaders_in(self, province) -> bool:
        return any(c.leaders for c in self.ttp_cells if c.province is province)

    def strike_target(self, row: int, interior: bool) -> Province:
        """Where Pakistan strikes: TTP leaders deep inside, or the busiest TTP province near ``row``."""
        if interior:
            led = [p for p in self.of_side("AF") if self.ttp_leaders_in(p)]
            if led:
                return min(led, key=lambda p: (abs(p.row - row), p.row))
            return min(self.of_side("AF", "af_interior") or self.of_side("AF"), key=lambda p: (abs(p.row - row), p.row))
        near = [p for p in self.of_side("AF", "af_border") if abs(p.row - row) <= 2 and self.ttp_fighters_in(p) > 0]
        if near:
            return max(near, key=lambda p: (self.ttp_fighters_in(p), -abs(p.row - row), -p.row))
        return self.nearest_border("AF", row)

    def refuge_for(self, province) -> Province | None:
        """Where a struck cell flees: an unstruck Afghan province within a row, interior first."""
        options = [p for p in self.of_side("AF") if abs(p.row - province.row) <= 1
                   and p is not province and p.name not in self.struck_today]
        if not options:
            return None
        return min(options, key=lambda p: (p.column != "af_interior", abs(p.row - province.row), p.row))

    # --- effects of acts on places ----------------------------------------------------------------
    def strike_ttp(self, province, act, rng, combat) -> None:
        """An air strike on ``province``: each cell there loses a binomial share, its leaders may die."""
        self.struck_today.add(province.name)
        for cell in self.ttp_cells:
            if cell.province is not province:
                continue
            killed = int(rng.binomial(int(cell.fighters), combat.strike_ttp_kill_fraction))
            cell.fighters -= killed
            cell.struck = True
            act.add("ttp", killed)
            if cell.leaders and rng.random() < combat.leader_kill_probability:
                cell.leaders = False
                act.detail = (act.detail + "; " if act.detail else "") + f"leaders of {cell.name} killed"

    def destroy_post(self, province, act, rebuild_days: int) -> None:
        if province.intact_posts > 0:
            province.intact_posts -= 1
            province.rebuild_queue.append(rebuild_days)
            act.posts_destroyed += 1

    def record_civilian_harm(self, act, group: str) -> None:
        """Civilians of ``group`` killed by ``act`` count where it first landed (TTP recruitment, 7.8)."""
        n = act.killed(group)
        if n and act.provinces:
            first = act.provinces[0]
            self.civilian_harm_today[first] = self.civilian_harm_today.get(first, 0) + n

    def close_crossings_near(self, side: str, row: int | None, day: int | None = None) -> list[str]:
        """A rung-2 closure: the crossings within a row of the provocation, or all that carry trade."""
        near = {c.name for c in self.crossings.values() if row is not None and abs(c.pk.row - row) <= 1}
        return xings.close(self.crossings, side, CrossingStatus.CLOSED, near or None, day=day)

    def feel(self, act) -> None:
        """An act raises the recent violence of every province it landed in by its rung; fire across the Line
        by a state (rungs 3-4) lands in the inbox of the other side's border force there (7.9a): strikes are not
        answered by posts, and raids are fought out at the posts raided (7.10)."""
        fire = Level.SKIRMISH <= act.level <= Level.SHELLING and act.actor in SIDE_KEYS and self.border_forces
        for name in act.provinces:
            self.provinces[name].violence += act.level
            self._violent.setdefault(name, self.provinces[name])
            force = self.border_forces.get((other(act.actor), name)) if fire else None
            if force is not None:
                force.receive(act)

    def start_dispute(self, objector: str, province: str, last_day: int) -> None:
        """A dispute in ``province``'s sector: the objector's border force there faces the other side's province."""
        prov = self.provinces[province]
        ours = prov.side == side_of(objector).country
        own, target = (prov, self.facing(prov)[0]) if ours else (self.facing(prov)[0], prov)
        self.disputes[(objector, own.name)] = (last_day, target.name)

    def live_disputes(self, day: int) -> list[tuple[str, str]]:
        """The (side, province) of every dispute still live today; ended ones are dropped."""
        self.disputes = {k: v for k, v in self.disputes.items() if v[0] >= day}
        return list(self.disputes)

    # --- the day's bookkeeping --------------------------------------------------------------------
    def start_day(self, day: int) -> None:
        self.struck_today = set()
        self.civilian_harm_today = {}
        self.surges = [(until, f) for until, f in self.surges if until > day]
        self.ttp_surge = math.prod(f for _, f in self.surges) if self.surges else 1.0  # in order, as np.prod did

    def add_surge(self, day: int, days: int, factor: float) -> None:
        """TTP tempo times ``factor`` for ``days`` days from today (today's tempo is already set: 7.12)."""
        self.surges.append((day + days, factor))
        self.ttp_surge *= factor

    def count_trade(self) -> None:
        """Step 6: today's trade lost and closed days, after today's closures and reopenings; the statuses
        stay in ``statuses`` (map order) for the day's record (step 8; nothing changes them in step 7)."""
        facts = self.closures.facts
        self.statuses = facts.statuses  # never changed in place: a new list after each change
        self.status_codes = facts.codes
        self.trade_lost_today = facts.trade_lost_usd
        self.trade_lost_total += self.trade_lost_today
        self.closed_today = 0  # crossings fully closed today, those closed before the run left out (the record)
        for c in facts.closed:
            c.closed_days += 1
            self.closed_today += not c.closed_for_good

    def fade_and_rebuild(self) -> None:
        """End of the day: violence fades; destroyed posts come back after ``rebuild_days``."""
        for prov in self._violent.values():  # elsewhere violence is 0 and stays so
            prov.violence *= VIOLENCE_KEPT_PER_DAY
        for prov in self._with_posts:  # only provinces with posts have posts to rebuild
            if prov.rebuild_queue:
                prov.rebuild_queue = [t - 1 for t in prov.rebuild_queue]
                done = sum(1 for t in prov.rebuild_queue if t <= 0)
                if done:
                    prov.intact_posts += done
                    prov.rebuild_queue = [t for t in prov.rebuild_queue if t > 0]
