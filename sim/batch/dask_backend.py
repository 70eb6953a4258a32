"""The Dask backend: the same runs, submitted to a ``dask.distributed`` cluster (the optional extra ``[cluster]``).

With a scheduler address it joins an existing cluster (workers must see the output folder: a shared file
system on a cluster); without one it starts a local cluster of ``workers`` single-threaded processes.
"""

from __future__ import annotations

import itertools

from sim.batch.process_pool import WINDOW_PER_WORKER


def _call(payload, run):
    return payload.call(run)


def run_on_dask(todo, payload, workers: int, record, scheduler: str | None = None) -> None:
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:  # pragma: no cover - depends on the install
        raise RuntimeError("the dask backend needs dask.distributed: pip install 'durand-escalation[cluster]'") from None
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               host="127.0.0.1")
        client = Client(cluster)
    try:
        shared = client.scatter(payload, broadcast=True)  # sent once to every worker, not with each run
        n = max(1, sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()))
        pending = iter(todo)
        runs = {}  # future key -> run, to record a run whose worker kept dying

        def submit(run):
            future = client.submit(_call, shared, run, pure=False)
            runs[future.key] = run
            return future

        stream = as_completed([submit(run) for run in itertools.islice(pending, n * WINDOW_PER_WORKER)])
        for future in stream:
            run = runs.pop(future.key)
            try:
                rec = future.result()
            except Exception as exc:  # e.g. KilledWorker: dask gave up after the run killed its workers
                rec = {"run_id": run.run_id, "point": run.point, "replicate": run.replicate, "seed": run.seed,
                       "status": "failed", "error": f"{type(exc).__name__}: {exc}"}
            record(rec)  # outside the try: a batch that cannot write stops here (sim/batch/runner.py)
            future.release()
            for nxt in itertools.islice(pending, 1):
                stream.add(submit(nxt))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
