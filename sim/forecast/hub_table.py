"""A forecast as the forecast hubs store one (hubverse's model-output format), for analysts' own tools.

One row per scenario, target, horizon and output: ``scenario`` (``base`` or a what-if's name), ``origin_date``
(the forecast's first day), ``target``, ``horizon_days``, ``output_type``, ``output_type_id``, ``value``.

- A true/false target (open war, a Pakistani strike, a Taliban offensive, a national ceasefire, a main crossing
  open) is a ``pmf`` over its two outcomes: ``output_type_id`` "true" and "false", each with its probability.
- A number (``casualties.<group>`` over the horizon, ``peak_level``) is given by its ``quantile``s at the 23 levels
  the US COVID-19 and influenza hubs ask for (0.01, 0.025, 0.05, 0.1, ..., 0.9, 0.95, 0.975, 0.99); each quantile
  is a value some run had (``inverted_cdf``), as the scores of sim/scoring take them.

``output_type_id`` is text in every row (a level or a category), as hubverse keeps it when types mix. Written as
Parquet and CSV.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from sim.acts import CASUALTY_GROUPS
from sim.forecast.outcomes import binary_targets

QUANTILE_LEVELS = (0.01, 0.025, *[round(0.05 * k, 2) for k in range(1, 20)], 0.975, 0.99)
COLUMNS = ("scenario", "origin_date", "target", "horizon_days", "output_type", "output_type_id", "value")


def _numbers(outcomes: list, horizon: int) -> dict[str, np.ndarray]:
    out = {f"casualties.{g}": np.array([o.total(g, horizon) for o in outcomes], dtype=float) for g in CASUALTY_GROUPS}
    out["peak_level"] = np.array([o.peak(horizon) for o in outcomes], dtype=float)
    return out


def hub_rows(runs) -> list[dict]:
    rows = []
    origin = str(runs.start_date)
    for what_if, outcomes in zip(runs.variants, runs.outcomes):
        for h in runs.spec.horizons:
            for target in binary_targets():
                p = float(np.mean([o.happened(target, h) for o in outcomes]))
                for outcome, value in (("true", p), ("false", 1.0 - p)):
                    rows.append({"scenario": what_if.name, "origin_date": origin, "target": target, "horizon_days": h,
                                 "output_type": "pmf", "output_type_id": outcome, "value": value})
            for target, x in _numbers(outcomes, h).items():
                for level, q in zip(QUANTILE_LEVELS, np.quantile(x, QUANTILE_LEVELS, method="inverted_cdf")):
                    rows.append({"scenario": what_if.name, "origin_date": origin, "target": target, "horizon_days": h,
                                 "output_type": "quantile", "output_type_id": f"{level:g}", "value": float(q)})
    return rows


def hub_table(runs) -> pa.Table:
    rows = hub_rows(runs)
    schema = pa.schema([("scenario", pa.string()), ("origin_date", pa.string()), ("target", pa.string()),
                        ("horizon_days", pa.int32()), ("output_type", pa.string()), ("output_type_id", pa.string()),
                        ("value", pa.float64())])
    return pa.table({c: [r[c] for r in rows] for c in COLUMNS}, schema=schema)


def write_hub_table(runs, out: Path) -> tuple[Path, Path]:
    table = hub_table(runs)
    pq.write_table(table, out / "hub.parquet")
    pacsv.write_csv(table, out / "hub.csv")
    return out / "hub.parquet", out / "hub.csv"
