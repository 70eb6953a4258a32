"""The filter's particles saved at dates (``checkpoints:``) and carried to the present (``present:``; docs/history.md).

A forecast starts from particles that have run every day before its first day. The filter leaves its particles at
the end of each window; two more things put them where a forecast needs them:

- **checkpoints**: at each date of the assimilation file's ``checkpoints`` the particles are saved on their way
  through the history (``checkpoints/DATE.parquet``), weighted as they stood then: a date inside a window is saved
  before that window's observations weigh in (they were not all known that day); a date at a window's end, after.
- **the present**: after the last window every particle runs on to ``present`` (forced by the record, weighed by no
  window), taking on the way any fork key and new parameters its last resampling left pending, so that each final
  particle's state is its whole self (``particles.parquet``).

Both files hold one row per particle: its weight, its parameters and its pickled model. Saving changes nothing in
what the filter does next: a run stopped and continued is the unbroken run (sim/checkpoint.py).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from sim.history import particle_filter as pf
from sim.history.particle_work import advance_to

FOLDER = "checkpoints"


def write_particles(path: Path, states: list, weights, values: list, names) -> Path:
    """One row per particle: ``particle``, ``weight``, each parameter, ``state`` (the pickled model); atomically."""
    columns = {name: [v[name] for v in values] for name in names}
    table = pa.table({"particle": list(range(len(states))), "weight": np.asarray(weights, dtype=float), **columns,
                      "state": pa.array(states, type=pa.binary())})
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)  # a kill leaves the old file or the new one, never half of one
    return path


def checkpoint_path(out: Path, date: dt.date) -> Path:
    return Path(out) / FOLDER / f"{date.isoformat()}.parquet"


def checkpoint_days(asm) -> dict[int, dt.date]:
    """The assimilation's checkpoints by run day (the first day a checkpoint's particles have not run)."""
    return {asm.offset(date): date for date in asm.spec.checkpoints}


def stops_between(asm, after: int, before: int) -> tuple[int, ...]:
    """Checkpoint days strictly between ``after`` and ``before``, in order: saved inside one advance."""
    return tuple(sorted(d for d in checkpoint_days(asm) if after < d < before))


def save_checkpoints(asm, out: Path, days: tuple[int, ...], saved: list, weights, values: list) -> None:
    """Write the states saved at ``days`` (``saved``: per particle, one state per day) with ``weights``."""
    dates = checkpoint_days(asm)
    for k, day in enumerate(days):
        path = checkpoint_path(out, dates[day])
        path.parent.mkdir(parents=True, exist_ok=True)
        write_particles(path, [s[k] for s in saved], weights, values, asm.priors.parameters)


def settle(asm, state, run, out: Path, here: int, end: int) -> np.ndarray:
    """Every particle run from day ``here`` to day ``end`` (zero days or more), taking its pending fork and
    parameters; checkpoints on the way, and at ``end`` itself, saved. Returns the levels of the days run."""
    stops = stops_between(asm, here, end)
    tasks = [(s, v if c else None, f, end, stops) for s, v, c, f in zip(state.states, state.values, state.changed,
                                                                          state.forks)]
    results = list(run(advance_to, tasks))
    weights = pf.normalised(state.log_weights)
    save_checkpoints(asm, out, stops, [r[2] for r in results], weights, state.values)
    state.states = [r[0] for r in results]
    state.forks, state.changed = [None] * len(results), [False] * len(results)
    if end in checkpoint_days(asm):
        save_checkpoints(asm, out, (end,), [[s] for s in state.states], weights, state.values)
    return np.stack([r[1] for r in results]) if results else np.zeros((0, 0), dtype=np.int8)
