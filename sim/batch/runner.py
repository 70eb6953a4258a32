"""Run a sweep's runs on a backend, streaming each finished run to disk and to the manifest.

Backends: ``local`` (in this process for one worker, else a process pool, one scenario load per worker
and design point) and ``dask`` (an existing ``dask.distributed`` cluster, or a local one). The
coordinator keeps only a bounded window of runs in flight; nothing of a finished run stays in memory.
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
    """Run every run of ``plan`` not yet finished in ``out``; write ``summary.parquet`` at the end."""
    store = BatchDir(out)
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
