"""The local backend for more than one worker: a process pool, one scenario load per worker and design point.

Ctrl-C belongs to the coordinator alone. A terminal sends SIGINT to the whole process group, and a worker
interrupted inside the pool's queue code, or a coordinator interrupted while it holds the pool's lock in
``submit``, can leave a lock taken or a message half-sent, and the pool then waits forever (a batch under
test once hung for a minute after Ctrl-C). So workers ignore SIGINT, and the coordinator's handler only
sets a flag, read between waits; once it is set the coordinator stops the workers and raises
``KeyboardInterrupt`` from there, outside the pool's code. Runs in flight are lost, as after a kill:
their files, if any, never count without a manifest line (``BatchDir.done_ids``).

Workers start from the project's fork server (``sim/batch/start_method.py``), never as forks of the
coordinator, which runs threads (the pool's own, numpy's); they are born ignoring SIGINT.
"""

from __future__ import annotations

import itertools
import os
import signal
import threading
from collections import Counter, deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

from sim.batch.start_method import worker_context

WINDOW_PER_WORKER = 4  # runs in flight per worker: enough to keep workers busy, few to lose
MAX_CRASHES = 2  # a run that killed its worker this often (running alone) is recorded as failed
POLL_S = 0.1  # how often the coordinator looks at the Ctrl-C flag while it waits for a run

_PAYLOAD = None


def _init_worker(payload) -> None:
    # first thing in the worker: a Ctrl-C from the terminal is the coordinator's to handle
    global _PAYLOAD
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _PAYLOAD = payload


def _pool_call(run) -> dict:
    return _PAYLOAD.call(run)


def _ready() -> int:
    return os.getpid()


class WorkersCannotStart(RuntimeError):
    """The pool's workers die before they run anything: the program that starts them cannot be imported by
    them (a script without ``if __name__ == "__main__":``, or one that fails when imported elsewhere), or the
    fork server itself died. Running the batch's runs one at a time would only lose them all, slowly."""

    def __init__(self, cause: BaseException):
        super().__init__(
            f"the worker processes could not start ({type(cause).__name__}: {cause}). A Python script that starts "
            "workers must keep its top-level work under `if __name__ == \"__main__\":` and import cleanly in a "
            "fresh process (docs/robustness.md, 'Worker processes start safely'); or run with one worker (--workers 1)")


def _started(pool: ProcessPoolExecutor, stop: threading.Event) -> None:
    """Wait until the new pool's workers answer; ``WorkersCannotStart`` if they die first.

    Workers not made by ``fork`` import the main module before they serve (sim/batch/start_method.py), so a
    main module that cannot be imported kills every worker as it starts. Without this probe such a death
    looked like a run killing its worker, and every run was retried alone twice, each on a new pool; or, when
    the fork server had died, the coordinator's broken pipe to it was reported as a disk that cannot be written.
    """
    try:
        future = pool.submit(_ready)
        _finished({future: None}, stop, pool)
        future.result()
    except (BrokenProcessPool, ConnectionError, EOFError) as exc:
        raise WorkersCannotStart(exc) from None


@contextmanager
def deferred_interrupt():
    """While inside, SIGINT sets the yielded event instead of raising (main thread only; elsewhere a no-op)."""
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    previous = signal.signal(signal.SIGINT, lambda signum, frame: stop.set())
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    # The executor has no public way to end its workers before Python 3.14 (terminate_workers); its
    # manager thread sees them die, marks the pool broken and cleans up its queues (CPython's own path).
    for process in list(getattr(pool, "_processes", {}).values()):
        process.terminate()


def _finished(in_flight, stop: threading.Event, pool: ProcessPoolExecutor) -> set:
    """The runs in flight that have finished, waiting for at least one; ``KeyboardInterrupt`` on Ctrl-C."""
    while True:
        if stop.is_set():
            _stop_workers(pool)
            raise KeyboardInterrupt
        finished, _ = wait(in_flight, timeout=POLL_S, return_when=FIRST_COMPLETED)
        if finished:
            return finished


def run_on_pool(todo, payload, workers: int, record) -> None:
    """Keep ``workers x WINDOW_PER_WORKER`` runs in flight; if a worker dies, start a new pool and go on.

    A dead worker breaks the whole pool and does not say which run killed it, so the runs then in flight
    are run again one at a time, where a death can only be the run's own; a run that kills its worker
    ``MAX_CRASHES`` times on its own is recorded as failed, and the others are not blamed for it.
    """
    crashes: Counter = Counter()
    suspects: deque = deque()  # runs in flight when a worker died: next, each alone
    pending = iter(todo)
    window = workers * WINDOW_PER_WORKER
    with deferred_interrupt() as stop:
        while True:
            in_flight: dict = {}
            pool = ProcessPoolExecutor(workers, mp_context=worker_context(), initializer=_init_worker,
                                       initargs=(payload,))
            try:
                _started(pool, stop)
                while suspects:
                    future = pool.submit(_pool_call, suspects[0])
                    in_flight = {future: suspects[0]}
                    _finished(in_flight, stop, pool)
                    rec = future.result()
                    in_flight = {}
                    suspects.popleft()
                    record(rec)
                for run in itertools.islice(pending, window):
                    in_flight[pool.submit(_pool_call, run)] = run
                while in_flight:
                    for future in _finished(in_flight, stop, pool):
                        rec = future.result()  # raises BrokenProcessPool if a worker died: the run stays in flight
                        del in_flight[future]
                        record(rec)
                        for nxt in itertools.islice(pending, 1):
                            in_flight[pool.submit(_pool_call, nxt)] = nxt
                return
            except BrokenProcessPool:
                _after_a_death(in_flight, suspects, crashes, record)
            finally:
                pool.shutdown(wait=True, cancel_futures=True)


def _after_a_death(in_flight: dict, suspects: deque, crashes: Counter, record) -> None:
    """Record what finished before the pool broke; queue the rest as suspects, each to run alone next."""
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
