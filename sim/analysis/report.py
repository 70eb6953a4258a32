"""``escalation report DIR [--out FILE]``: one self-contained HTML page of a batch, comparison, sensitivity or discovery.

The page needs nothing but itself to be read: CSS inline, every plot a base64 ``data:`` URI, no script, no
link to load. It tells a reader who never ran the tool the question, the scenarios (their YAML as run), the
method, the results with their 95% intervals, the plots, and the provenance (tool version, seeds, run
count, dates). Every text taken from files is escaped with :func:`html.escape`.

What DIR holds decides what the page shows (several at once are fine):

* a batch (``batch.json``): tables by design point and by axis, computed from ``summary.parquet`` with
  :mod:`sim.analysis.summarize`; its plots come from ``DIR/analysis`` (``escalation summarize`` is run first
  when they are missing);
* a comparison (``comparison.csv``): paired differences with intervals, ``forest.png``, and every scenario's
  own sub-folder (``<name>/sweep.yaml``, ``<name>/runs``);
* sensitivity outputs (``sensitivity_*.csv`` and PNGs) and discovery outputs (``analysis/discover_*.json``
  and PNGs), found by their names only.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sim import __version__
from sim.analysis import html_pieces as H
from sim.analysis.html_pieces import CSS, esc
from sim.analysis.report_inputs import NotAReport, _glob
from sim.analysis.report_sections import batch_section, comparison_section, discovery_section, sensitivity_section


# --- finding what DIR holds ----------------------------------------------------------------------------

def detect(folder: Path) -> dict[str, object]:
    """The kinds of result in ``folder``: batch, comparison, sensitivity, discovery (``NotAReport`` if none)."""
    if not folder.is_dir():
        raise NotAReport(f"{folder} is not a folder")
    kinds: dict[str, object] = {}
    if (folder / "batch.json").is_file():
        kinds["batch"] = folder
    if (folder / "comparison.csv").is_file():
        kinds["comparison"] = folder / "comparison.csv"
    sens = _glob(folder, "sensitivity_*.csv")
    if sens:
        kinds["sensitivity"] = sens
    disc = _glob(folder, "discover_*.json")
    if disc:
        kinds["discovery"] = disc
    if not kinds:
        raise NotAReport(f"{folder} holds no batch (batch.json), comparison (comparison.csv), sensitivity "
                         "(sensitivity_*.csv) or discovery (analysis/discover_*.json) result to report on")
    return kinds


def _other_yaml(folder: Path) -> str:
    """YAML files lying in DIR itself (a sensitivity or discovery spec), shown when DIR is not a batch."""
    return "".join(H.pre(p.read_text(encoding="utf-8", errors="replace"), p.name)
                   for p in sorted(folder.glob("*.y*ml")) if p.is_file())


# --- the page ------------------------------------------------------------------------------------------

def build_report(folder: str | Path) -> str:
    """The HTML text of the report of ``folder`` (``NotAReport`` when it holds nothing to report)."""
    folder = Path(folder)
    kinds = detect(folder)
    parts = []
    if "batch" in kinds:
        parts.append(("batch", batch_section(folder)))
    if "comparison" in kinds:
        parts.append(("comparison", comparison_section(folder)))
    title = " + ".join(p["title"] for _, p in parts) or folder.name
    what = ", ".join(kinds)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")

    sections = {k: [] for k in ("question", "scenarios", "method", "results", "provenance")}
    for _, p in parts:
        for k in sections:
            sections[k].append(p[k])
    extra_yaml = _other_yaml(folder) if "batch" not in kinds and "comparison" not in kinds else ""
    if extra_yaml:
        sections["scenarios"].append(extra_yaml)
    if not sections["question"]:
        sections["question"].append("<p>What do the sensitivity / discovery analyses of this folder find?</p>")
    if "sensitivity" in kinds:
        sections["results"].append("<h3>Sensitivity</h3>" + sensitivity_section(folder, kinds["sensitivity"]))
    if "discovery" in kinds:
        sections["results"].append("<h3>Scenario discovery</h3>" + discovery_section(folder, kinds["discovery"]))
    sections["provenance"].append(H.kv([("report made by", f"escalation {__version__}"), ("report made at", now),
                                       ("folder", str(folder)), ("contents", what)]))
    titles = {"question": "The question", "scenarios": "The scenarios", "method": "The method",
              "results": "Results", "provenance": "Provenance"}
    headline = next((p["headline"] for _, p in parts if "headline" in p), "")
    body = [f"<h1>Escalation report: {esc(title)}</h1>",
            f'<p class="sub">Pakistan–Afghan Taliban border crisis simulator · {esc(what)} · made {esc(now)}</p>']
    if headline:
        body.append(f'<div class="box"><b>In short.</b> {esc(headline)}</div>')
    for key, heading in titles.items():
        if sections[key]:
            body.append(f'<h2 id="{key}">{esc(heading)}</h2>' + "".join(sections[key]))
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{esc('Escalation report: ' + title)}</title><style>{CSS}</style></head>"
            f"<body>{''.join(body)}</body></html>\n")


def report_command(args) -> int:
    """``escalation report DIR [--out FILE]``: 0 written; ``NotAReport`` for the CLI to turn into exit 2."""
    folder = Path(args.dir)
    text = build_report(folder)
    out = Path(args.out) if args.out else folder / "report.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)
    print(f"wrote {out} ({len(text.encode('utf-8')) / 1e6:.1f} MB; open it in any browser, no network needed)")
    return 0
