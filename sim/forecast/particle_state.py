"""Where a forecast starts: STATE, the particles an assimilation left (``escalation assimilate``; docs/history.md).

STATE is an assimilation's output folder (its final particles, ``particles.parquet``, at the present) or
``FOLDER/DATE`` for a checkpoint the filter saved on its way (``checkpoints/DATE.parquet``). Each row is one particle:
its weight, its parameters and its pickled model, which has run every day before the forecast's first day. Anything
else is a :class:`ForecastInputError`, one line naming the path and what was expected (the command exits 2).
"""

from __future__ import annotations

import datetime as dt
import pickle
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

PARTICLES = "particles.parquet"
CHECKPOINTS = "checkpoints"
FIXED = ("particle", "weight", "state")


class ForecastInputError(ValueError):
    """A STATE, a what-if or a backtest file that cannot be used (exit 2, nothing written)."""


@dataclass
class ParticleSet:
    source: Path  # the parquet file read
    states: list  # each particle's pickled model
    weights: np.ndarray  # normalised
    values: list  # each particle's parameters
    start_day: int  # the run day the forecast starts on (the first day no particle has run)
    start_date: dt.date

    def first(self):
        """The first particle's model (its scenario: names of crossings, mediators; what-ifs are checked on it)."""
        return pickle.loads(self.states[0])


def _file_of(state: Path) -> Path:
    if state.is_dir():
        if (state / PARTICLES).is_file():
            return state / PARTICLES
        raise ForecastInputError(f"{state}: not an assimilation's output folder (no {PARTICLES}; "
                                 "`escalation assimilate` writes one)")
    if state.suffix == ".parquet" and state.is_file():
        return state
    try:
        date = dt.date.fromisoformat(state.name)
    except ValueError:
        raise ForecastInputError(f"{state}: not an assimilation's output folder, nor FOLDER/DATE of a checkpoint "
                                 "it saved (e.g. out/assimilation/2026-01-01)") from None
    folder = state.parent
    path = folder / CHECKPOINTS / f"{date.isoformat()}.parquet"
    if not path.is_file():
        saved = sorted(p.stem for p in (folder / CHECKPOINTS).glob("*.parquet"))
        raise ForecastInputError(f"{state}: {folder} holds no checkpoint at {date} (saved: "
                                 f"{', '.join(saved) or 'none'}; the assimilation file's checkpoints: list them)")
    return path


def read_state(state: str | Path) -> ParticleSet:
    """The particles of STATE (see the module's doc); raises :class:`ForecastInputError`."""
    path = _file_of(Path(state))
    try:
        table = pq.read_table(path)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is the same bad input
        raise ForecastInputError(f"{path}: cannot be read as particles ({exc})") from None
    if not set(FIXED) <= set(table.column_names) or table.num_rows == 0:
        raise ForecastInputError(f"{path}: not a file of particles (expected the columns "
                                 f"{', '.join(FIXED)} and a row per particle)")
    data = table.to_pydict()
    names = [c for c in table.column_names if c not in FIXED]
    weights = np.asarray(data["weight"], dtype=float)
    if not (np.all(np.isfinite(weights)) and np.all(weights >= 0) and weights.sum() > 0):
        raise ForecastInputError(f"{path}: the particles' weights are not finite and positive")
    try:
        model = pickle.loads(data["state"][0])
        start_day = int(model.day) + 1
        start_date = model.config.start_date + dt.timedelta(days=start_day)
    except Exception as exc:  # noqa: BLE001 - a state another version wrote, or not a model at all
        raise ForecastInputError(f"{path}: its particles cannot be restored by this version ({exc}); "
                                 "run `escalation assimilate` again") from None
    values = [{n: data[n][i] for n in names} for i in range(table.num_rows)]
    return ParticleSet(path, list(data["state"]), weights / weights.sum(), values, start_day, start_date)


def read_states(states) -> ParticleSet:
    """The particles of one STATE, or of several pooled: each set's weights scaled by 1 / K for K sets, so each
    assimilation (say one per ``--root-seed``) counts alike and the pool averages their estimates, the filter's
    own Monte Carlo error included (docs/forecast.md). Every set must start on the same day."""
    sets = [read_state(s) for s in ([states] if isinstance(states, (str, Path)) else states)]
    if len(sets) == 1:
        return sets[0]
    days = {p.start_date for p in sets}
    if len(days) > 1:
        listed = ", ".join(f"{p.source.parent} {p.start_date}" for p in sets)
        raise ForecastInputError(f"the particles to pool start on different days ({listed}); pool the particles of "
                                 "one present, or of one checkpoint's date")
    k = len(sets)
    return ParticleSet(sets[0].source, [s for p in sets for s in p.states],
                       np.concatenate([p.weights / k for p in sets]), [v for p in sets for v in p.values],
                       sets[0].start_day, sets[0].start_date)
