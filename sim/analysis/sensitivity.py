"""``escalation sensitivity SWEEP --method morris|sobol``: global sensitivity of an outcome to a sweep's axes.

The sweep's own design is the sample: a ``morris`` sweep (trajectories of one-at-a-time steps on a 4-level
grid) for screening by Morris elementary effects, or a ``sobol`` sweep (Saltelli's scheme without second
order, N·(k+2) points) for Sobol first-order (S1) and total-order (ST) indices. Both are analysed with
SALib on the unit cube the sweep was sampled on, so an index measures the effect of moving an axis across
its whole range (for Morris: the change of the outcome per unit of the axis's range scaled to [0, 1]).

The sweep runs through the batch runner into ``DIR`` (default ``out/sensitivity_<sweep>``; resumed, so a
rerun reuses finished runs). The outcome (default ``open_war``: a 0/1 average, i.e. P(open war)) is averaged
over each design point's finished replicates; with common random numbers replicate r draws the same seed at
every point, so the noise of the replicates is shared between points and largely cancels in the
differences the indices are made of. The unit-cube sample is rebuilt with the very function the sweep used
(same SALib sampler, same seed) and checked against the sweep's points before it is used.

Confidence intervals (95%) are SALib's bootstrap over trajectories (Morris ``mu_star_conf``) or over the
base samples (Sobol ``S1_conf``/``ST_conf``); they cover sampling of the design, and the replicate noise
only as far as it is left in the point averages. Outputs: a table on the terminal sorted by importance,
``DIR/sensitivity_<method>_<outcome>.csv`` and ``DIR/sensitivity_<method>_<outcome>.png`` (bars with the
intervals as error bars).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pandas as pd

METHODS = ("morris", "sobol")
DEFAULT_OUTCOME = "open_war"
NUM_LEVELS = 4  # as the sweep's Morris sampler
CONF_LEVEL = 0.95
NUM_RESAMPLES = 1000
COLUMNS = {"morris": ["axis", "mu_star", "mu_star_conf", "mu", "sigma", "rank"],
           "sobol": ["axis", "S1", "S1_conf", "ST", "ST_conf", "rank"]}
IMPORTANCE = {"morris": "mu_star", "sobol": "ST"}


class SensitivityError(Exception):
    """Bad input for the analysis (an unknown outcome, an outcome without values): exit 2 with the message."""


# --- the analysis --------------------------------------------------------------------------------------

def analyze(method: str, problem: dict, X_unit, Y, seed: int | None = 0, conf_level: float = CONF_LEVEL,
            num_resamples: int = NUM_RESAMPLES) -> pd.DataFrame:
    """Sensitivity indices of ``Y`` to the inputs of ``problem``, one row per input, sorted by importance.

    ``X_unit``: the sample in design order as the sampler made it (on the unit cube for our sweeps);
    ``Y``: the outcome at each of its rows. Morris: ``mu_star`` (mean absolute elementary effect) with its
    bootstrap ``mu_star_conf``, ``mu`` and ``sigma``; Sobol (sampled with ``calc_second_order=False``):
    ``S1``, ``S1_conf``, ``ST``, ``ST_conf``. ``rank`` is 1 for the most important input (by ``mu_star`` or
    ``ST``).
    """
    from SALib.analyze import morris as morris_analyze
    from SALib.analyze import sobol as sobol_analyze

    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; expected one of {', '.join(METHODS)}")
    X = np.asarray(X_unit, dtype=float)
    Y = np.asarray(Y, dtype=float).ravel()
    k = int(problem["num_vars"])
    if X.ndim != 2 or X.shape[1] != k:
        raise ValueError(f"X has shape {X.shape}; expected (points, {k})")
    if len(Y) != len(X):
        raise ValueError(f"{len(Y)} outcome values for {len(X)} design points")
    if not np.isfinite(Y).all():
        raise ValueError(f"{int((~np.isfinite(Y)).sum())} outcome value(s) are not finite")
    if method == "morris":
        res = morris_analyze.analyze(problem, X, Y, num_resamples=num_resamples, conf_level=conf_level,
                                     num_levels=NUM_LEVELS, seed=seed, print_to_console=False)
        table = pd.DataFrame({"axis": list(problem["names"]), "mu_star": res["mu_star"],
                              "mu_star_conf": res["mu_star_conf"], "mu": res["mu"], "sigma": res["sigma"]})
    else:
        if len(Y) % (k + 2):
            raise ValueError(f"{len(Y)} points is not a multiple of k + 2 = {k + 2} (a Sobol sample without "
                             "second order has N·(k+2) points)")
        res = sobol_analyze.analyze(problem, Y, calc_second_order=False, num_resamples=num_resamples,
                                    conf_level=conf_level, seed=seed, print_to_console=False)
        table = pd.DataFrame({"axis": list(problem["names"]), "S1": res["S1"], "S1_conf": res["S1_conf"],
                              "ST": res["ST"], "ST_conf": res["ST_conf"]})
    for col in table.columns[1:]:
        table[col] = np.asarray(table[col], dtype=float)
    key = IMPORTANCE[method]
    table = table.sort_values(key, ascending=False, kind="stable").reset_index(drop=True)
    table["rank"] = np.arange(1, len(table) + 1)
    return table[COLUMNS[method]]


# --- from a sweep to a table ---------------------------------------------------------------------------

def unit_sample(plan) -> tuple[dict, np.ndarray]:
    """The SALib problem and the unit-cube sample the sweep's points were made from, checked against them."""
    from sim.batch.sweep import salib_problem, unit_samples

    spec = plan.spec
    names = list(spec.axes)
    problem = salib_problem(spec)
    X = np.asarray(unit_samples(spec), dtype=float)
    if len(X) != len(plan.points):
        raise RuntimeError(f"rebuilt sample has {len(X)} rows; the sweep has {len(plan.points)} points")
    for i, (row, point) in enumerate(zip(X, plan.points)):
        mapped = {n: spec.axes[n].from_unit(float(u)) for n, u in zip(names, row)}
        if mapped != point:
            raise RuntimeError(f"rebuilt sample does not map onto design point {i}: {mapped} != {point}")
    return problem, X


