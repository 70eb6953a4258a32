"""`escalation summarize`: tables, CSV and plots of a real (smoke) batch, and refusal of non-batches."""

import json
import shutil

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sim.analysis.plots import value_label
from sim.analysis.stats import mean_interval, wilson_interval
from sim.analysis.summarize import fan_data, load_batch, summary_table
from sim.cli import main
from tests.conftest import SCENARIOS

AXES = ("restraint_pressure", "actors.taliban.rule")
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("smoke") / "batch"
    assert main(["batch", str(SCENARIOS / "sweeps" / "smoke.yaml"), "--out", str(folder), "--quiet", "--workers", "1"]) == 0
    return folder


@pytest.fixture(scope="module")
def summarized(batch):
    assert main(["summarize", str(batch)]) == 0
    return batch / "analysis"


def _within(table: pd.DataFrame, mid: str, low: str, high: str) -> None:
    ok = table[mid].isna() | ((table[low] <= table[mid] + 1e-12) & (table[mid] <= table[high] + 1e-12))
    assert ok.all(), table[[mid, low, high]]


def test_summarize_prints_and_writes_csv(batch, summarized, capsys):
    assert main(["summarize", str(batch)]) == 0
    printed = capsys.readouterr().out
    for text in ("by design point", "by restraint_pressure", "P(open war)", "escalate step=1", "summary_by_point.csv"):
        assert text in printed
    tables = {name: pd.read_csv(summarized / f"summary_by_{name}.csv")
              for name in ("point", "restraint_pressure", "actors_taliban_rule")}
    assert len(tables["point"]) == 4 and len(tables["restraint_pressure"]) == 2 and len(tables["actors_taliban_rule"]) == 2
    assert set(tables["restraint_pressure"]["restraint_pressure"]) == {0.5, 2.0}
    for table in tables.values():
        assert table["runs"].sum() == 40 and table["failed"].sum() == 0 and table["missing"].sum() == 0
        for p in ("p_open_war", "p_strike"):
            assert table[p].between(0, 1).all()
            _within(table, p, f"{p}_low", f"{p}_high")
        for metric in ("peak_level", "trade_lost_usd", "casualties.pakistan_military", "days_at_or_above_strike"):
            _within(table, f"{metric}_mean", f"{metric}_ci_low", f"{metric}_ci_high")
    assert (tables["point"]["runs"] == 10).all() and (tables["restraint_pressure"]["runs"] == 20).all()


def test_table_agrees_with_the_interval_functions(batch):
    df, meta = load_batch(batch)
    assert meta["axes"] == list(AXES)
    table = summary_table(df, ["point", *AXES])
    for _, row in table.iterrows():
        runs = df[df["point"] == row["point"]]
        mean, low, high = mean_interval(runs["trade_lost_usd"])
        assert (row["trade_lost_usd_mean"], row["trade_lost_usd_ci_low"], row["trade_lost_usd_ci_high"]) == pytest.approx((mean, low, high))
        strikes = int((runs["peak_level"] >= 5).sum())
        assert row["p_strike"] == strikes / len(runs)
        assert (row["p_strike_low"], row["p_strike_high"]) == pytest.approx(wilson_interval(strikes, len(runs)))


def test_plots_are_real_pngs(summarized):
    names = ["fan_chart.png", "p_open_war_by_restraint_pressure.png", "p_open_war_by_actors_taliban_rule.png"]
    for name in names:
        data = (summarized / name).read_bytes()
        assert data.startswith(PNG) and len(data) > 10_000


def test_by_one_axis_into_another_folder(batch, tmp_path, capsys):
    out = tmp_path / "by_rule"
    assert main(["summarize", str(batch), "--by", "actors.taliban.rule", "--out", str(out)]) == 0
    assert "by design point" not in capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == [
        "fan_chart.png", "p_open_war_by_actors_taliban_rule.png", "summary_by_actors_taliban_rule.csv"]
    assert main(["summarize", str(batch), "--by", "no.such.axis", "--out", str(out)]) == 2
    assert "error: --by no.such.axis" in capsys.readouterr().err


