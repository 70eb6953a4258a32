"""What a run records (docs/ODD.md, section 4.11): the daily series, the event table and the run summary.

Column and key names here are the public names of the tool's outputs: docs/outputs.md lists them, and
batch and analysis code read them. Keep them stable.
"""

from __future__ import annotations

import re
from operator import attrgetter

import pyarrow as pa

from sim import __version__
from sim.acts import CASUALTY_GROUPS
from sim.submodels.ladder import LEVEL_NAMES, Level

SERIES_COLUMNS = (
    "day", "level_pakistan", "level_taliban", "level_max", "ceasefire", "crossings_closed",
    "trade_lost_usd", "trade_lost_usd_cumulative", *CASUALTY_GROUPS,
    "ttp_fighters", "ttp_attacks", "pressure_pakistan", "pressure_taliban",
    "grievance_pakistan", "grievance_taliban",
)
# Narrow types: small files, quick writes (a batch writes one table per run).
_SERIES_TYPES = {
    "day": pa.int32(), "level_pakistan": pa.int8(), "level_taliban": pa.int8(), "level_max": pa.int8(),
    "ceasefire": pa.bool_(), "crossings_closed": pa.int16(), "trade_lost_usd": pa.float64(),
    "trade_lost_usd_cumulative": pa.float64(), **{g: pa.int32() for g in CASUALTY_GROUPS},
    "ttp_fighters": pa.int32(), "ttp_attacks": pa.int32(), "pressure_pakistan": pa.float64(),
    "pressure_taliban": pa.float64(), "grievance_pakistan": pa.float64(), "grievance_taliban": pa.float64(),
}
EVENT_COLUMNS = (
    "day", "actor", "act", "level", "province", "target", *CASUALTY_GROUPS,
    "posts_lost", "acknowledged", "attributed", "detail",
)

_NONE = (0,) * len(CASUALTY_GROUPS)  # a group nobody of which was killed today


def crossing_column(name: str) -> str:
    """Series column holding a crossing's status code (0 open, 1 partial, 2 closed)."""
    return "crossing_" + re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


class DailyCollector:
    """The day's record: one row a day, read as columns (``model_vars``: one list per column).

    Exposes ``model_vars`` and ``_collection_steps`` as Mesa's ``DataCollector`` does, so that
    ``mesa.batch_run`` can read it, without Mesa's per-value deepcopy. A row is one tuple appended a day;
    the columns are built when read (docs/performance.md).
    """

    def __init__(self, crossing_names):
        self.crossing_names = list(crossing_names)
        self.crossing_columns = [crossing_column(n) for n in self.crossing_names]
        self.columns = list(SERIES_COLUMNS) + self.crossing_columns
        self._rows: list[tuple] = []
        self._columns_read: tuple[int, dict] = (-1, {})  # (rows when last built, the columns)
        self._collection_steps: list[float] = []
        # empty agent records, so that mesa.batch_run finds what it looks for
        self._agent_records: dict = {}
        self._agenttype_records: dict = {}
        self.agent_reporters: dict = {}
        self.agenttype_reporters: dict = {}

    @property
    def model_vars(self) -> dict[str, list]:
        """Column name -> its values, one per day so far (built from the rows when read)."""
        n, built = self._columns_read
        if n != len(self._rows):
            values = zip(*self._rows) if self._rows else ([] for _ in self.columns)
            built = {c: list(v) for c, v in zip(self.columns, values)}
            self._columns_read = (len(self._rows), built)
        return built

    def forget_before(self, day: int) -> None:
        """Drop the rows of days before ``day`` (the ``day`` column says which days the rest are)."""
        self._rows = [r for r in self._rows if r[0] >= day]
        self._collection_steps = self._collection_steps[-len(self._rows):] if self._rows else []
        self._columns_read = (-1, {})

    def collect(self, model) -> None:
        """Step 8: the day's row, in the order of ``columns``."""
        casualties = model.log.casualties_today.get
        world = model.world
        pakistan, taliban = model.pakistan, model.taliban
        self._rows.append((
            model.day, pakistan.level, taliban.level, model.level_max, model.ceasefire.active,
            world.closed_today, world.trade_lost_today, world.trade_lost_total,
            *map(casualties, CASUALTY_GROUPS, _NONE),
            int(round(sum([c.fighters for c in model.ttp_cells]))), len(model.log.ttp_attacks_today),
            round(pakistan.restraint, 6), round(taliban.restraint, 6), round(pakistan.grievance, 6),
            round(taliban.grievance, 6), *world.status_codes))  # as step 6 left them, in map order
        self._collection_steps.append(model.time)

    def to_table(self) -> pa.Table:
        schema = pa.schema([(c, _SERIES_TYPES.get(c, pa.int8())) for c in self.columns])  # crossing codes: int8
        return pa.table({c: self.model_vars[c] for c in self.columns}, schema=schema)

    def get_model_vars_dataframe(self):
        return self.to_table().to_pandas()


