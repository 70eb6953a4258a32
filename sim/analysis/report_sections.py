"""The sections of the HTML report (:mod:`sim.analysis.report`), one builder per kind of result in DIR.

:func:`batch_section` and :func:`comparison_section` give the question, scenarios, method, results and
provenance of a batch or a comparison (tables from ``summary.parquet`` via :mod:`sim.analysis.summarize`,
plots as ``data:`` URIs); :func:`sensitivity_section` and :func:`discovery_section` show other modules'
outputs, found by their file names only. Every text taken from files is escaped.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
from pathlib import Path

import pandas as pd

from sim.analysis import html_pieces as H
from sim.analysis.html_pieces import MAX_ROWS, esc
from sim.analysis.report_inputs import NotAReport, _glob, _sources

MAX_JSON = 20_000  # characters shown of a JSON file
MAX_SEEDS = 200


def _ladder() -> str:
    from sim.submodels.ladder import Level

    return ("<p>Outcomes are read on the model's escalation ladder, one rung per day for each side:</p>"
            + H.table(["level", "name"], [[int(lv), lv.name.lower().replace("_", " ")] for lv in Level], left=0))


# --- a batch -------------------------------------------------------------------------------------------

def _ensure_analysis(folder: Path) -> Path:
    """``folder/analysis`` with its plots, made by ``escalation summarize`` if missing (its print is kept quiet)."""
    from sim.analysis.summarize import summarize_command

    out = folder / "analysis"
    if not (out / "fan_chart.png").is_file():
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            code = summarize_command(argparse.Namespace(dir=str(folder), by=None, out=None))
        if code != 0:
            raise NotAReport(f"{folder}: summarize failed")
    return out


def _summary_rows(table: pd.DataFrame, labels: list[str]) -> list[list[str]]:
    from sim.analysis.summarize import SHOWN, _cell

    rows = []
    for label, (_, r) in zip(labels, table.iterrows()):
        bad = int(r["failed"] + r["missing"])
        rows.append([label, f"{int(r['runs'])}" + (f" (+{bad} failed/missing)" if bad else ""),
                     _cell(r, "p_open_war", prob=True), _cell(r, "p_strike", prob=True),
                     *(_cell(r, col, scale) for _, col, scale in SHOWN)])
    return rows


def _summary_html(table: pd.DataFrame, label: str, labels: list[str]) -> str:
    from sim.analysis.summarize import SHOWN

    header = [label, "finished runs", "P(open war)", "P(strike or worse)", *(n for n, _, _ in SHOWN)]
    more = ""
    if len(table) > MAX_ROWS:
        more = f'<p class="note">{len(table) - MAX_ROWS} more rows in the CSV files of analysis/</p>'
    return H.table(header, _summary_rows(table.head(MAX_ROWS), labels)) + more


def batch_section(folder: Path, heading: str = "h2") -> dict[str, str]:
    """The parts of the page for one batch folder: question, scenarios, method, results, provenance."""
    from sim.analysis.plots import value_label
    from sim.analysis.summarize import NotABatch, axis_columns, load_batch, summary_table, _point_names

    try:
        df, meta = load_batch(folder)
    except NotABatch as exc:
        raise NotAReport(str(exc)) from None
    analysis = _ensure_analysis(folder)
    axes = axis_columns(df)
    spec = meta.get("resolved_sweep") or {}
    status = df["status"].value_counts()
    done = int(status.get("done", 0))
    name = meta.get("sweep", folder.name)

    overall = summary_table(df, [])
    r = overall.iloc[0]
    headline = (f"Over all {done} finished runs, P(open war) = {_cell_text(r, 'p_open_war')} and "
                f"P(strike or worse) = {_cell_text(r, 'p_strike')} (95% Wilson intervals).")

    question = [f"<p><b>Sweep {esc(name)}.</b> {esc(spec.get('description') or '')}</p>"]
    if axes:
        question.append(f"<p>How do the chances of escalation change with {esc(', '.join(axes))}? "
                        f"Each combination of values (a <i>design point</i>) is run {esc(meta.get('replicates'))} "
                        "times with different random seeds.</p>")
    else:
        question.append("<p>How often does this scenario reach strikes or open war, and at what cost? "
                        f"The scenario is run {esc(meta.get('replicates'))} times with different random seeds.</p>")

    scen = ['<p>The sweep file and every scenario file it read, exactly as they were when the batch ran:</p>']
    sweep_file = Path(str(meta.get("sweep_file", ""))).name
    for src, text in sorted(_sources(folder), key=lambda st: Path(st[0]).name != sweep_file):  # the sweep first
        small = text.count("\n") < 60
        scen.append(H.pre(text, f"{src} ({text.count(chr(10))} lines)", open_=small))
    if axes:
        names = _point_names(df, axes)
        scen.append("<h3>Design points</h3>" + H.table(["point", "axis values"], [[p, names[p]] for p in sorted(names)],
                                                      left=2))

    method = [
        "<p>Each run is one simulated crisis of the agent-based model (Mesa): Pakistan, the Taliban, the TTP and "
        "mediators act day by day; what they do follows the scenario's rules and random draws, so runs with "
        "different seeds differ. A run's seed comes from the sweep's root seed "
        f"({esc(meta.get('root_seed'))}), so the whole batch can be rerun exactly.</p>",
        f"<p>Design: {esc(meta.get('design'))}; {esc(meta.get('points'))} design point(s) × "
        f"{esc(meta.get('replicates'))} replicate(s) = {esc(meta.get('runs'))} runs; common random numbers: "
        f"{esc(meta.get('common_random_numbers'))} (replicate r uses the same seed at every point, so points "
        "differ only by their inputs).</p>",
        "<p>Statistics use finished runs only; failed or missing runs are counted, never guessed. "
        "Probabilities carry 95% Wilson score intervals; means carry 95% Student t intervals "
        "(shown as <code>estimate [low, high]</code>). Tables by axis pool the other axes.</p>",
        _ladder(),
    ]

    res = [f'<div class="box">{esc(headline)}</div>',
           f"<p>{len(df)} runs: {done} finished, {int(status.get('failed', 0))} failed, "
           f"{int(status.get('missing', 0))} missing.</p>"]
    plots = [p for p in [analysis / "fan_chart.png", *sorted(analysis.glob("p_open_war_by_*.png"))] if p.is_file()]
    for png in plots:
        res.append(H.figure(png, _caption(png.name)))
    if axes:
        t = summary_table(df, ["point", *axes])
        res.append("<h3>By design point</h3>" + _summary_html(t, "point", [str(int(p)) for p in t["point"]]))
        for axis in axes:
            t = summary_table(df, [axis])
            res.append(f"<h3>By {esc(axis)} (other axes pooled)</h3>"
                       + _summary_html(t, axis, [value_label(v) for v in t[axis]]))
    else:
        res.append("<h3>All runs</h3>" + _summary_html(overall, "scenario", [str(overall.iloc[0, 0])]))

    seeds = sorted(int(s) for s in df["seed"].dropna())
    prov = [H.kv([("sweep", name), ("sweep file", meta.get("sweep_file")), ("base scenario", meta.get("base")),
                 ("tool version (escalation)", meta.get("version")), ("mesa", meta.get("mesa")),
                 ("numpy", meta.get("numpy")), ("python", meta.get("python")), ("batch created", meta.get("created")),
                 ("root seed", meta.get("root_seed")), ("run count", meta.get("runs")),
                 ("design", meta.get("design")), ("design points", meta.get("points")),
                 ("replicates", meta.get("replicates")), ("days", meta.get("days") or "the scenario's"),
                 ("sweep fingerprint", meta.get("fingerprint")),
                 ("run seeds", f"{len(set(seeds))} distinct, {seeds[0]} … {seeds[-1]}" if seeds else "none")]),
            H.pre(" ".join(str(s) for s in seeds[:MAX_SEEDS]) + (" …" if len(seeds) > MAX_SEEDS else ""),
                 f"the run seeds ({min(len(seeds), MAX_SEEDS)} of {len(seeds)})", open_=False),
            H.pre(json.dumps(spec, indent=1), "the resolved sweep (batch.json)", open_=False)]
    return {"title": name, "question": "".join(question), "scenarios": "".join(scen), "method": "".join(method),
            "results": "".join(res), "provenance": "".join(prov), "headline": headline}


def _cell_text(row, col: str) -> str:
    from sim.analysis.summarize import _cell

    return _cell(row, col, prob=True)


def _caption(filename: str) -> str:
    if filename == "fan_chart.png":
        return ("Fan chart: the higher side's ladder level by day; the line is the median run, the bands hold "
                "the middle 50% and 90% of runs.")
    if filename.startswith("p_open_war_by_"):
        return (f"P(open war) and P(strike or worse) by {filename[len('p_open_war_by_'):-4]}, "
                "with 95% Wilson intervals (other axes pooled).")
    if filename == "forest.png":
        return "Paired differences, variant minus base, with 95% intervals; an interval off 0 is a real difference."
    return filename


# --- a comparison --------------------------------------------------------------------------------------

def comparison_section(folder: Path) -> dict[str, str]:
    from sim.analysis.summarize import NotABatch, load_batch, summary_table

    table = pd.read_csv(folder / "comparison.csv")
    need = {"variant", "base", "metric", "difference", "low", "high"}
    if not need <= set(table.columns):
        raise NotAReport(f"{folder / 'comparison.csv'} lacks column(s) {', '.join(sorted(need - set(table.columns)))}")
    base = str(table["base"].iloc[0]) if len(table) else "base"
    variants = list(dict.fromkeys(table["variant"].astype(str)))
    subs = [p for p in sorted(folder.iterdir()) if p.is_dir() and (p / "runs" / "batch.json").is_file()]
    subs.sort(key=lambda p: (p.name != base, variants.index(p.name) if p.name in variants else 99, p.name))
    metas = {}
    for p in subs:
        try:
            metas[p.name] = json.loads((p / "runs" / "batch.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass

    question = (f"<p><b>Comparison.</b> Does changing the scenario matter? Each variant "
                f"({esc(', '.join(variants))}) is compared with the base scenario <b>{esc(base)}</b> run by run, "
                "on the same random numbers, to see which outcomes differ by more than chance.</p>")

    scen = []
    for p in subs:
        role = "base" if p.name == base else "variant"
        scen.append(f"<h3>{esc(p.name)} ({role})</h3>")
        if (p / "sweep.yaml").is_file():
            scen.append(H.pre((p / "sweep.yaml").read_text(encoding="utf-8", errors="replace"), "sweep.yaml"))
        for src, text in _sources(p / "runs"):
            if Path(src).name != "sweep.yaml":
                scen.append(H.pre(text, f"{src} ({text.count(chr(10))} lines)", open_=False))

    method = ("<p>Every scenario is run as its own batch with the same root seed and common random numbers: "
              "replicate r gets the same seed in every scenario, so the runs pair by replicate and each "
              "variant is compared with the base run by run. For every metric the table gives the mean paired "
              "difference (variant − base) with a 95% paired Student t interval; for P(open war) and P(strike) "
              "the difference of paired proportions with Newcombe's hybrid score interval. A difference is "
              "<i>distinguishable</i> (marked ✔) when its interval excludes 0.</p>" + _ladder())

    res = []
    if (folder / "forest.png").is_file():
        res.append(H.figure(folder / "forest.png", _caption("forest.png")))
    own = []
    for p in subs:
        try:
            df, _ = load_batch(p / "runs")
        except NotABatch:
            continue
        own.append((p.name, summary_table(df, []).iloc[0]))
    if own:
        res.append("<h3>Each scenario on its own</h3>")
        from sim.analysis.summarize import SHOWN
        header = ["scenario", "finished runs", "P(open war)", "P(strike or worse)", *(n for n, _, _ in SHOWN)]
        res.append(H.table(header, _summary_rows(pd.DataFrame([r for _, r in own]), [n for n, _ in own])))
    for variant, part in table.groupby("variant", sort=False):
        rows = []
        for _, r in part.iterrows():
            lo, hi = r.get("low"), r.get("high")
            interval = f"{H.fmt(r['difference'])} [{H.fmt(lo)}, {H.fmt(hi)}]"
            rows.append([r["metric"], H.fmt(r.get("pairs")), H.fmt(r.get("base_mean")), H.fmt(r.get("variant_mean")),
                         interval, "✔" if bool(r.get("distinguishable")) else ""])
        marked = int(part["distinguishable"].astype(bool).sum()) if "distinguishable" in part else 0
        res.append(f"<h3>{esc(variant)} − {esc(base)} ({marked} of {len(part)} differences distinguishable)</h3>")
        res.append(H.table(["metric", "pairs", "base mean", "variant mean", "difference [95% interval]",
                           "distinguishable"], rows))

    prov_rows = []
    for n, m in metas.items():
        prov_rows.append([n, m.get("version"), m.get("root_seed"), m.get("runs"), m.get("common_random_numbers"),
                          m.get("created"), (m.get("fingerprint") or "")[:16]])
    prov = H.table(["scenario", "tool version", "root seed", "runs", "common random numbers", "created",
                   "fingerprint"], prov_rows)
    return {"title": f"{', '.join(variants)} against {base}", "question": question, "scenarios": "".join(scen),
            "method": method, "results": "".join(res), "provenance": prov}


# --- sensitivity and discovery (other modules' outputs, read by file name only) ------------------------

def sensitivity_section(folder: Path, csvs: list[Path]) -> str:
    parts = ['<p>Sensitivity analysis: how much each uncertain input moves the outcomes. The tables are the '
             "files as written (intervals in their low/high columns where given).</p>"]
    for png in _glob(folder, "sensitivity*.png"):
        parts.append(H.figure(png))
    for csv in csvs:
        try:
            df = pd.read_csv(csv)
        except (OSError, ValueError, pd.errors.ParserError) as exc:
            parts.append(f"<p>{esc(csv.name)} cannot be read: {esc(exc)}</p>")
            continue
        parts.append(f"<h3>{esc(csv.name)}</h3>" + H.frame_table(df, csv.name))
    return "".join(parts)


def discovery_section(folder: Path, files: list[Path]) -> str:
    parts = ["<p>Scenario discovery: which inputs lead to the outcome of interest. The findings are the files "
             "as written.</p>"]
    for png in _glob(folder, "discover*.png"):
        parts.append(H.figure(png))
    for f in files:
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            parts.append(f"<p>{esc(f.name)} cannot be read: {esc(exc)}</p>")
            continue
        parts.append(f"<h3>{esc(f.name)}</h3>")
        if isinstance(data, dict):
            scalars = [(k, v) for k, v in data.items() if not isinstance(v, (dict, list))]
            if scalars:
                parts.append(H.kv([(k, H.fmt(v)) for k, v in scalars]))
            for k, v in data.items():
                if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
                    parts.append(f"<p><b>{esc(k)}</b></p>" + H.frame_table(pd.json_normalize(v), f.name))
        text = json.dumps(data, indent=1, default=str)
        cut = text[:MAX_JSON] + ("\n…" if len(text) > MAX_JSON else "")
        parts.append(H.pre(cut, f"{f.name} in full", open_=False))
    return "".join(parts)