def valid_outcomes(df: pd.DataFrame) -> list[str]:
    """Numeric (and 0/1) run-summary columns of a batch summary: every one can be an outcome."""
    cols = list(df.columns)
    start = cols.index("error") + 1 if "error" in cols else cols.index("status") + 1
    skip = {"seed", "days"}
    return [c for c in cols[start:] if c not in skip and (pd.api.types.is_numeric_dtype(df[c])
                                                          or pd.api.types.is_bool_dtype(df[c]))]


def expected_outcomes(plan) -> list[str]:
    """The summary keys a run of this sweep produces (from a 2-day run of its first point), before running."""
    from sim.batch.storage import flatten
    from sim.model import EscalationModel

    summary = flatten(EscalationModel(plan.scenarios[0], rng=0, days=2).run().summary())
    return [k for k, v in summary.items() if k not in {"seed", "days", "version"} and not isinstance(v, str)]


def point_means(df: pd.DataFrame, outcome: str, n_points: int) -> tuple[np.ndarray, np.ndarray]:
    """The outcome averaged over each point's finished replicates (booleans as 0/1), and the runs averaged."""
    done = df[df["status"].eq("done")]
    values = done[outcome].astype(float)
    grouped = values.groupby(done["point"])
    means = grouped.mean().reindex(range(n_points))
    counts = grouped.count().reindex(range(n_points)).fillna(0).astype(int)
    return means.to_numpy(dtype=float), counts.to_numpy()


def check_outcome(outcome: str, names: list[str]) -> None:
    if outcome not in names:
        listing = ", ".join(sorted(names))
        raise SensitivityError(f"unknown outcome {outcome!r}; choose one of: {listing}")


def sensitivity(plan, method: str, outcome: str, out: str | Path, workers: int | None = None,
                progress: bool = False) -> tuple[pd.DataFrame, dict]:
    """Run ``plan`` into ``out`` (resumed) and analyse ``outcome``; returns the table and facts for the header."""
    from sim.analysis.summarize import load_batch
    from sim.batch.runner import run_batch

    check_outcome(outcome, expected_outcomes(plan))
    problem, X = unit_sample(plan)
    run_batch(plan, out, workers=workers, resume=True, write_events=False, progress=progress)
    df, _ = load_batch(out)
    check_outcome(outcome, valid_outcomes(df))
    Y, counts = point_means(df, outcome, len(plan.points))
    empty = np.flatnonzero(~np.isfinite(Y))
    if len(empty):
        raise SensitivityError(
            f"outcome {outcome!r} has no value at {len(empty)} of {len(Y)} design points (e.g. point {int(empty[0])}): "
            "its runs failed or the outcome is undefined there (like first_day_open_war without open war); "
            "choose another outcome")
    if np.ptp(Y) == 0:
        raise SensitivityError(f"outcome {outcome!r} is {Y[0]:g} at every design point: nothing varies, so there is "
                               "no sensitivity to measure (choose another outcome, or widen the axes or the horizon)")
    table = analyze(method, problem, X, Y, seed=plan.spec.root_seed)
    facts = {"points": len(plan.points), "replicates": plan.spec.replicates, "runs_used": int(counts.sum()),
             "runs": plan.n_runs, "y_mean": float(np.mean(Y)), "y_min": float(np.min(Y)), "y_max": float(np.max(Y)),
             "boolean": bool(pd.api.types.is_bool_dtype(df[outcome]))}
    return table, facts


# --- output --------------------------------------------------------------------------------------------

