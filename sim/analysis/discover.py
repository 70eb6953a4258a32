"""``escalation discover DIR --outcome OUTCOME``: scenario discovery on a finished batch.

Which conditions (sweep axis values) make the outcome likely? Two answers, from the batch's finished runs
(status ``done``) only:

* **PRIM** (Friedman & Fisher 1999, the maintained ``prim`` package): peels the box of axis values step by
  step, trading coverage (the share of all outcome runs that fall in the box) for density (the share of
  runs in the box that have the outcome). The peeling trajectory is every box on the way; the chosen box is
  the one with the highest coverage whose density is above ``--threshold`` (default 0.8; ties: the densest).
  If no box gets there, the densest box is chosen and the report says so. (``--threshold`` is this density
  threshold; the package's own ``threshold`` argument is a cut-off on the outcome values, which are
  already true/false here.)
* a **shallow decision tree** (scikit-learn, depth 3, at least max(20, n/50) runs per leaf), printed as
  rules with, per leaf, the share of runs with the outcome and the number of runs.

Inputs: every sweep axis. Numeric axes as they are; text axes (whole blocks such as a rule, stored as JSON
text) as categories with readable names (``escalate step=1``): PRIM keeps a set of categories, the tree
sees one 0/1 column per category (``actors.taliban.rule=escalate step=1``).

The outcome is a true/false summary column (``open_war``) or a comparison of a numeric one,
``METRIC>VALUE`` (also ``>=``, ``<``, ``<=``), e.g. ``days_at_or_above_strike>10``.

Writes ``discover_<outcome>.json``, ``discover_<outcome>_peeling.png`` (coverage against density of every
box on the trajectory, the chosen one marked) and ``discover_<outcome>_box.png`` (each restricted axis: its
full range against the box's) to DIR/analysis, or ``--out``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from sim.analysis.discovery_plots import plot_box, plot_trajectory
from sim.analysis.discovery_text import report_text
from sim.analysis.summarize import NotABatch, axis_columns, load_batch

COMPARISON = re.compile(r"^\s*(?P<metric>.+?)\s*(?P<op>>=|<=|>|<)\s*(?P<value>[-+0-9.eE]+)\s*$")
OPS = {">": np.greater, ">=": np.greater_equal, "<": np.less, "<=": np.less_equal}
OP_NAMES = {">": "gt", ">=": "ge", "<": "lt", "<=": "le"}
TREE_DEPTH = 3


class DiscoverError(ValueError):
    """Bad input for discovery: exit 2 with the message."""


# --- inputs ---------------------------------------------------------------------------------------------
def _is_bool(series: pd.Series) -> bool:
    if pd.api.types.is_bool_dtype(series):
        return True
    values = series.dropna()
    return len(values) > 0 and values.map(lambda v: isinstance(v, (bool, np.bool_))).all()


def _metric_columns(df: pd.DataFrame, axes: list[str]) -> tuple[list[str], list[str]]:
    """(true/false columns, numeric columns) after ``status``/``error``: the outcomes one can ask about."""
    cols = list(df.columns)
    start = cols.index("error") + 1 if "error" in cols else cols.index("status") + 1
    done = df[df["status"].eq("done")]
    bools, numbers = [], []
    for c in cols[start:]:
        if c in axes:
            continue
        if _is_bool(done[c]):
            bools.append(c)
        elif pd.api.types.is_numeric_dtype(done[c]):
            numbers.append(c)
    return bools, numbers


def outcome_vector(df: pd.DataFrame, outcome: str, axes: list[str]) -> tuple[pd.Series, str]:
    """The outcome per run (bool, NaN where unknown) and a name for files: ``open_war``, ``peak_level_gt_6``."""
    bools, numbers = _metric_columns(df, axes)
    valid = (f"true/false columns: {', '.join(bools) or 'none'}; or METRIC>VALUE with a numeric column: "
             f"{', '.join(numbers) or 'none'}")
    match = COMPARISON.match(outcome)
    if match:
        metric, op, text = match["metric"], match["op"], match["value"]
        if metric not in numbers:
            what = "is not a numeric summary column" if metric in df.columns else "is not a column of this batch"
            raise DiscoverError(f"--outcome {outcome}: {metric!r} {what} (valid: {valid})")
        try:
            value = float(text)
        except ValueError:
            raise DiscoverError(f"--outcome {outcome}: {text!r} is not a number") from None
        x = df[metric].astype(float)
        y = pd.Series(OPS[op](x.to_numpy(), value), index=df.index).astype(object).where(x.notna())
        return y, f"{metric}_{OP_NAMES[op]}_{text}"
    if outcome not in df.columns:
        raise DiscoverError(f"--outcome {outcome}: no such column (valid: {valid})")
    if outcome not in bools:
        raise DiscoverError(f"--outcome {outcome}: not a true/false column; compare it with a value, "
                            f"e.g. --outcome '{outcome}>0' (valid: {valid})")
    return df[outcome].astype(object).where(df[outcome].notna()), outcome


def design_frame(df: pd.DataFrame, axes: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """The axes as PRIM reads them: numbers as float, text as readable category names (object dtype)."""
    from sim.analysis.plots import value_label

    x, categorical = {}, []
    for axis in axes:
        col = df[axis]
        if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
            x[axis] = col.astype(float).to_numpy()
        else:
            x[axis] = np.array([value_label(v) for v in col], dtype=object)
            categorical.append(axis)
    return pd.DataFrame(x, index=df.index), categorical


# --- PRIM ------------------------------------------------------------------------------------------------
def _limits(box_lims, box_init, x: pd.DataFrame, categorical: list[str]) -> dict:
    """Restricted axes of one box: numeric {min, max, full_min, full_max}; text {kept, all}."""
    out = {}
    for axis in x.columns:
        lo, hi = box_lims[axis][0], box_lims[axis][1]
        if axis in categorical:
            full = sorted(box_init[axis][0])
            if set(lo) != set(full):
                out[axis] = {"kind": "categorical", "kept": sorted(lo), "all": full}
        else:
            full_lo, full_hi = float(box_init[axis][0]), float(box_init[axis][1])
            if float(lo) > full_lo or float(hi) < full_hi:
                out[axis] = {"kind": "numeric", "min": float(lo), "max": float(hi),
                             "full_min": full_lo, "full_max": full_hi,
                             "restricts": ("both" if float(lo) > full_lo and float(hi) < full_hi
                                           else "min" if float(lo) > full_lo else "max")}
    return out


def choose(trajectory: pd.DataFrame, threshold: float) -> tuple[int, bool]:
    """Index of the box with the highest coverage whose density is above ``threshold`` (ties: the densest);
    if none is, the densest box. Returns (index, whether the threshold was reached)."""
    above = trajectory[trajectory["density"] > threshold]
    pick = above if len(above) else trajectory
    key = ["coverage", "density"] if len(above) else ["density", "coverage"]
    best = pick.sort_values(key, ascending=False, kind="stable").index[0]
    return int(best), bool(len(above))


def run_prim(x: pd.DataFrame, y: np.ndarray, categorical: list[str], threshold: float) -> dict:
    import prim

    p = prim.Prim(x, y.astype(bool), threshold_type=">")
    box = p.find_box()
    traj = box.peeling_trajectory.reset_index(drop=True).astype(float)
    chosen, reached = choose(traj, threshold)
    box.select(chosen)
    try:  # quasi-p values (Bryant & Lempert 2010): how likely each restriction is chance; ``box.limits``
        # holds them too but cannot put a categorical axis's set of values into its table
        qp = box._calculate_quasi_p(chosen)
    except Exception:  # noqa: BLE001 - an optional statistic: report the box without it
        qp = {}
    n = len(y)
    steps = []
    for i, row in traj.iterrows():
        lims = _limits(box._box_lims[i], p._box_init, x, categorical)
        steps.append({"step": int(i), "coverage": row["coverage"], "density": row["density"],
                      "mass": row["mass"], "runs": int(round(row["mass"] * n)),
                      "restricted": int(row["res dim"]), "axes": sorted(lims)})
    limits = _limits(box._box_lims[chosen], p._box_init, x, categorical)
    for axis, lim in limits.items():
        lim["qp_value"] = float(qp[axis]) if axis in qp else None
    s = traj.loc[chosen]
    return {"threshold": threshold, "threshold_reached": reached, "chosen_step": chosen,
            "coverage": float(s["coverage"]), "density": float(s["density"]), "mass": float(s["mass"]),
            "runs_in_box": int(round(s["mass"] * n)), "outcome_runs_in_box": int(round(s["coverage"] * y.sum())),
            "limits": limits, "trajectory": steps}


# --- decision tree ---------------------------------------------------------------------------------------
def tree_inputs(x: pd.DataFrame, categorical: list[str]) -> pd.DataFrame:
    cols = {}
    for axis in x.columns:
        if axis in categorical:
            for value in sorted(set(x[axis])):
                cols[f"{axis}={value}"] = (x[axis] == value).astype(float)
        else:
            cols[axis] = x[axis]
    return pd.DataFrame(cols, index=x.index)


def run_tree(x: pd.DataFrame, y: np.ndarray, categorical: list[str]) -> dict:
    from sklearn.tree import DecisionTreeClassifier, export_text

    features = tree_inputs(x, categorical)
    n = len(y)
    tree = DecisionTreeClassifier(max_depth=TREE_DEPTH, min_samples_leaf=max(20, n // 50), random_state=0)
    tree.fit(features.to_numpy(), y.astype(int))
    names = list(features.columns)
    t = tree.tree_
    leaf_of = tree.apply(features.to_numpy())
    leaves = []

    def walk(node: int, rule: list[str]) -> None:
        if t.children_left[node] == t.children_right[node]:  # a leaf
            inside = leaf_of == node
            leaves.append({"node": int(node), "rule": rule or ["all runs"], "runs": int(inside.sum()),
                           "outcome_runs": int(y[inside].sum()), "share": float(y[inside].mean())})
            return
        name, cut = names[t.feature[node]], float(t.threshold[node])
        walk(int(t.children_left[node]), rule + [f"{name} <= {cut:.4g}"])
        walk(int(t.children_right[node]), rule + [f"{name} > {cut:.4g}"])

    walk(0, [])
    leaves.sort(key=lambda leaf: (-leaf["share"], -leaf["runs"]))
    splits = [{"depth": d, "feature": names[t.feature[node]], "threshold": float(t.threshold[node])}
              for node, d in _nodes_by_depth(t) if t.children_left[node] != t.children_right[node]]
    return {"max_depth": TREE_DEPTH, "min_samples_leaf": max(20, n // 50), "features": names,
            "text": export_text(tree, feature_names=names, show_weights=True, decimals=3),
            "splits": splits, "leaves": leaves}


def _nodes_by_depth(t) -> list[tuple[int, int]]:
    out, queue = [], [(0, 0)]
    while queue:
        node, depth = queue.pop(0)
        out.append((node, depth))
        if t.children_left[node] != t.children_right[node]:
            queue += [(int(t.children_left[node]), depth + 1), (int(t.children_right[node]), depth + 1)]
    return out


# --- the whole analysis ----------------------------------------------------------------------------------
def discover(df: pd.DataFrame, outcome: str, threshold: float = 0.8) -> dict:
    """PRIM box and decision tree of ``outcome`` over the axes of a batch's summary (finished runs only)."""
    axes = axis_columns(df)
    if not axes:
        raise DiscoverError("this batch has no sweep axes: there are no conditions to discover "
                            "(sweep some scenario fields with `axes:` in the sweep file)")
    y_all, slug = outcome_vector(df, outcome, axes)
    done = df["status"].eq("done") & y_all.notna()
    if not done.any():
        raise DiscoverError("this batch has no finished runs with a known outcome")
    x, categorical = design_frame(df[done], axes)
    x = x.reset_index(drop=True)
    y = y_all[done].astype(bool).to_numpy()
    hits = int(y.sum())
    if hits == 0 or hits == len(y):
        raise DiscoverError(f"--outcome {outcome} {'never' if hits == 0 else 'always'} happens in the "
                            f"{len(y)} finished runs: there is nothing to tell apart")
    return {"outcome": outcome, "name": slug, "runs": int(len(y)), "outcome_runs": hits,
            "base_rate": hits / len(y), "skipped_runs": int((~done).sum()), "axes": axes,
            "categorical_axes": categorical,
            "axis_ranges": {a: ({"all": sorted(set(x[a]))} if a in categorical
                                else {"min": float(x[a].min()), "max": float(x[a].max())}) for a in axes},
            "prim": run_prim(x, y, categorical, threshold), "tree": run_tree(x, y, categorical)}


# --- the command -----------------------------------------------------------------------------------------
def discover_command(args) -> int:
    """``escalation discover DIR --outcome OUTCOME [--threshold T] [--out FOLDER]``: 0 done, 2 bad input."""
    from sim.analysis.plots import file_part

    try:
        df, meta = load_batch(args.dir)
        result = discover(df, args.outcome, args.threshold)
    except (NotABatch, DiscoverError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    folder = Path(args.dir)
    sweep = meta.get("sweep", folder.name)
    out = Path(args.out) if args.out else folder / "analysis"
    out.mkdir(parents=True, exist_ok=True)
    print(report_text(result, sweep))
    stem = f"discover_{file_part(result['name'])}"
    title = f"{sweep}: where {result['outcome']} is likely ({result['outcome_runs']} of {result['runs']} runs)"
    written = [out / f"{stem}.json"]
    written[0].write_text(json.dumps({"sweep": sweep, **result}, indent=1) + "\n", encoding="utf-8")
    written.append(plot_trajectory(result, out / f"{stem}_peeling.png", title))
    written.append(plot_box(result, out / f"{stem}_box.png", title))
    print(f"\nwrote {out}: " + ", ".join(p.name for p in written))
    return 0
