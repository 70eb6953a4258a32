"""The start method of the filter's worker processes: never ``fork`` from a process that may run threads
(a child can hang on a lock another thread held; Python 3.14 no longer forks by default on Linux). ``forkserver``
where the system has it, else ``spawn``; the workers import the model once and receive the scenario and windows
through their initializer."""

from __future__ import annotations

import multiprocessing


def worker_context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
