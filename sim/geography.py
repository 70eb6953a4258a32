"""Provinces, crossings and the grid they sit on (MODEL.md s.3).

The map is data: ``sim/data/<name>.yaml`` (or any path) lists provinces with their side, row (north to
south) and column (af_interior | af_border | pk_border | pk_interior), and crossings between facing
provinces with their trade. :class:`Geography` lays them on a Mesa ``OrthogonalMooreGrid``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from random import Random
from typing import Literal

from mesa.discrete_space import OrthogonalMooreGrid
from pydantic import Field, model_validator

from sim.spec import Strict
from sim.yamlsafe import read_yaml

DATA_DIR = Path(__file__).parent / "data"
COLUMNS = ("af_interior", "af_border", "pk_border", "pk_interior")
CLOSURE_CODES = {"open": 0, "partial": 1, "closed": 2}
STATUS_NAMES = ("open", "partial", "closed")


class PostsSpec(Strict):
    count: int = Field(4, ge=0, le=100, description="border posts per border province and side")
    garrison: int = Field(25, ge=1, le=10_000, description="soldiers per post")


class ProvinceSpec(Strict):
    name: str = Field(description="province (or district) name")
    side: Literal["AF", "PK"] = Field(description="Afghan or Pakistani")
    row: int = Field(ge=0, le=100, description="border segment, 0 = northernmost")
    column: Literal["af_interior", "af_border", "pk_border", "pk_interior"] = Field(description="grid column")
    posts: PostsSpec | None = Field(None, description="border posts here (default: default_posts)")

    @model_validator(mode="after")
    def _side_matches_column(self):
        if not self.column.startswith(self.side.lower()):
            raise ValueError(f"a {self.side} province cannot sit in column {self.column}")
        return self


class CrossingSpec(Strict):
    name: str = Field(description="crossing name")
    pk: str = Field(description="Pakistani province at the crossing")
    af: str = Field(description="Afghan province at the crossing")
    trade_usd_per_day: float = Field(0.0, ge=0.0, description="trade through it on an open day")
    people_per_day: float = Field(0.0, ge=0.0, description="people crossing on an open day")
    status: Literal["open", "partial", "closed"] = Field("open", description="status before the run; closed = closed for good")


class GeographySpec(Strict):
    name: str = Field(description="map name")
    description: str = Field("", description="what the map covers")
    columns: list[str] = Field(default_factory=lambda: list(COLUMNS), description="must be the four grid columns, west to east")
    default_posts: PostsSpec = Field(default_factory=PostsSpec, description="posts of a border province unless it says otherwise")
    provinces: list[ProvinceSpec] = Field(description="the provinces, each in one grid cell")
    crossings: list[CrossingSpec] = Field(default_factory=list, description="crossings between facing provinces")

    @model_validator(mode="after")
    def _consistent(self):
        if tuple(self.columns) != COLUMNS:
            raise ValueError(f"columns must be {list(COLUMNS)}")
        names = [p.name for p in self.provinces]
        seen, cells = set(), set()
        for p in self.provinces:
            if p.name in seen:
                raise ValueError(f"province {p.name!r} listed twice")
            seen.add(p.name)
            if (p.row, p.column) in cells:
                raise ValueError(f"two provinces in row {p.row}, column {p.column}")
            cells.add((p.row, p.column))
        by_name = {p.name: p for p in self.provinces}
        for c in self.crossings:
            for key, side in (("pk", "PK"), ("af", "AF")):
                prov = by_name.get(getattr(c, key))
                if prov is None:
                    raise ValueError(f"crossing {c.name!r}: unknown province {getattr(c, key)!r} (known: {', '.join(names)})")
                if prov.side != side:
                    raise ValueError(f"crossing {c.name!r}: {prov.name} is not on the {side} side")
            pk, af = by_name[c.pk], by_name[c.af]
            if abs(pk.row - af.row) > 1 or "border" not in pk.column or "border" not in af.column:
                raise ValueError(f"crossing {c.name!r}: {pk.name} (row {pk.row}) and {af.name} (row {af.row}) "
                                 "must be border provinces facing each other (rows at most one apart)")
        return self


@dataclass(eq=False)
class Province:
    """A grid cell's province and its mutable state during a run."""

    name: str
    side: str
    row: int
    column: str
    posts: int
    garrison: int
    intact_posts: int = 0
    rebuild_queue: list[int] = field(default_factory=list)  # days left for each destroyed post
    violence: float = 0.0  # recent violence, decays daily (for display and TTP relocation)
    civilian_killed: int = 0
    cell: object = None

    @property
    def is_border(self) -> bool:
        return self.column in ("af_border", "pk_border")


