"""How every worker process of the project starts: never by forking a process that may run threads.

A ``fork`` copies only the thread that forks. A lock another thread held at that instant (a queue's feeder
thread, the logging module, a native thread pool) stays held in the child for ever, and the child can hang
on it; Python warns of it ("This process ... is multi-threaded, use of fork() may lead to deadlocks in the
child") and 3.14 no longer forks by default on Linux. The batch's pool (and so hindcasts and comparisons),
the calibration's sampler and the history's particle filter all start their workers from here:
``forkserver`` where the system has it, else ``spawn``.

The fork server is a fresh, single-threaded process, started once per coordinating process; each worker is
forked from it. It imports ``PRELOAD`` (the model and the batch's worker) before it serves, so a worker
starts with the model's code already loaded: starting two workers costs a few milliseconds after the
server's own start (about a second's imports, once; ``benchmarks/bench_batch.py`` measures both). The
preload list is read when the server starts; modules asked for later are imported by each worker instead.

As with any pool not made by ``fork``, each worker imports the main module of the program that started it
(so that a function defined there can be sent to it): a Python script that runs a batch, a hindcast or a
calibration with more than one worker keeps its own top-level work under ``if __name__ == "__main__":``, or
every worker runs the script again (a benchmark script written for this change did, until it had one).

Workers are born ignoring Ctrl-C: the terminal sends SIGINT to the whole process group, and it is the
coordinator's to handle (``sim/batch/process_pool.py``). The server is started with SIGINT ignored, a
disposition that survives its ``exec`` and that it hands to every worker it forks, so no worker can be
interrupted before its pool's initializer runs (each initializer ignores SIGINT too, in case the server
was started elsewhere).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading

PRELOAD = ("sim.batch.worker",)  # imports sim.model, the scenario schema, pyarrow: what every worker needs


def default_workers() -> int:
    """As many workers as this process may use cores."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def start_early(workers: int | None) -> None:
    """For a command that will start ``workers`` (None: the default) worker processes: start their fork server
    now, so that its imports run beside the command's own (reading its input, loading the model) rather than
    after them. A command that runs in one process starts nothing."""
    if (workers or default_workers()) > 1:
        worker_context()


def worker_context(*preload: str):
    """The multiprocessing context for a pool of workers; ``preload``: more modules for the fork server to
    import, if it is not running yet (a module that fails to import there is left to the workers)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(sorted({*PRELOAD, *preload}))
    _start_server()
    return context


def _start_server() -> None:
    """Start the fork server now (if it is not running) with SIGINT ignored; from the main thread only, where
    signal dispositions can be changed (elsewhere it starts with the first worker)."""
    from multiprocessing import forkserver

    if threading.current_thread() is not threading.main_thread():
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, previous)
