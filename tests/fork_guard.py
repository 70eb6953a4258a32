"""A test fails if it forks the test process while that process runs more than one thread.

A worker forked from a threaded process can hang on a lock another thread held at the fork; the project's
pools start their workers from a fork server instead (``sim/batch/start_method.py``). Python 3.12+ warns
of such a fork ("This process ... is multi-threaded, use of fork() may lead to deadlocks in the child"), but
``-W error::DeprecationWarning`` cannot turn that warning into a failure: CPython raises it inside
``os.fork`` after the fork is done and clears the error there (measured on 3.13: with the warning set to
``error`` the fork goes on, nothing is raised and nothing is reported). So the suite watches the forks
themselves: ``os.register_at_fork`` calls ``_before_fork`` in this process before every fork
(``os.fork``, multiprocessing's ``fork`` start method; not ``subprocess``, which does not run Python in
the child), and a fork made while the process has other threads (counted as Python counts them for its
warning: the process's threads, native ones included) fails the test that made it, with where it was made.
"""

from __future__ import annotations

import os
import threading
import traceback

import pytest

_forks: list[str] = []


def threads() -> int:
    """The threads of this process, native ones included (numpy's, a pool's); Python's own where /proc is not."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("Threads:"))
    except (OSError, StopIteration, ValueError):
        return threading.active_count()


def _before_fork() -> None:
    count = threads()
    if count > 1:
        _forks.append(f"forked with {count} threads running, at:\n" + "".join(traceback.format_stack(limit=12)[:-1]))


os.register_at_fork(before=_before_fork)


@pytest.fixture(autouse=True)
def no_fork_from_threads():
    _forks.clear()
    yield
    if _forks:
        found = list(_forks)
        _forks.clear()
        pytest.fail("a fork from a multi-threaded process (start workers from sim.batch.start_method instead):\n"
                    + "\n".join(found), pytrace=False)
