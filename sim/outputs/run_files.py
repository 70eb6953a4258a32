"""Write one run's outputs into a folder: series, events, summary and plot."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from sim.outputs.atomic import atomic_write
from sim.record import events_table
from sim.outputs.run_plot import plot_run

FILES = ("timeseries.parquet", "events.parquet", "summary.json", "run.png")


def summary_json(summary: dict) -> str:
    return json.dumps(summary, indent=2, ensure_ascii=False) + "\n"


def write_run(model, out_dir, plot: bool = True) -> dict[str, Path]:
    """Write ``timeseries.parquet``, ``events.parquet``, ``summary.json`` and ``run.png`` into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {name: out / name for name in FILES}
    atomic_write(paths["timeseries.parquet"], lambda p: pq.write_table(model.datacollector.to_table(), p))
    atomic_write(paths["events.parquet"], lambda p: pq.write_table(events_table(model.log.acts), p))
    text = summary_json(model.summary())
    atomic_write(paths["summary.json"], lambda p: Path(p).write_text(text, encoding="utf-8"))
    if plot:
        title = f"{model.config.name}, seed {model.seed}: levels, casualties and crossings"
        series, names = model.datacollector.model_vars, list(model.world.crossings)
        atomic_write(paths["run.png"], lambda p: plot_run(series, names, title, p))
    else:
        del paths["run.png"]
    return paths
