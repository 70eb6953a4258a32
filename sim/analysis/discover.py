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
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd

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


def _limit_text(axis: str, lim: dict) -> str:
    if lim["kind"] == "categorical":
        return f"{axis} in {{{', '.join(lim['kept'])}}}  (of {len(lim['all'])} values)"
    parts = []
    if lim["restricts"] in ("min", "both"):
        parts.append(f"{lim['min']:.4g} <=")
    parts.append(axis)
    if lim["restricts"] in ("max", "both"):
        parts.append(f"<= {lim['max']:.4g}")
    qp = f", qp {lim['qp_value']:.2g}" if lim.get("qp_value") is not None else ""
    return " ".join(parts) + f"   (full range {lim['full_min']:.4g} .. {lim['full_max']:.4g}{qp})"


def report_text(result: dict, sweep: str) -> str:
    r, p, tree = result, result["prim"], result["tree"]
    lines = [f"{sweep}: scenario discovery of {r['outcome']}: {r['outcome_runs']} of {r['runs']} finished runs "
             f"({r['base_rate']:.1%})" + (f"; {r['skipped_runs']} runs not finished, left out" if r["skipped_runs"] else ""),
             f"axes: {', '.join(r['axes'])}", "",
             f"PRIM box (step {p['chosen_step']} of {len(p['trajectory']) - 1} on the peeling trajectory; "
             + (f"highest coverage with density > {p['threshold']:g})" if p["threshold_reached"]
                else f"no box reaches density > {p['threshold']:g}: the densest box)"),
             f"  coverage {p['coverage']:.3f}  (share of all {r['outcome']} runs that are in the box)",
             f"  density  {p['density']:.3f}  (share of the box's runs with {r['outcome']}; base rate {r['base_rate']:.3f})",
             f"  mass     {p['mass']:.3f}  ({p['runs_in_box']} of {r['runs']} runs in the box)",
             "  limits:" if p["limits"] else "  limits: none (the box is every run)"]
    lines += [f"    {_limit_text(a, lim)}" for a, lim in p["limits"].items()]
    unrestricted = [a for a in r["axes"] if a not in p["limits"]]
    if unrestricted:
        lines.append(f"  unrestricted: {', '.join(unrestricted)}")
    lines += ["", "peeling trajectory:", "  step  coverage  density   mass  runs  restricted axes"]
    for s in p["trajectory"]:
        mark = " <" if s["step"] == p["chosen_step"] else ""
        lines.append(f"  {s['step']:>4}  {s['coverage']:8.3f}  {s['density']:7.3f}  {s['mass']:5.3f}  {s['runs']:>4}  "
                     f"{', '.join(s['axes']) or '-'}{mark}")
    lines += ["", f"decision tree (depth {tree['max_depth']}, at least {tree['min_samples_leaf']} runs per leaf; "
              "weights: [runs without, runs with] the outcome):", textwrap.indent(tree["text"].rstrip(), "  "),
              "leaves, most likely first:", f"  {'share':>6}  {'runs':>5}  rule"]
    for leaf in tree["leaves"]:
        lines.append(f"  {leaf['share']:6.3f}  {leaf['runs']:>5}  {' and '.join(leaf['rule'])}")
    return "\n".join(lines)


