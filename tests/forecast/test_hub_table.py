"""The forecast hubs' table (sim/forecast/hub_table.py): long format, a pmf per true/false target summing to 1, the
23 quantile levels of every number, non-decreasing; one scenario column for the base and every what-if."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from sim.forecast.forecast_run import run_forecast
from sim.forecast.forecast_spec import ForecastSpec
from sim.forecast.hub_table import COLUMNS, QUANTILE_LEVELS, write_hub_table
from sim.forecast.outcomes import binary_targets
from sim.forecast.what_if import load_what_if
from tests.forecast.builders import ROOT


def test_the_hub_table(tmp_path, particles, present):
    torkham = load_what_if(ROOT / "scenarios" / "present" / "torkham_reopens.yaml", present)
    runs = run_forecast(particles, ForecastSpec(days=90, replicates=1, root_seed=2), [torkham])
    parquet, csv = write_hub_table(runs, tmp_path)
    frame = pq.read_table(parquet).to_pandas()
    assert tuple(frame.columns) == COLUMNS and csv.read_text().splitlines()[0].replace('"', "") == ",".join(COLUMNS)
    assert set(frame["scenario"]) == {"base", "torkham_reopens"} and set(frame["horizon_days"]) == {30, 90}
    assert len(QUANTILE_LEVELS) == 23 and QUANTILE_LEVELS[0] == 0.01 and QUANTILE_LEVELS[-1] == 0.99
    pmf = frame[frame["output_type"] == "pmf"]
    assert set(pmf["target"]) == set(binary_targets())
    assert pmf.groupby(["scenario", "target", "horizon_days"])["value"].sum().to_numpy() == pytest.approx(1.0)
    for _, group in frame[frame["output_type"] == "quantile"].groupby(["scenario", "target", "horizon_days"]):
        assert list(group["output_type_id"]) == [f"{q:g}" for q in QUANTILE_LEVELS]
        assert group["value"].is_monotonic_increasing
