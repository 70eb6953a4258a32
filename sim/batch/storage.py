"""A batch's folder: every finished run on disk as it finishes, a manifest line per run, provenance.

Layout of DIR:
  batch.json          provenance: tool version, sweep name and fingerprint, root seed, design, run count
  sources/            the sweep file and every scenario file it reads, as they were
  points.json         each design point's axis values and scenario digest
  manifest.jsonl      one line per finished or failed run (the last line for a run id wins)
  runs/ID.parquet     a run's daily series;  events/ID.parquet  its event log (unless --no-events)
  summary.parquet     at the end: one row per run (id, point, replicate, seed, axis values, run summary)
Files are written to a temporary name and renamed, so a half-written file never counts as finished.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
from pathlib import Path
from typing import Any, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from sim import __version__
from sim.outputs.atomic import atomic_write

MANIFEST = "manifest.jsonl"
ROW_BATCH = 1000
FIXED = ("run_id", "point", "replicate", "seed", "status", "error")


class BatchDirError(Exception):
    """The folder cannot take this batch (another sweep's results, or finished results without --resume)."""


def flatten(summary: dict, prefix: str = "") -> dict:
    """Nested summary keys as dotted columns: casualties.ttp, crossing_closed_days.Torkham, ..."""
    out = {}
    for key, value in summary.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, name + "."))
        else:
            out[name] = value
    return out


