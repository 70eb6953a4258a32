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


# A script whose workers cannot import it: its own import raises anywhere but in the process that runs it.
_UNIMPORTABLE = """
import sys
from sim.batch.runner import run_batch
from sim.batch.sweep import load_sweep

if __name__ != "__main__":
    raise RuntimeError("this script cannot be imported")
try:
    run_batch(load_sweep(sys.argv[1]), sys.argv[2], workers=2, progress=False)
except RuntimeError as exc:
    print("RAISED", exc)
"""


def test_workers_that_cannot_start_stop_the_batch_at_once_with_what_to_do(tmp_path):
    """A worker dies importing the main module: the batch stops before any run, saying so (not a disk error,
    not every run retried alone on a new pool)."""
    import subprocess
    import sys

    from tests.batch.helpers import ROOT, SMOKE

    script = tmp_path / "script.py"
    script.write_text(_UNIMPORTABLE)
    proc = subprocess.run([sys.executable, str(script), str(SMOKE), str(tmp_path / "out")], capture_output=True,
                          text=True, cwd=ROOT, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert "RAISED the worker processes could not start" in proc.stdout, proc.stdout + proc.stderr
    assert "__main__" in proc.stdout and "--workers 1" in proc.stdout
    assert "cannot write" not in proc.stdout + proc.stderr
    manifest = tmp_path / "out" / "manifest.jsonl"
    assert not manifest.exists() or manifest.read_text() == ""  # no run was recorded as failed