def outcome_label(outcome: str, boolean: bool) -> str:
    if outcome == "open_war":
        return "P(open war)"
    return f"P({outcome})" if boolean else f"mean {outcome}"


def format_table(table: pd.DataFrame, method: str) -> str:
    cols = COLUMNS[method][1:-1]
    width = max(4, *(len(a) for a in table["axis"]))
    head = f"{'rank':>4}  {'axis':<{width}}" + "".join(f"  {c:>12}" for c in cols)
    lines = [head]
    for _, row in table.iterrows():
        lines.append(f"{int(row['rank']):>4}  {row['axis']:<{width}}" + "".join(f"  {row[c]:>12.4g}" for c in cols))
    return "\n".join(lines)


def bar_plot(table: pd.DataFrame, method: str, path, title: str, ylabel: str) -> Path:
    """Horizontal bars, most important axis on top, with the bootstrap intervals as error bars."""
    from sim.analysis.plots import plt

    order = table.iloc[::-1]  # barh draws bottom-up
    y = np.arange(len(order))
    fig, ax = plt.subplots(figsize=(9.0, 1.6 + 0.7 * len(order)))
    if method == "morris":
        ax.barh(y, order["mu_star"], xerr=order["mu_star_conf"], color="#2166ac", alpha=0.85, capsize=4,
                label="μ* (mean |elementary effect|), 95% bootstrap interval")
        ax.plot(order["sigma"], y, "D", color="#b2182b", ms=6, label="σ (spread of effects: interactions, nonlinearity)")
        ax.set_xlabel(f"change of {ylabel} across an axis's range")
    else:
        h = 0.38
        ax.barh(y + h / 2, order["S1"], h, xerr=order["S1_conf"], color="#2166ac", alpha=0.85, capsize=4,
                label="S1 first order, 95% bootstrap interval")
        ax.barh(y - h / 2, order["ST"], h, xerr=order["ST_conf"], color="#ef8a62", alpha=0.9, capsize=4,
                label="ST total order, 95% bootstrap interval")
        ax.set_xlabel(f"share of the variance of {ylabel}")
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(y)
    ax.set_yticklabels([textwrap.fill(a, 34) for a in order["axis"]], fontsize=9)
    ax.set_ylim(-0.7, len(order) - 0.3)
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(textwrap.fill(title, 75), fontsize=10)
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.14 - 0.2 / max(1, len(order))),
              ncol=2 if method == "sobol" else 1, frameon=False)
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=120, bbox_inches="tight")
    plt.close(fig)
    return path


def sensitivity_command(args) -> int:
    """The CLI: check the sweep's design, run it, print the table, write CSV and PNG; 0 done."""
    from sim.analysis.plots import file_part
    from sim.batch.sweep import load_sweep
    from sim.scenario.loading import ScenarioError
    from sim.scenario.errors import locate
    from sim.scenario.yamlsafe import Where, read_yaml

    plan = load_sweep(args.sweep)
    if plan.spec.design != args.method:
        _, positions = read_yaml(plan.path)
        where = locate(positions, ("design",), Where(str(plan.path), 1, 1))
        message = (f"--method {args.method} needs a sweep with design: {args.method}; "
                   f"this sweep's design is {plan.spec.design}")
        raise ScenarioError([(where, "design", message)])
    out = Path(args.out) if args.out else Path("out") / f"sensitivity_{plan.spec.name}"
    table, facts = sensitivity(plan, args.method, args.outcome, out, workers=args.workers,
                               progress=not args.quiet)
    label = outcome_label(args.outcome, facts["boolean"])
    stem = f"sensitivity_{args.method}_{file_part(args.outcome)}"
    csv, png = out / f"{stem}.csv", out / f"{stem}.png"
    table.to_csv(csv, index=False)
    kind = "Morris elementary effects" if args.method == "morris" else "Sobol indices (first and total order)"
    title = (f"{plan.spec.name}: {kind} of {label}; {facts['points']} points × {facts['replicates']} replicates"
             + (" on common random numbers" if plan.spec.common_random_numbers else ""))
    bar_plot(table, args.method, png, title, label)
    missing = facts["runs"] - facts["runs_used"]
    print(f"{kind} of {label} over {len(table)} axes of sweep {plan.spec.name}: {facts['points']} design points, "
          f"{label} averaged over {facts['replicates']} replicates each"
          + (" (common random numbers)" if plan.spec.common_random_numbers else "")
          + f"; point averages range {facts['y_min']:.4g}–{facts['y_max']:.4g} (mean {facts['y_mean']:.4g})"
          + (f"; {missing} run(s) failed or missing, left out" if missing else ""))
    print(f"95% bootstrap intervals (_conf: half-widths); sorted by {IMPORTANCE[args.method]}")
    print(format_table(table, args.method))
    print(f"\nwrote {csv}, {png}")
    return 0
