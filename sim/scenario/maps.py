"""Map files (docs/ODD.md, section 6.1): the schema of a map and where the shipped maps live.

The map is data: ``sim/data/<name>.yaml`` (or any path) lists provinces with their side, row (north to
south) and column (af_interior | af_border | pk_border | pk_interior), and crossings between facing
provinces with their trade. :class:`sim.world.World` lays a validated map on a Mesa grid for one run.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from sim.scenario.strict import Strict
from sim.scenario.yamlsafe import read_yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
COLUMNS = ("af_interior", "af_border", "pk_border", "pk_interior")
BORDER_COLUMNS = ("af_border", "pk_border")


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
    people_per_day: float = Field(0.0, ge=0.0, description="people crossing on an open day (0: trade only - a closure "
                                                           "there does not ease to partial, docs/ODD.md 7.11)")
    status: Literal["open", "partial", "closed"] = Field(
        "open", description="status before the run; closed = closed for good")


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
