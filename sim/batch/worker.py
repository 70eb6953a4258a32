"""What a worker does for one run: build the model, run it, write its files atomically, report a record.

The same function serves every backend (in-process, local process pool, Dask). A worker builds each
design point's scenario once and keeps it (``_SCENARIOS``), then runs many runs from it.
"""

from __future__ import annotations

import time
import traceback
from pathlib import Path

import pyarrow.parquet as pq

from sim.outputs.atomic import atomic_write
from sim.record import events_table
from sim.model import EscalationModel
from sim.scenario.schema import Scenario

_SCENARIOS: dict[str, Scenario] = {}


def scenario_for(digest: str, data: dict) -> Scenario:
    if digest not in _SCENARIOS:
        _SCENARIOS[digest] = Scenario.model_validate(data)
    return _SCENARIOS[digest]


def run_one(run, digest: str, scenario_data: dict, days: int | None, out: str, write_events: bool) -> dict:
    """Run ``run`` (a sweep.Run) and write it under ``out``; never raises: failures become records."""
    started = time.perf_counter()
    record = {"run_id": run.run_id, "point": run.point, "replicate": run.replicate, "seed": run.seed}
    try:
        model = EscalationModel(scenario_for(digest, scenario_data), rng=run.seed, days=days).run()
        folder = Path(out)
        # Column statistics help only huge files; on a run's few hundred rows they cost a quarter of the write.
        atomic_write(folder / "runs" / f"{run.run_id}.parquet",
                     lambda p: pq.write_table(model.datacollector.to_table(), p, write_statistics=False))
        if write_events:
            atomic_write(folder / "events" / f"{run.run_id}.parquet",
                         lambda p: pq.write_table(events_table(model.log.acts), p, write_statistics=False))
        record.update(status="done", summary=model.summary())
    except Exception as exc:  # a failing run is recorded; the batch goes on
        last = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        where = f" ({Path(last.filename).name}:{last.lineno})" if last else ""
        record.update(status="failed", error=f"{type(exc).__name__}: {exc}{where}")
    record["seconds"] = round(time.perf_counter() - started, 4)
    return record