class BatchDir:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.runs = self.path / "runs"
        self.events = self.path / "events"
        self.manifest = self.path / MANIFEST

    # --- set-up -----------------------------------------------------------------------------------
    def prepare(self, plan, resume: bool) -> None:
        """Make the folder ready for ``plan``; refuse to mix another sweep into it."""
        meta = self.path / "batch.json"
        if meta.exists():
            held = json.loads(meta.read_text())
            if held.get("fingerprint") != plan.fingerprint:
                raise BatchDirError(f"{self.path} holds results of another sweep ({held.get('sweep')!r}); "
                                    "choose another --out")
            if not resume:
                raise BatchDirError(f"{self.path} already holds results of this sweep; pass --resume to finish it, "
                                    "or choose another --out")
        elif self.path.exists() and any(self.path.iterdir()):
            raise BatchDirError(f"{self.path} is not empty and holds no batch; choose another --out")
        self.path.mkdir(parents=True, exist_ok=True)
        if not meta.exists():  # first, so that a batch killed from here on is always recognised by --resume
            self._write_provenance(plan)
        for folder in (self.runs, self.events):
            folder.mkdir(exist_ok=True)
        for tmp in list(self.runs.glob(".*.tmp")) + list(self.events.glob(".*.tmp")):
            tmp.unlink(missing_ok=True)  # left by a killed worker: never a result

    def _write_provenance(self, plan) -> None:
        import mesa
        import numpy

        (self.path / "sources").mkdir(exist_ok=True)
        for i, (name, text) in enumerate(sorted(plan.source_texts.items())):
            target = self.path / "sources" / f"{i:02d}-{Path(name).name}"
            target.write_text(f"# {name}\n{text}", encoding="utf-8")
        points = [{"point": i, "axes": values, "scenario": s.name}
                  for i, (values, s) in enumerate(zip(plan.points, plan.scenarios))]
        (self.path / "points.json").write_text(json.dumps(points, indent=1, default=str) + "\n")
        spec = plan.spec
        meta = {
            "tool": "escalation", "version": __version__, "mesa": mesa.__version__, "numpy": numpy.__version__,
            "python": platform.python_version(), "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "sweep": spec.name, "sweep_file": str(plan.path), "base": str(plan.base_path),
            "fingerprint": plan.fingerprint, "design": spec.design, "points": len(plan.points),
            "replicates": spec.replicates, "runs": plan.n_runs, "root_seed": spec.root_seed,
            "common_random_numbers": spec.common_random_numbers, "days": spec.days,
            "axes": list(spec.axes), "resolved_sweep": spec.model_dump(mode="json"),
        }
        atomic_write(self.path / "batch.json", lambda p: Path(p).write_text(json.dumps(meta, indent=1) + "\n"))

    # --- results ----------------------------------------------------------------------------------
    def series_path(self, run_id: str) -> Path:
        return self.runs / f"{run_id}.parquet"

    def events_path(self, run_id: str) -> Path:
        return self.events / f"{run_id}.parquet"

    def records(self) -> Iterator[tuple[int, dict]]:
        """(byte offset, record) of every complete manifest line; a torn last line is skipped."""
        if not self.manifest.exists():
            return
        with open(self.manifest, "rb") as f:
            offset = 0
            for line in f:
                if line.endswith(b"\n"):
                    try:
                        yield offset, json.loads(line)
                    except json.JSONDecodeError:
                        pass
                offset += len(line)

    def finished(self) -> dict[str, int]:
        """run id -> manifest offset of its latest record, for runs done (with their file on disk) or failed."""
        latest: dict[str, tuple[int, str]] = {}
        for offset, rec in self.records():
            latest[rec["run_id"]] = (offset, rec["status"])
        return {rid: off for rid, (off, status) in latest.items()
                if status == "failed" or self.series_path(rid).exists()}

    def done_ids(self) -> set[str]:
        latest: dict[str, str] = {}
        for _, rec in self.records():
            latest[rec["run_id"]] = rec["status"]
        return {rid for rid, status in latest.items() if status == "done" and self.series_path(rid).exists()}

    def open_manifest(self):
        """Append mode; a torn last line (killed mid-write) is closed off first so the next line stands alone."""
        if self.manifest.exists() and self.manifest.stat().st_size:
            with open(self.manifest, "rb") as f:
                f.seek(-1, os.SEEK_END)
                torn = f.read(1) != b"\n"
            if torn:
                with open(self.manifest, "ab") as f:
                    f.write(b"\n")
        return open(self.manifest, "a", encoding="utf-8")

    # --- the final table --------------------------------------------------------------------------
    def write_summary(self, plan) -> Path:
        """summary.parquet: one row per run in design order, streamed from the manifest."""
        index = self.finished()
        axis_types = _axis_types(plan)
        columns: dict[str, pa.DataType] = {}
        with open(self.manifest, "rb") as f:
            for run in plan.runs():
                if run.run_id in index:
                    f.seek(index[run.run_id])
                    for key, value in flatten(json.loads(f.readline()).get("summary") or {}).items():
                        if key not in columns and value is not None:
                            columns[key] = _arrow_type(value)
        schema = pa.schema(
            [("run_id", pa.string()), ("point", pa.int32()), ("replicate", pa.int32()), ("seed", pa.int64())]
            + [(name, t) for name, t in axis_types.items()]
            + [("status", pa.string()), ("error", pa.string())]
            + [(k, t) for k, t in columns.items() if k not in axis_types and k not in FIXED]
        )
        target = self.path / "summary.parquet"

        def write(tmp):
            with pq.ParquetWriter(tmp, schema) as writer, open(self.manifest, "rb") as f:
                rows = []
                for run in plan.runs():
                    rows.append(self._row(run, index, f, plan, axis_types))
                    if len(rows) >= ROW_BATCH:
                        writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                        rows = []
                if rows:
                    writer.write_table(pa.Table.from_pylist(rows, schema=schema))

        atomic_write(target, write)
        return target

    def _row(self, run, index, f, plan, axis_types) -> dict:
        row: dict[str, Any] = {"run_id": run.run_id, "point": run.point, "replicate": run.replicate, "seed": run.seed}
        for name, t in axis_types.items():
            value = plan.points[run.point][name]
            row[name] = value if t != pa.string() or isinstance(value, str) else json.dumps(value, sort_keys=True)
        if run.run_id not in index:
            row["status"] = "missing"
            return row
        f.seek(index[run.run_id])
        rec = json.loads(f.readline())
        row["status"], row["error"] = rec["status"], rec.get("error")
        row.update({k: v for k, v in flatten(rec.get("summary") or {}).items() if k not in axis_types and k not in FIXED})
        return row


def _arrow_type(value) -> pa.DataType:
    if isinstance(value, bool):
        return pa.bool_()
    if isinstance(value, int):
        return pa.int64()
    if isinstance(value, float):
        return pa.float64()
    return pa.string()


def _axis_types(plan) -> dict[str, pa.DataType]:
    types = {}
    for name in plan.spec.axes:
        values = [p[name] for p in plan.points]
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            types[name] = pa.float64()
        else:
            types[name] = pa.string()
    return types
