"""The golden runs: every shipped scenario on three seeds, and played runs of both sides (one source for the
test and for ``scripts/golden``, which rewrites ``outputs.json`` after a change meant to alter results)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from sim.model import EscalationModel
from sim.outputs.run_files import write_run
from sim.player import Choice

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).with_name("outputs.json")
SEEDS = (1, 5, 23)
FILES = ("timeseries.parquet", "events.parquet", "summary.json")
# a played run exercises every choice: rungs, closing and reopening, talks, refusing a ceasefire
SCRIPT = (Choice(level=3), Choice(level=5, close_crossings=True), Choice(level=0, call_for_talks=True),
          Choice(level=1, reopen_crossings=True), Choice(level=4, accept_ceasefire=False), Choice(level=6),
          Choice(level=2), Choice(level=0))
PLAYED_DAYS = 40


def golden_runs():
    """(name, a function that builds and runs the model) for every golden run."""
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        for seed in SEEDS:
            yield f"{path.stem}-seed{seed}", lambda p=path, s=seed: EscalationModel(str(p), rng=s).run()
    for side in ("pakistan", "taliban"):
        for seed in (1, 7):
            yield f"played-{side}-seed{seed}", lambda side=side, s=seed: _played(side, s)


def _played(side: str, seed: int) -> EscalationModel:
    model = EscalationModel(str(ROOT / "scenarios/oct2025.yaml"), rng=seed)
    model.set_player(side)
    for day in range(PLAYED_DAYS):
        model.play(SCRIPT[day % len(SCRIPT)])
    return model


def digests(folder: Path) -> dict:
    """What must not change: each table's schema and values, the summary's text, and (same pyarrow only)
    the files' bytes."""
    out = {"pyarrow": pa.__version__}
    for name in FILES:
        data = (folder / name).read_bytes()
        out[name + ":bytes"] = hashlib.sha256(data).hexdigest()
        if name.endswith(".parquet"):
            table = pq.read_table(folder / name)
            content = json.dumps({"schema": str(table.schema), "columns": table.to_pydict()}, sort_keys=True)
            out[name] = hashlib.sha256(content.encode()).hexdigest()
        else:
            out[name] = hashlib.sha256(data).hexdigest()
    return out


def run_all(tmp: Path) -> dict:
    result = {}
    for name, make in golden_runs():
        write_run(make(), tmp / name, plot=False)
        result[name] = digests(tmp / name)
    return result