@dataclass(eq=False)
class Crossing:
    name: str
    pk: Province
    af: Province
    trade_usd_per_day: float
    people_per_day: float
    closure: dict = field(default_factory=lambda: {"pakistan": 0, "taliban": 0})
    closed_days: int = 0
    fixed: bool = False  # closed before the run and for good (Nawa Pass): no policy touches it

    @property
    def status(self) -> int:
        """0 open, 1 partial, 2 closed: the stricter of the two sides' closures."""
        return max(self.closure.values())

    def trade_lost_usd(self) -> float:
        return self.trade_usd_per_day * (0.0, 0.5, 1.0)[self.status]


def load_geography_spec(name_or_path: str) -> GeographySpec:
    """A shipped map by name (``durand_line``) or a map file by path. Errors propagate to the loader."""
    path = DATA_DIR / f"{name_or_path}.yaml"
    if not path.exists():
        path = Path(name_or_path)
    stat = path.stat()
    return _parse_map(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=32)
def _parse_map(path: str, mtime_ns: int, size: int) -> GeographySpec:
    # Cached by file identity: batch workers build thousands of models from one map. The spec is frozen.
    data, _ = read_yaml(path)
    return GeographySpec.model_validate(data)


def shipped_maps() -> list[str]:
    return sorted(p.stem for p in DATA_DIR.glob("*.yaml"))


class Geography:
    """The provinces and crossings of one run, laid on a Mesa grid (rows x 4 columns)."""

    def __init__(self, spec: GeographySpec, random=None):
        self.spec = spec
        n_rows = max(p.row for p in spec.provinces) + 1
        # The grid draws no numbers for us; a fixed generator keeps Mesa from warning about reproducibility.
        self.grid = OrthogonalMooreGrid((n_rows, len(COLUMNS)), torus=False, random=random or Random(0))
        self.provinces: dict[str, Province] = {}
        for p in spec.provinces:
            posts = p.posts or spec.default_posts
            border = p.column in ("af_border", "pk_border")
            prov = Province(
                name=p.name, side=p.side, row=p.row, column=p.column,
                posts=posts.count if border else 0, garrison=posts.garrison,
            )
            prov.intact_posts = prov.posts
            prov.cell = self.grid[(p.row, COLUMNS.index(p.column))]
            self.provinces[p.name] = prov
        self.crossings: dict[str, Crossing] = {}
        for c in spec.crossings:
            crossing = Crossing(c.name, self.provinces[c.pk], self.provinces[c.af], c.trade_usd_per_day, c.people_per_day)
            # A crossing closed before the run (Nawa Pass) counts as closed by both sides.
            crossing.closure = {"pakistan": CLOSURE_CODES[c.status], "taliban": CLOSURE_CODES[c.status]}
            crossing.fixed = c.status == "closed"
            self.crossings[c.name] = crossing
        self.total_trade_usd_per_day = sum(c.trade_usd_per_day for c in self.crossings.values())
        self.n_rows = n_rows

    def of_side(self, side: str, column: str | None = None) -> list[Province]:
        return [p for p in self.provinces.values() if p.side == side and (column is None or p.column == column)]

    def facing(self, province: Province) -> list[Province]:
        """Border provinces across the Line in the same or an adjacent row, nearest row first."""
        target = "pk_border" if province.side == "AF" else "af_border"
        across = [p for p in self.provinces.values() if p.column == target and abs(p.row - province.row) <= 1]
        return sorted(across, key=lambda p: (abs(p.row - province.row), p.row))

    def border_by_distance(self, side: str, row: int) -> list[Province]:
        """A side's border provinces, nearest to ``row`` first (ties go north)."""
        column = "pk_border" if side == "PK" else "af_border"
        return sorted((p for p in self.provinces.values() if p.column == column), key=lambda p: (abs(p.row - row), p.row))

    def nearest_border(self, side: str, row: int) -> Province:
        return self.border_by_distance(side, row)[0]

    def nearest(self, province: Province, column: str) -> Province:
        """The province in ``column`` nearest by row (ties go north)."""
        candidates = [p for p in self.provinces.values() if p.column == column]
        return min(candidates, key=lambda p: (abs(p.row - province.row), p.row))
