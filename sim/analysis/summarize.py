"""``escalation summarize DIR``: means, 95% intervals and probabilities of a finished batch.

Groups are the design points (all axes together) and each single axis (pooled over the others), or
only ``--by AXIS``. Per group: runs, failed, missing; P(open war) and P(strike) with Wilson intervals;
the mean and t interval of every numeric summary metric. Printed, saved as CSV, and plotted.
Statistics use finished runs only (status ``done``); failed and missing runs are counted, not guessed.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.analysis.stats import t_half_width, wilson_interval
from sim.submodels.ladder import Level

STRIKE = int(Level.STRIKE)
OPEN_WAR = int(Level.OPEN_WAR)
QUANTILES = {"q05": 0.05, "q25": 0.25, "median": 0.5, "q75": 0.75, "q95": 0.95}
MAX_PANELS = 12  # more groups than this make unreadable fans: pool them into one panel
MAX_PRINTED = 20  # rows per printed table; the CSV has them all
SHOWN = (("peak level", "peak_level", 1.0), ("days >= strike", "days_at_or_above_strike", 1.0),
         ("trade lost $m", "trade_lost_usd", 1e-6), ("PK military deaths", "casualties.pakistan_military", 1.0),
         ("AF civilian deaths", "casualties.afghan_civilian", 1.0))


class NotABatch(ValueError):
    """The folder holds no finished batch."""


def load_batch(path) -> tuple[pd.DataFrame, dict]:
    """summary.parquet as a DataFrame and batch.json as a dict; ``NotABatch`` if either is absent or unreadable."""
    folder = Path(path)
    if not folder.is_dir():
        raise NotABatch(f"{folder} is not a folder")
    meta_path, summary = folder / "batch.json", folder / "summary.parquet"
    if not meta_path.is_file():
        raise NotABatch(f"{folder} holds no batch (no batch.json); "
                        f"make one with `escalation batch SWEEP --out {folder}`")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (ValueError, OSError) as exc:
        raise NotABatch(f"{meta_path} cannot be read: {exc}") from None
    if not summary.is_file():
        raise NotABatch(f"{folder} holds no summary.parquet: the batch has not finished; finish it with "
                        f"`escalation batch {meta.get('sweep_file', 'SWEEP')} --out {folder} --resume`")
    try:
        df = pq.read_table(summary).to_pandas()
    except (pa.ArrowException, OSError) as exc:
        raise NotABatch(f"{summary} cannot be read: {exc}") from None
    absent = {"run_id", "point", "seed", "status"} - set(df.columns)
    if absent:
        raise NotABatch(f"{summary} lacks column(s) {', '.join(sorted(absent))}: not a batch summary")
    return df, meta


def axis_columns(df: pd.DataFrame) -> list[str]:
    """The sweep axes: by the storage layout, the columns between ``seed`` and ``status``."""
    cols = list(df.columns)
    return cols[cols.index("seed") + 1:cols.index("status")]


def metric_columns(df: pd.DataFrame) -> list[str]:
    """Numeric run-summary columns (after ``status``/``error``); booleans are probabilities, not means."""
    cols = list(df.columns)
    start = cols.index("error") + 1 if "error" in cols else cols.index("status") + 1
    return [c for c in cols[start:] if pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])]


def _work_frame(df: pd.DataFrame, metrics: list[str]) -> pd.DataFrame:
    """Indicator columns per run; outcomes of runs that did not finish become NaN so no statistic sees them."""
    done = df["status"].eq("done")
    peak = df["peak_level"].astype(float) if "peak_level" in df else pd.Series(np.nan, index=df.index)
    open_war = df["open_war"].astype(float) if "open_war" in df else peak.ge(OPEN_WAR).astype(float)
    known = done & peak.notna()
    work = {"runs": done.astype(int), "failed": df["status"].eq("failed").astype(int),
            "missing": df["status"].eq("missing").astype(int),
            "_open_war": open_war.where(known), "_strike": peak.ge(STRIKE).astype(float).where(known)}
    work.update({m: df[m].astype(float).where(done) for m in metrics})
    return pd.DataFrame(work, index=df.index)


def summary_table(df: pd.DataFrame, by: list[str], confidence: float = 0.95) -> pd.DataFrame:
    """One row per group of ``by`` (no keys: one group, ``group`` = the scenario): runs, failed, missing,
    p_open_war / p_strike with Wilson ``_low``/``_high``, and ``<metric>_mean``/``_ci_low``/``_ci_high``."""
    metrics = metric_columns(df)
    work = _work_frame(df, metrics)
    if by:
        keys = [df[k] for k in by]
    else:
        name = df["scenario"].dropna().iloc[0] if "scenario" in df and df["scenario"].notna().any() else "all"
        keys = [pd.Series(name, index=df.index, name="group")]
    g = work.groupby(keys, sort=True, dropna=False)
    parts = {c: g[c].sum() for c in ("runs", "failed", "missing")}
    for name, col in (("p_open_war", "_open_war"), ("p_strike", "_strike")):
        k, n = g[col].sum(), g[col].count()
        low, high = wilson_interval(k.to_numpy(), n.to_numpy(), confidence)
        parts[name] = k / n.where(n > 0)
        parts[f"{name}_low"], parts[f"{name}_high"] = pd.Series(low, k.index), pd.Series(high, k.index)
    if metrics:
        mean, std, n = g[metrics].mean(), g[metrics].std(ddof=1), g[metrics].count()
        half = pd.DataFrame(t_half_width(std, n, confidence), index=mean.index, columns=metrics)
        for m in metrics:
            parts[f"{m}_mean"] = mean[m]
            parts[f"{m}_ci_low"], parts[f"{m}_ci_high"] = mean[m] - half[m], mean[m] + half[m]
    return pd.concat(parts, axis=1).reset_index()


def fan_data(path, run_ids, column: str = "level_max") -> pd.DataFrame:
    """Per day: runs, q05, q25, median, q75, q95 of ``column`` over ``run_ids``, one run file at a time.

    Only ``column`` is read from each ``runs/ID.parquet``. Integer series (ladder levels, counts; never
    negative) are tallied per day and value, so memory stays flat however many runs; other series keep
    one column per run. Quantiles are of the inverted-CDF kind: always an observed value (a real rung).
    """
    runs_dir = Path(path) / "runs"
    tally, stacked = np.zeros((0, 0), dtype=np.int64), []
    for rid in run_ids:
        col = pq.read_table(runs_dir / f"{rid}.parquet", columns=[column]).column(0)
        values = col.to_numpy(zero_copy_only=False)
        if not pa.types.is_integer(col.type):
            stacked.append(values.astype(float))
            continue
        if values.size and values.min() < 0:
            raise ValueError(f"{column} of run {rid} has negative values; fan_data tallies from 0")
        tally = _grow(tally, len(values), int(values.max(initial=0)) + 1)
        tally[np.arange(len(values)), values] += 1
    if stacked:
        width = max(len(s) for s in stacked)
        grid = np.full((len(stacked), width), np.nan)
        for i, s in enumerate(stacked):
            grid[i, :len(s)] = s
        counts = np.sum(~np.isnan(grid), axis=0)
        frame = {q: np.nanquantile(grid, p, axis=0, method="inverted_cdf") for q, p in QUANTILES.items()}
    elif tally.size:
        cum = tally.cumsum(axis=1)
        counts = cum[:, -1]
        # smallest value v with #(x <= v) >= ceil(p * n): the inverted-CDF quantile, from counts alone
        frame = {q: np.argmax(cum >= np.maximum(np.ceil(p * counts - 1e-9), 1)[:, None], axis=1).astype(float)
                 for q, p in QUANTILES.items()}
    else:
        return pd.DataFrame(columns=["day", "runs", *QUANTILES])
    return pd.DataFrame({"day": np.arange(len(counts)), "runs": counts, **frame})


def _grow(tally: np.ndarray, days: int, values: int) -> np.ndarray:
    """The tally widened to at least ``days`` rows and ``values`` columns (runs may differ in length)."""
    rows, cols = max(tally.shape[0], days), max(tally.shape[1], values)
    if (rows, cols) == tally.shape:
        return tally
    return np.pad(tally, ((0, rows - tally.shape[0]), (0, cols - tally.shape[1])))


# --- the command ----------------------------------------------------------------------------------

def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _num(x: float) -> str:
    if x is None or not np.isfinite(x):
        return "n/a"
    return f"{x:.0f}" if abs(x) >= 100 else f"{x:.1f}" if abs(x) >= 10 else f"{x:.2f}"


def _cell(row, col: str, scale: float = 1.0, prob: bool = False) -> str:
    suffix = ("_low", "_high") if prob else ("_ci_low", "_ci_high")
    mean = row.get(col if prob else f"{col}_mean", math.nan) * scale
    low, high = (row.get(f"{col}{s}", math.nan) * scale for s in suffix)
    fmt = (lambda v: "n/a" if not np.isfinite(v) else f"{v:.2f}") if prob else _num
    return fmt(mean) if not np.isfinite(low) else f"{fmt(mean)} [{fmt(low)}, {fmt(high)}]"


def format_table(table: pd.DataFrame, label: str, labels: list[str]) -> str:
    """A fixed-width text table: one row per group, each statistic as ``mean [low, high]``."""
    header = [label, "runs", "P(open war)", "P(strike)", *(name for name, _, _ in SHOWN)]
    lost = table["failed"] + table["missing"]
    rows = [[lab, str(int(r["runs"])) + (f" (+{int(bad)} failed/missing)" if bad else ""),
             _cell(r, "p_open_war", prob=True), _cell(r, "p_strike", prob=True),
             *(_cell(r, col, scale) for _, col, scale in SHOWN)]
            for lab, bad, (_, r) in zip(labels, lost, table.head(MAX_PRINTED).iterrows())]
    widths = [max(len(line[i]) for line in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths)))
             for line in [header, *rows]]
    if len(table) > MAX_PRINTED:
        lines.append(f"... {len(table) - MAX_PRINTED} more rows in the CSV")
    return "\n".join(lines)


def _fan_panels(folder: Path, df: pd.DataFrame, keys: list[str], name) -> list[tuple[str, pd.DataFrame]]:
    """Fan data per group of ``keys`` (finished runs only), or one pooled panel when groups are too many."""
    done = df[df["status"].eq("done")]
    if done.empty:
        return [("no finished runs", fan_data(folder, []))]
    if not keys:
        return [(name, fan_data(folder, done["run_id"]))]
    groups = list(done.groupby(keys, sort=True))
    if len(groups) > MAX_PANELS:
        what = "design points" if keys == ["point"] else f"values of {keys[0]}"
        return [(f"all runs ({len(groups)} {what} pooled)", fan_data(folder, done["run_id"]))]
    return [(name(key if isinstance(key, tuple) else (key,)), fan_data(folder, part["run_id"])) for key, part in groups]


def _point_names(df: pd.DataFrame, axes: list[str]) -> dict[int, str]:
    from sim.analysis.plots import value_label

    return {int(r["point"]): "  ".join(f"{a}={value_label(r[a])}" for a in axes)
            for _, r in df.drop_duplicates("point").iterrows()}


def _tables(df: pd.DataFrame, axes: list[str], by: str | None, meta: dict, out: Path) -> tuple[list[Path], dict]:
    """Print and write the by-point table (unless ``--by``) and one table per axis; returns files, axis tables."""
    from sim.analysis.plots import file_part, value_label

    written, by_axis = [], {}
    if not by:
        table = summary_table(df, ["point", *axes])
        written.append(out / "summary_by_point.csv")
        table.to_csv(written[-1], index=False)
        if axes:
            names = _point_names(df, axes)
            more = f"\n  ... {len(names) - MAX_PRINTED} more in the CSV" if len(names) > MAX_PRINTED else ""
            print("design points:\n" + "\n".join(f"  {p}  {names[p]}" for p in sorted(names)[:MAX_PRINTED]) + more)
        else:  # a sweep with no axes: its one point is the base scenario
            print(f"one design point: scenario {Path(str(meta.get('base', 'scenario'))).stem}")
        print("\nby design point\n" + format_table(table, "point", [str(int(p)) for p in table["point"]]) + "\n")
    for axis in [by] if by else axes:
        by_axis[axis] = summary_table(df, [axis])
        written.append(out / f"summary_by_{file_part(axis)}.csv")
        by_axis[axis].to_csv(written[-1], index=False)
        labels = [value_label(v) for v in by_axis[axis][axis]]
        print(f"by {axis} (other axes pooled)\n" + format_table(by_axis[axis], axis, labels) + "\n")
    return written, by_axis


def _plots(folder: Path, df: pd.DataFrame, axes: list[str], by: str | None, by_axis: dict, sweep: str,
           out: Path) -> list[Path]:
    from sim.analysis.plots import fan_chart, open_war_by_axis, value_label

    if by:
        keys, name = [by], (lambda k: f"{by}={value_label(k[0])}")
    elif axes:
        names = _point_names(df, axes)
        keys, name = ["point"], (lambda k: f"point {k[0]}: {names[k[0]]}")
    else:
        keys, name = [], f"{sweep}: all runs"
    panels = _fan_panels(folder, df, keys, name)
    fan = fan_chart(panels, out / "fan_chart.png", f"{sweep}: the higher side's ladder level (level_max) by day")
    return [fan, *open_war_by_axis(by_axis, out, title=sweep)]


def summarize_command(args) -> int:
    """``escalation summarize DIR [--by AXIS] [--out FOLDER]``: 0 done, 2 not a finished batch or bad --by."""
    try:
        df, meta = load_batch(args.dir)
    except NotABatch as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    folder, axes = Path(args.dir), axis_columns(df)
    if args.by and args.by not in axes:
        print(f"error: --by {args.by}: not an axis of this batch (axes: {', '.join(axes) or 'none'})", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else folder / "analysis"
    out.mkdir(parents=True, exist_ok=True)
    sweep = meta.get("sweep", folder.name)
    status = df["status"].value_counts()
    print(f"{sweep}: {len(df)} runs ({status.get('done', 0)} done, {status.get('failed', 0)} failed, "
          f"{status.get('missing', 0)} missing), {_plural(df['point'].nunique(), 'design point')}; "
          "95% intervals: Wilson for probabilities, Student t for means\n")
    written, by_axis = _tables(df, axes, args.by, meta, out)
    written += _plots(folder, df, axes, args.by, by_axis, sweep, out)
    print(f"wrote {out}: " + ", ".join(p.name for p in written))
    return 0