EVENT_SCHEMA = pa.schema(
    [("day", pa.int32()), ("actor", pa.string()), ("act", pa.string()), ("level", pa.int8()),
     ("province", pa.string()), ("target", pa.string())]
    + [(g, pa.int32()) for g in CASUALTY_GROUPS]
    + [("posts_lost", pa.int32()), ("acknowledged", pa.bool_()), ("attributed", pa.bool_()), ("detail", pa.string())]
)
# event table column -> the Act attribute it shows (the table keeps its public names: docs/outputs.md)
_PLAIN_EVENT_FIELDS = {"day": "day", "actor": "actor", "act": "kind", "level": "level", "province": "place",
                       "target": "target", "posts_lost": "posts_destroyed", "acknowledged": "acknowledged",
                       "attributed": "attributed", "detail": "detail"}


def events_table(acts) -> pa.Table:
    """The event log as a table, one column at a time (a batch writes one per run: keep it quick)."""
    plain = list(zip(*map(attrgetter(*_PLAIN_EVENT_FIELDS.values()), acts))) or [()] * len(_PLAIN_EVENT_FIELDS)
    cols = dict(zip(_PLAIN_EVENT_FIELDS, plain))  # one attrgetter call per act, not one getattr per field
    for g in CASUALTY_GROUPS:
        cols[g] = [a.casualties.get(g, 0) for a in acts]
    return pa.table({name: cols[name] for name in EVENT_SCHEMA.names}, schema=EVENT_SCHEMA)


def _first(values, predicate):
    return next((i for i, x in enumerate(values) if predicate(x)), None)


def run_summary(model) -> dict:
    """The run summary. Keys are documented in docs/outputs.md; later tools depend on them."""
    v = model.datacollector.model_vars
    levels = v["level_max"]
    peak = max(levels) if levels else 0
    return {
        "scenario": model.config.name,
        "seed": model.seed,
        "days": len(levels),
        "peak_level": int(peak),
        "peak_level_name": LEVEL_NAMES[peak],
        "open_war": bool(peak >= Level.OPEN_WAR),
        "first_day_open_war": _first(levels, lambda x: x >= Level.OPEN_WAR),
        "first_day_strike": _first(levels, lambda x: x >= Level.STRIKE),
        "days_at_or_above_strike": int(sum(1 for x in levels if x >= Level.STRIKE)),
        "ceasefires": model.ceasefire.made,
        "ceasefire_breaches": model.ceasefire.breaches,
        "crossing_closed_days": {c.name: c.closed_days for c in model.world.crossings.values()},
        "trade_lost_usd": round(model.world.trade_lost_total, 2),
        "casualties": {g: int(model.log.casualties_total.get(g, 0)) for g in CASUALTY_GROUPS},
        "ttp_attacks": int(model.log.ttp_attacks_total),
        "final_level": {"pakistan": model.pakistan.level, "taliban": model.taliban.level},
        "posts_lost": dict(model.log.posts_lost),
        "posterior_sample": model.posterior_sample,
        "version": __version__,
    }
