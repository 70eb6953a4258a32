"""Worker processes start from a fork server, never forked from a process that runs threads, and are born
ignoring Ctrl-C (sim/batch/start_method.py)."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor

from sim.batch import start_method
from sim.batch.start_method import worker_context


def _about_me(_) -> tuple:
    import sys

    return os.getppid(), signal.getsignal(signal.SIGINT), "sim.model" in sys.modules


def test_workers_come_from_the_fork_server_with_the_model_loaded_and_ctrl_c_ignored():
    busy = threading.Event()
    thread = threading.Thread(target=busy.wait, daemon=True)  # this process runs threads while its pool starts
    thread.start()
    try:
        context = worker_context()
        assert context.get_start_method() == "forkserver"
        with ProcessPoolExecutor(2, mp_context=context) as pool:  # no initializer: as they are born
            answers = list(pool.map(_about_me, range(4)))
    finally:
        busy.set()
    assert all(parent != os.getpid() for parent, _, _ in answers)  # the server's children, not this process's
    assert all(handler == signal.SIG_IGN for _, handler, _ in answers)
    assert all(loaded for _, _, loaded in answers)  # preloaded by the server


def test_spawn_where_there_is_no_fork_server(monkeypatch):
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert worker_context().get_start_method() == "spawn"


def test_a_command_in_one_process_starts_no_server(monkeypatch):
    started = []
    monkeypatch.setattr(start_method, "worker_context", lambda *a: started.append(a))
    start_method.start_early(1)
    assert started == []
    start_method.start_early(2)
    assert started == [()]


def test_the_suite_fails_a_test_that_forks_a_threaded_process():
    from tests import fork_guard

    busy = threading.Event()
    thread = threading.Thread(target=busy.wait, daemon=True)
    thread.start()
    try:
        fork_guard._before_fork()  # what os.fork calls first (not a real fork: this test would fail)
    finally:
        busy.set()
    caught, fork_guard._forks[:] = list(fork_guard._forks), []
    assert len(caught) == 1 and "threads running" in caught[0] and "test_start_method.py" in caught[0]
