"""What a worker does for one run: build the model, run it, write its files atomically, report a record.

The same function serves every backend (in-process, local process pool, Dask). A worker builds each
design point's scenario once and keeps it (``_SCENARIOS``), then runs many runs from it.
"""

from __future__ import annotations

import time
import traceback
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from sim.outputs.atomic import atomic_write
from sim.outputs.write_errors import reason
from sim.outputs.write_errors import where as where_of
from sim.record import EVENT_SCHEMA, events_table
from sim.model import EscalationModel
from sim.scenario.schema import Scenario

_SCENARIOS: dict[str, Scenario] = {}
# A batch writes two small files per run, so their fixed costs count (docs/performance.md): column statistics
# help only huge files; the Arrow schema kept in the metadata is what the Parquet types already say (a table
# reads back with the same schema and values: tests/batch); the series are numbers, for which dictionary
# pages cost time and bytes; the events' names and notes repeat, for which they save both.
_OPTIONS = {"write_statistics": False, "store_schema": False}
SERIES_OPTIONS = {**_OPTIONS, "use_dictionary": False}
EVENT_OPTIONS = {**_OPTIONS, "use_dictionary": [f.name for f in EVENT_SCHEMA if f.type == pa.string()]}


def _write_parquet(table, path: Path, options: dict) -> None:
    """Encode in memory, then one atomic write of the bytes (Arrow's own file opening costs more than the
    encoding of a run's table)."""
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, **options)
    data = sink.getvalue()
    atomic_write(path, lambda tmp: Path(tmp).write_bytes(data))


def write_run_files(model, folder: Path, run_id: str, write_events: bool) -> None:
    """A finished run's series (``runs/<id>.parquet``) and, if asked, events (``events/<id>.parquet``)."""
    _write_parquet(model.datacollector.to_table(), folder / "runs" / f"{run_id}.parquet", SERIES_OPTIONS)
    if write_events:
        _write_parquet(events_table(model.log.acts), folder / "events" / f"{run_id}.parquet", EVENT_OPTIONS)


def scenario_for(digest: str, data: dict) -> Scenario:
    if digest not in _SCENARIOS:
        _SCENARIOS[digest] = Scenario.model_validate(data)
    return _SCENARIOS[digest]


def run_one(run, digest: str, scenario_data: dict, days: int | None, out: str, write_events: bool) -> dict:
    """Run ``run`` (a sweep.Run) and write it under ``out``; never raises: failures become records.

    A run that fails is ``failed`` (recorded; the batch goes on). A run whose files cannot be written (a full
    disk, a forbidden folder) is ``unwritten``: not the run's fault, and every later run would fail alike,
    so the coordinator stops the batch there (``sim/batch/runner.py``) instead of recording it.
    """
    started = time.perf_counter()
    record = {"run_id": run.run_id, "point": run.point, "replicate": run.replicate, "seed": run.seed}
    writing = False
    try:
        model = EscalationModel(scenario_for(digest, scenario_data), rng=run.seed, days=days).run()
        summary = model.summary()
        writing = True
        write_run_files(model, Path(out), run.run_id, write_events)
        record.update(status="done", summary=summary)
    except Exception as exc:
        if writing and isinstance(exc, OSError):  # the disk's fault, not the run's
            record.update(status="unwritten", error=reason(exc), where=str(where_of(exc, Path(out) / "runs")))
        else:  # a failing run is recorded; the batch goes on
            last = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
            at = f" ({Path(last.filename).name}:{last.lineno})" if last else ""
            record.update(status="failed", error=f"{type(exc).__name__}: {exc}{at}")
    record["seconds"] = round(time.perf_counter() - started, 4)
    return record