def test_fan_data_quantiles_are_ordered_one_row_per_day(batch):
    df, _ = load_batch(batch)
    ids = list(df["run_id"])
    for column in ("level_max", "trade_lost_usd_cumulative"):  # tallied integers and stacked floats
        fan = fan_data(batch, ids, column)
        assert len(fan) == 60 and list(fan["day"]) == list(range(60)) and (fan["runs"] == 40).all()
        ordered = fan[["q05", "q25", "median", "q75", "q95"]].to_numpy()
        assert (np.diff(ordered, axis=1) >= 0).all()
        grid = np.array([pq.read_table(batch / "runs" / f"{i}.parquet", columns=[column]).column(0).to_numpy() for i in ids])
        for q, p in (("q05", 0.05), ("q25", 0.25), ("median", 0.5), ("q75", 0.75), ("q95", 0.95)):
            assert fan[q].to_numpy() == pytest.approx(np.quantile(grid, p, axis=0, method="inverted_cdf"))
    assert fan_data(batch, []).empty


@pytest.mark.parametrize("make", ["missing", "empty", "no_summary", "bad_summary", "file"])
def test_not_a_batch_exits_2_without_traceback(tmp_path, capsys, make):
    folder = tmp_path / "x"
    if make != "missing":
        folder.mkdir()
    if make in ("no_summary", "bad_summary"):
        (folder / "batch.json").write_text(json.dumps({"sweep": "s", "sweep_file": "s.yaml"}))
    if make == "bad_summary":
        (folder / "summary.parquet").write_bytes(b"not parquet")
    if make == "file":
        folder = tmp_path / "plain.txt"
        folder.write_text("hello")
    assert main(["summarize", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err


def test_failed_and_missing_runs_are_counted_not_averaged():
    n = 12
    df = pd.DataFrame({
        "run_id": [f"r{i}" for i in range(n)], "point": 0, "replicate": range(n), "seed": range(n), "x": 1.0,
        "status": ["done"] * 10 + ["failed", "missing"], "error": [None] * 10 + ["boom", None],
        "peak_level": [7] * 5 + [3] * 5 + [None, None], "open_war": [True] * 5 + [False] * 5 + [None, None],
        "trade_lost_usd": [1.0] * 10 + [None, None],
    })
    row = summary_table(df, ["x"]).iloc[0]
    assert (row["runs"], row["failed"], row["missing"]) == (10, 1, 1)
    assert row["p_open_war"] == 0.5 and (row["p_open_war_low"], row["p_open_war_high"]) == pytest.approx((0.2366, 0.7634), abs=5e-5)
    assert row["p_strike"] == 0.5 and row["trade_lost_usd_mean"] == 1.0
    assert "x_mean" not in summary_table(df, []).columns  # an axis is a key, never a metric


def test_sweep_without_axes_is_one_group(tmp_path, capsys):
    sweep = tmp_path / "plain.yaml"
    sweep.write_text(f"name: plain\nbase: {SCENARIOS / 'oct2025.yaml'}\ndays: 15\nreplicates: 3\n")
    folder = tmp_path / "batch"
    assert main(["batch", str(sweep), "--out", str(folder), "--quiet", "--workers", "1"]) == 0
    assert main(["summarize", str(folder)]) == 0
    assert "one design point: scenario oct2025" in capsys.readouterr().out
    table = pd.read_csv(folder / "analysis" / "summary_by_point.csv")
    assert len(table) == 1 and table["runs"].iloc[0] == 3
    assert sorted(p.name for p in (folder / "analysis").iterdir()) == ["fan_chart.png", "summary_by_point.csv"]


def test_value_labels_are_readable():
    assert value_label('{"name": "escalate", "step": 1}') == "escalate step=1"
    assert value_label('{"grievance_per_level": 8.0, "name": "threshold", "theta": 10.0}') == "threshold grievance_per_level=8 theta=10"
    assert value_label(0.5) == "0.5" and value_label(2.0) == "2" and value_label("durand_line") == "durand_line"


def test_failed_runs_in_a_real_batch_are_left_out(batch, tmp_path, capsys):
    folder = tmp_path / "copy"
    shutil.copytree(batch, folder, ignore=shutil.ignore_patterns("analysis"))
    table = pq.read_table(folder / "summary.parquet")
    rows = table.to_pylist()
    keep = {"run_id", "point", "replicate", "seed", *AXES}
    for row in rows[:3]:  # three runs of point 0 failed: no summary, an error
        row.update({k: None for k in row if k not in keep}, status="failed", error="boom")
    pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), folder / "summary.parquet")
    assert main(["summarize", str(folder)]) == 0
    assert "7 (+3 failed/missing)" in capsys.readouterr().out
    points = pd.read_csv(folder / "analysis" / "summary_by_point.csv")
    assert list(points["runs"]) == [7, 10, 10, 10] and list(points["failed"]) == [3, 0, 0, 0]
