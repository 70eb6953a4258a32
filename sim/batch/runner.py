"""Run a sweep's runs on a backend, streaming each finished run to disk and to the manifest.

Backends: ``local`` (in this process for one worker, else a process pool, one scenario load per worker
and design point) and ``dask`` (an existing ``dask.distributed`` cluster, or a local one). The
coordinator keeps only a bounded window of runs in flight; nothing of a finished run stays in memory.

A batch that cannot write (a full disk, a quota, a forbidden or read-only folder: a worker's run files,
the manifest, the provenance or the summary) stops at the first failure with an ``OutputWriteError``
saying which folder, how many runs are finished and kept, and how many bytes the folder holds; a resumed
batch (``--resume``, here or on a copy of the folder elsewhere) goes on from those runs.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sim.batch.process_pool import run_on_pool
from sim.batch.start_method import default_workers
from sim.batch.progress import Progress
from sim.batch.storage import BatchDir
from sim.batch.sweep import Plan
from sim.batch.worker import run_one
from sim.outputs.write_errors import OutputWriteError, reason, size, size_text, where


@dataclass
class Outcome:
    total: int
    done: int
    failed: int
    already: int
    seconds: float
    summary: Path

    @property
    def runs_per_second(self) -> float:
        fresh = self.done + self.failed - self.already
        return fresh / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True)
class Payload:
    """What every worker needs, sent once: each design point's scenario (as data) and the output settings."""

    digests: tuple[str, ...]
    scenarios: tuple[dict, ...]
    days: int | None
    out: str
    write_events: bool

    def call(self, run) -> dict:
        return run_one(run, self.digests[run.point], self.scenarios[run.point], self.days, self.out, self.write_events)


def run_batch(plan: Plan, out: str | Path, workers: int | None = None, backend: str = "local",
              scheduler: str | None = None, resume: bool = False, write_events: bool = True,
              progress: bool = True) -> Outcome:
    """Run every run of ``plan`` not yet finished in ``out``; write ``summary.parquet`` at the end.
    ``OutputWriteError`` if the folder cannot be written."""
    store = BatchDir(out)
    try:
        return _run(plan, store, workers, backend, scheduler, resume, write_events, progress)
    except _CannotWrite as exc:
        raise _stopped(plan, store, exc.where, exc.reason) from None
    except ConnectionError:  # a pipe to a worker or the fork server, not a disk (process_pool.WorkersCannotStart)
        raise
    except OSError as exc:
        raise _stopped(plan, store, where(exc, store.path), reason(exc)) from None


class _CannotWrite(Exception):
    """A worker could not write a run's files (``run_one``'s ``unwritten`` record)."""

    def __init__(self, where: str, reason: str):
        super().__init__(where, reason)
        self.where, self.reason = where, reason


def _stopped(plan: Plan, store: BatchDir, folder, why: str) -> OutputWriteError:
    """What a batch that could not write says: which folder, why, what it keeps."""
    if not (store.path / "batch.json").exists():  # stopped before it could be resumed: nothing was run
        return OutputWriteError(folder, why, "nothing was run")
    done = len(store.done_ids())
    kept = (f"the batch stopped; {done} of {plan.n_runs} runs are finished and kept in {store.path} "
            f"({size_text(size(store.path))} written), the runs in flight are lost")
    return OutputWriteError(folder, why, kept, folder=store.path)


def _run(plan: Plan, store: BatchDir, workers, backend, scheduler, resume, write_events, progress) -> Outcome:
    store.prepare(plan, resume)
    workers = workers or default_workers()
    done_before = store.done_ids()
    payload = Payload(plan.digests,
                      tuple(s.model_dump(mode="json") for s in plan.scenarios),
                      plan.spec.days, str(store.path), write_events)
    todo = (run for run in plan.runs() if run.run_id not in done_before)
    bar = Progress(plan.n_runs, len(done_before), label=f"batch {plan.spec.name}") if progress else None
    started = time.perf_counter()
    counts = Counter(done=len(done_before))
    with store.open_manifest() as manifest:
        def record(rec: dict) -> None:
            if rec["status"] == "unwritten":  # never in the manifest: the run is simply not finished
                raise _CannotWrite(rec["where"], rec["error"])
            manifest.write(json.dumps(rec, sort_keys=True) + "\n")
            manifest.flush()  # on disk for the OS now: a killed coordinator loses no finished run
            counts[rec["status"]] += 1
            if bar:
                bar.update(rec)

        try:
            if backend == "dask":
                from sim.batch.dask_backend import run_on_dask

                run_on_dask(todo, payload, workers, record, scheduler)
            elif workers == 1:
                for run in todo:
                    record(payload.call(run))
            else:
                run_on_pool(todo, payload, workers, record)
        finally:
            if bar:
                bar.close()
    summary = store.write_summary(plan)
    return Outcome(plan.n_runs, counts["done"], counts["failed"], len(done_before),
                   time.perf_counter() - started, summary)
