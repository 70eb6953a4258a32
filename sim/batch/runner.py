"""Run a sweep's runs on a backend, streaming each finished run to disk and to the manifest.

Backends: ``local`` (in this process for one worker, else a process pool, one scenario load per worker
and design point) and ``dask`` (an existing ``dask.distributed`` cluster, or a local one). The
coordinator keeps only a bounded window of runs in flight; nothing of a finished run stays in memory.
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import time
from collections import Counter, deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from sim.batch.progress import Progress
from sim.batch.storage import BatchDir
from sim.batch.sweep import Plan
from sim.batch.worker import run_one

WINDOW_PER_WORKER = 4  # runs in flight per worker: enough to keep workers busy, few to lose
MAX_CRASHES = 2  # a run that killed its worker this often (running alone) is recorded as failed


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


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


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


# --- the local process pool ------------------------------------------------------------------------

_PAYLOAD: Payload | None = None


def _init_worker(payload: Payload) -> None:
    global _PAYLOAD
    _PAYLOAD = payload


def _pool_call(run) -> dict:
    return _PAYLOAD.call(run)


def _context():
    # fork starts workers in milliseconds and shares the loaded code; elsewhere fall back to spawn
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def run_on_pool(todo, payload: Payload, workers: int, record) -> None:
    """Keep ``workers x WINDOW_PER_WORKER`` runs in flight; if a worker dies, start a new pool and go on.

    A dead worker breaks the whole pool and does not say which run killed it, so the runs then in flight
    are run again one at a time, where a death can only be the run's own; a run that kills its worker
    ``MAX_CRASHES`` times on its own is recorded as failed, and the others are not blamed for it.
    """
    crashes: Counter = Counter()
    suspects: deque = deque()  # runs in flight when a worker died: next, each alone
    pending = iter(todo)
    window = workers * WINDOW_PER_WORKER
    while True:
        in_flight: dict = {}
        pool = ProcessPoolExecutor(workers, mp_context=_context(), initializer=_init_worker, initargs=(payload,))
        try:
            while suspects:
                future = pool.submit(_pool_call, suspects[0])
                in_flight = {future: suspects[0]}
                rec = future.result()
                in_flight = {}
                suspects.popleft()
                record(rec)
            for run in itertools.islice(pending, window):
                in_flight[pool.submit(_pool_call, run)] = run
            while in_flight:
                finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in finished:
                    rec = future.result()  # raises BrokenProcessPool if a worker died: the run stays in flight
                    del in_flight[future]
                    record(rec)
                    for nxt in itertools.islice(pending, 1):
                        in_flight[pool.submit(_pool_call, nxt)] = nxt
            return
        except BrokenProcessPool:
            unfinished = []
            for future, run in in_flight.items():
                if future.done() and not future.cancelled() and future.exception() is None:
                    record(future.result())
                else:
                    unfinished.append(run)
            if len(in_flight) == 1 and unfinished:  # it ran alone: the death was its own
                run = unfinished[0]
                crashes[run.run_id] += 1
                if suspects and suspects[0] == run:
                    suspects.popleft()
                if crashes[run.run_id] >= MAX_CRASHES:
                    record({"run_id": run.run_id, "point": run.point, "replicate": run.replicate, "seed": run.seed,
                            "status": "failed", "error": "worker process died while running it (twice)"})
                else:
                    suspects.appendleft(run)
            else:
                suspects.extend(unfinished)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
