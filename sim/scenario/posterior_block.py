"""A scenario's ``posterior:``: parameter sets to draw from, one per run by the run's own seed.

In a scenario file, ``posterior: ../calibration/posterior.parquet`` (or ``{file: ..., keep: [...]}``) names a
calibration's posterior file (written by ``escalation calibrate``; format below). Loading the scenario reads
the file into this block (``expand``), so a run stays a pure function of (scenario, seed) and a scenario's
digest changes with the file's content. Each run draws one weighted sample with its own generator
(``EscalationModel.stream("posterior")``): the same seed draws the same parameter set whatever the worker
count, and two arms of a comparison that share seeds share their draws (common random numbers). A field in
``keep`` is never replaced by a draw: a sweep's axes and ``--set`` paths are added to it, so a what-if's
own values always hold (docs/validation.md, posterior-predictive ensembles).

File format: one row per sample, a column per parameter (dotted path) and ``weight``; the file's metadata
key ``escalation.posterior`` holds JSON with the priors, episodes, method and tool version.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pydantic import Field, PrivateAttr, model_validator

from sim.scenario.strict import Strict

METADATA_KEY = b"escalation.posterior"
WEIGHT = "weight"


class Posterior(Strict):
    file: str = Field(description="the posterior file as the scenario names it (relative to that scenario file)")
    sha256: str = Field("", description="the file's content hash (set when the file is read)")
    parameters: list[str] = Field(default_factory=list, description="the parameters' dotted paths (read from the file)")
    samples: list[list[int | float]] = Field(default_factory=list, description="one parameter set per row (read from the file)")
    weights: list[float] = Field(default_factory=list, description="each row's weight (read from the file)")
    keep: list[str] = Field(default_factory=list, description="dotted paths a draw never replaces (a sweep's axes, --set)")
    _p: list | None = PrivateAttr(None)
    _drawn: dict = PrivateAttr(default_factory=dict)  # row -> (scenario, that scenario with the row's values)

    @model_validator(mode="after")
    def _consistent(self):
        if not self.sha256:
            return self  # not read yet: only the file's name (a scenario given as plain data)
        if not self.samples or len(self.samples) != len(self.weights):
            raise ValueError(f"expected one weight per sample; found {len(self.samples)} samples, {len(self.weights)} weights")
        if any(len(row) != len(self.parameters) for row in self.samples):
            raise ValueError("every sample needs a value for each parameter")
        if min(self.weights) < 0 or sum(self.weights) <= 0:
            raise ValueError("expected weights >= 0 with a positive sum")
        return self

    def __getstate__(self):
        # the caches are this process's: a pickled block (a checkpoint, a worker's copy) starts without them
        state = super().__getstate__()
        return {**state, "__pydantic_private__": {"_p": None, "_drawn": {}}}

    def draw(self, rng) -> tuple[int, dict]:
        """One sample by weight: (its row, its values without the kept fields)."""
        if self._p is None:  # the weights normalised, once (the block is frozen)
            total = sum(self.weights)
            self._p = [w / total for w in self.weights]
        row = int(rng.choice(len(self.weights), p=self._p))
        values = {name: v for name, v in zip(self.parameters, self.samples[row]) if name not in self.keep}
        return row, values

    def built(self, row: int, scenario, build):
        """``build(scenario)`` for ``row``, made once per scenario object and row and kept here: the block and
        the scenario are frozen, and a batch worker runs the same scenario many times (docs/performance.md)."""
        kept = self._drawn.get(row)
        if kept is None or kept[0] is not scenario:
            kept = self._drawn[row] = (scenario, build(scenario))
        return kept[1]


def read_posterior_file(path: Path) -> dict:
    """The block's data from a posterior file: parameters, samples, weights, sha256."""
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    names = [n for n in table.column_names if n != WEIGHT]
    columns = table.to_pydict()
    return {"sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "parameters": names,
            "samples": [list(row) for row in zip(*(columns[n] for n in names))], "weights": columns[WEIGHT]}


def read_metadata(path: str | Path) -> dict:
    import pyarrow.parquet as pq

    return json.loads(pq.read_schema(path).metadata[METADATA_KEY])


def write_posterior_file(path: Path, columns: dict[str, list], weights: list[float], metadata: dict) -> None:
    """Write the samples (``columns``: dotted path -> values, whole numbers as integers) and their weights."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from sim.outputs.atomic import atomic_write

    table = pa.table({**columns, WEIGHT: pa.array(weights, pa.float64())})
    table = table.replace_schema_metadata({METADATA_KEY: json.dumps(metadata, sort_keys=True, default=str).encode()})
    atomic_write(Path(path), lambda tmp: pq.write_table(table, tmp))


def expand(value, base_dir: Path) -> dict:
    """A scenario file's ``posterior:`` (a file name, or a mapping with ``file``) read into the block's data.

    Raises FileNotFoundError / OSError / KeyError for the loader to report at the key's position."""
    data = {"file": value} if isinstance(value, str) else dict(value)
    if "file" not in data or data.get("sha256"):
        return data
    return {**data, **read_posterior_file(Path(base_dir) / data["file"])}


def keep_fields(data: dict, names) -> None:
    """In scenario data, mark fields a design sets on purpose (axes, ``--set``) as never replaced by a draw."""
    block = data.get("posterior")
    if isinstance(block, dict):
        block["keep"] = sorted(set(block.get("keep", [])) | set(names))


def leaf_names(data, prefix: str = "") -> list[str]:
    """The dotted paths of every value in nested mappings (a list counts as one value)."""
    if not isinstance(data, dict):
        return [prefix] if prefix else []
    return [name for key, value in data.items() for name in leaf_names(value, f"{prefix}{key}" if not prefix else f"{prefix}.{key}")]
