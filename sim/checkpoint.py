"""Save a run at any day and continue it later, in this process or another, bit for bit (docs/history.md).

A checkpoint is the whole model pickled (its world, agents, their generators, the event log and the daily
series so far) behind a header naming the format and the tool's version: a checkpoint from another version
is refused rather than continued with different code. :func:`restore` gives the run back as it was;
``model.run()`` (or ``step()``) continues it, and what follows is what the unbroken run would have done.
:meth:`EscalationModel.fork` then gives a copy its own future. A run that stopped at its horizon continues
past it with :func:`extend`.
"""

from __future__ import annotations

import pickle
import zlib
from pathlib import Path

from sim import __version__

MAGIC = b"DURAND-CHECKPOINT-1\n"


class CheckpointError(ValueError):
    """Bytes or a file that are not a checkpoint of this version of the tool."""


def _header() -> bytes:
    return MAGIC + __version__.encode() + b"\n"


def to_bytes(model, *, level: int = 1) -> bytes:
    """The model as a checkpoint (zlib ``level`` 1: fast, about a fifth of the pickle)."""
    return _header() + zlib.compress(pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL), level)


def from_bytes(data: bytes):
    """The model a checkpoint holds."""
    header = _header()
    if not data.startswith(MAGIC):
        raise CheckpointError("not a checkpoint of this simulator")
    if not data.startswith(header):
        version = data[len(MAGIC):].split(b"\n", 1)[0].decode(errors="replace")
        raise CheckpointError(f"a checkpoint of version {version}; this is version {__version__}")
    return pickle.loads(zlib.decompress(data[len(header):]))


def save(model, path: str | Path) -> Path:
    path = Path(path)
    path.write_bytes(to_bytes(model))
    return path


def restore(path: str | Path):
    path = Path(path)
    try:
        return from_bytes(path.read_bytes())
    except CheckpointError as exc:
        raise CheckpointError(f"{path}: {exc}") from None


def extend(model, days: int):
    """Let ``model`` run ``days`` more days than it has (past its horizon): for forecasts from a state."""
    model.horizon = model.day + 1 + days
    model.running = True
    return model