# --- plots -----------------------------------------------------------------------------------------------
def plot_trajectory(result: dict, path: Path, title: str) -> Path:
    from sim.analysis.plots import plt

    p = result["prim"]
    traj = pd.DataFrame(p["trajectory"])
    fig, ax = plt.subplots(figsize=(7.5, 5.2))
    sc = ax.scatter(traj["coverage"], traj["density"], c=traj["restricted"], cmap="viridis", s=28, zorder=3,
                    vmin=0, vmax=max(1, traj["restricted"].max()))
    ax.plot(traj["coverage"], traj["density"], color="0.6", lw=0.8, zorder=2)
    ax.axhline(p["threshold"], color="#b2182b", ls="--", lw=1, label=f"density threshold {p['threshold']:g}")
    ax.axhline(result["base_rate"], color="0.4", ls=":", lw=1, label=f"base rate {result['base_rate']:.2f}")
    ax.scatter([p["coverage"]], [p["density"]], s=220, facecolors="none", edgecolors="#b2182b", lw=2, zorder=4,
               label=f"chosen box (step {p['chosen_step']}): coverage {p['coverage']:.2f}, "
                     f"density {p['density']:.2f}, {p['runs_in_box']} runs")
    fig.colorbar(sc, ax=ax, label="restricted axes", ticks=range(0, int(traj["restricted"].max()) + 1))
    ax.set_xlabel("coverage: share of outcome runs inside the box")
    ax.set_ylabel("density: share of the box's runs with the outcome")
    ax.set_xlim(-0.03, 1.03)
    ax.set_ylim(-0.03, 1.03)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower left")
    ax.set_title(textwrap.fill(title, 70) + "\nPRIM peeling trajectory", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return Path(path)


def plot_box(result: dict, path: Path, title: str) -> Path:
    from sim.analysis.plots import plt

    p = result["prim"]
    limits = p["limits"]
    fig, ax = plt.subplots(figsize=(8.5, 1.3 + 0.9 * max(1, len(limits))))
    for row, (axis, lim) in enumerate(reversed(list(limits.items()))):
        if lim["kind"] == "numeric":
            span = (lim["full_max"] - lim["full_min"]) or 1.0
            lo, hi = (lim["min"] - lim["full_min"]) / span, (lim["max"] - lim["full_min"]) / span
            ax.barh(row, 1.0, left=0, height=0.5, color="0.85", edgecolor="0.5")
            ax.barh(row, hi - lo, left=lo, height=0.5, color="#2166ac", alpha=0.8)
            ax.text(0, row + 0.3, f"{lim['full_min']:.3g}", ha="left", va="bottom", fontsize=8, color="0.35")
            ax.text(1, row + 0.3, f"{lim['full_max']:.3g}", ha="right", va="bottom", fontsize=8, color="0.35")
            label = f"{lim['min']:.3g} – {lim['max']:.3g}"
            if hi - lo >= 0.25:  # inside the bar when it fits, else beside it
                ax.text((lo + hi) / 2, row, label, ha="center", va="center", fontsize=8, color="white",
                        fontweight="bold")
            elif hi <= 0.7:
                ax.text(hi + 0.01, row, label, ha="left", va="center", fontsize=8, color="#2166ac", fontweight="bold")
            else:
                ax.text(lo - 0.01, row, label, ha="right", va="center", fontsize=8, color="#2166ac", fontweight="bold")
        else:
            k = len(lim["all"])
            for j, value in enumerate(lim["all"]):
                kept = value in lim["kept"]
                ax.barh(row, 1 / k, left=j / k, height=0.5, color="#2166ac" if kept else "0.85", edgecolor="0.5",
                        alpha=0.8 if kept else 1)
                ax.text((j + 0.5) / k, row, textwrap.fill(value, 18), ha="center", va="center", fontsize=7,
                        color="white" if kept else "0.3")
    ax.set_yticks(range(len(limits)), [textwrap.fill(a, 28) for a in reversed(list(limits))], fontsize=8)
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.7, max(1, len(limits)) - 0.3)
    ax.set_xticks([0, 0.5, 1], ["axis minimum", "", "axis maximum"], fontsize=8)
    if not limits:
        ax.text(0.5, 0, "no axis restricted: the box is every run", ha="center", va="center")
    ax.set_title(textwrap.fill(title, 80) + f"\nPRIM box: coverage {p['coverage']:.2f}, density {p['density']:.2f}, "
                 f"{p['runs_in_box']} runs (grey: the axis's full range; blue: the box)", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return Path(path)


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
