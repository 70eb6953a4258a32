"""A posterior extended by new parameters (calibration v4, docs/validation.md): a calibrated posterior (v3) with a
column added for every prior it lacks, drawn from that prior (calibration/priors.yaml: the decisions' record fits,
the assumptions' ranges), one draw per row, seeded. Runs then draw every parameter with its uncertainty, and the
history's particle filter, which starts from the posterior, can weigh the new ones (a filter cannot move a
parameter every particle shares)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from sim.scenario.posterior_block import WEIGHT, read_metadata, write_posterior_file


def prior_draws(prior, n: int, rng: np.random.Generator) -> list:
    kind, (a, b) = prior.kind, getattr(prior, prior.kind)
    if kind == "uniform":
        x = rng.uniform(a, b, n)
    elif kind == "integers":
        return [int(v) for v in rng.integers(a, b + 1, n)]
    elif kind == "normal":
        x = rng.normal(a, b, n)
    else:
        x = rng.beta(a, b, n)
    low, high = prior.bounds
    return [float(v) for v in np.clip(x, low, high)]


def extended(posterior: Path, priors, out: Path, seed: int) -> list[str]:
    """Write ``out``: ``posterior``'s rows with a prior draw for every prior it lacks; returns the names added."""
    table = pq.read_table(posterior)
    columns = {n: table.column(n).to_pylist() for n in table.column_names if n != WEIGHT}
    rng = np.random.default_rng(seed)
    rows = table.num_rows
    added = [name for name in priors.parameters if name not in columns]
    for name in added:
        columns[name] = prior_draws(priors.parameters[name].prior, rows, rng)
    meta = {**read_metadata(posterior), "extended_from": str(posterior.name), "extended_by_prior": added,
            "extension_seed": seed}
    write_posterior_file(out, columns, table.column(WEIGHT).to_pylist(), meta)
    return added
