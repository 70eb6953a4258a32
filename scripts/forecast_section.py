"""The present forecast's results in docs/forecast.md, from a forecast's folder (``forecast.json``).

``python -m scripts.forecast_section [out/forecast]`` (``make backtests`` runs it after ``escalation forecast``):
writes the base forecast (every probability with its Wilson interval, casualties with their t intervals, by horizon)
and every what-if's paired effects into docs/forecast.md between its markers, and copies the fan chart to
docs/forecast_fan.png. The prose around it is written by hand, from these numbers.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "forecast.md"
BEGIN, END = "<!-- present forecast: begin (scripts/forecast_section.py) -->", "<!-- present forecast: end -->"
LABELS = {"open_war": "open war", "pakistani_strike": "a Pakistani strike (rung 5+)",
          "taliban_offensive": "a Taliban offensive (rung 6+)", "national_ceasefire": "a national ceasefire in force",
          "torkham_open": "Torkham open on the last day", "chaman_open": "Chaman open on the last day",
          "ghulam_khan_open": "Ghulam Khan open on the last day"}


def _p(h: dict, target: str) -> str:
    low, high = h[f"p_{target}_interval"]
    return f"{h[f'p_{target}']:.3f} [{low:.3f}, {high:.3f}]"


def _effect(e: dict, digits: int = 3) -> str:
    low, high = e["interval"]
    mark = " *" if e["distinguishable"] else ""
    return f"{e['difference']:+.{digits}f} [{low:+.{digits}f}, {high:+.{digits}f}]{mark}"


def section(report: dict) -> str:
    hs = report["horizons"]
    head = "| P(...) within | " + " | ".join(f"{h['days']} days" for h in hs) + " |"
    rows = [head, "|---" * (len(hs) + 1) + "|"]
    rows += [f"| {label} | " + " | ".join(_p(h, t) for h in hs) + " |" for t, label in LABELS.items()]
    rows += [f"| killed: {g} (mean [95%]) | " + " | ".join(
        f"{h['casualties'][g]['mean']:.1f} [{h['casualties'][g]['interval'][0]:.1f}, "
        f"{h['casualties'][g]['interval'][1]:.1f}]" for h in hs) + " |" for g in hs[0]["casualties"]]
    opened = ", ".join(f"{k} {v:.2f}" for k, v in report["open_at_start"].items())
    parts = [f"Measured: `escalation forecast {report['state']} --days {report['days']} --what-if scenarios/present/*.yaml` "
             f"from {report['start_date']}: {report['particles']} particles x {report['replicates']} forks = "
             f"{report['runs']} runs per scenario, {report['seconds']:.0f} s on 2 cores (base and "
             f"{len(report['what_ifs'])} what-ifs). 95% intervals: Wilson for probabilities, Student t for means.",
             "", "\n".join(rows), "", f"Share of runs with each main crossing open the day before: {opened}."
             + (f" Major attacks drawn at the rate of the record's {m['attacks']} from {m['from']} to {m['to']}: "
                f"{m['expected_in_forecast']} expected in {report['days']} days (sim/forecast/major_attacks.py)."
                if (m := report.get("major_attacks") or {}).get("by") == "record" else
                " Major attacks made by the TTP cells." if m.get("by") == "cells" else ""), "",
             "![the present forecast's fan chart](forecast_fan.png)", ""]
    if report["what_ifs"]:
        rows = ["| what-if - base, paired | " + " | ".join(f"{h['days']} days" for h in hs) + " |",
                "|---" * (len(hs) + 1) + "|"]
        for w in report["what_ifs"]:
            effects = {(e["metric"], e["days"]): e for e in w["effects"]}
            for t in LABELS:
                if any(effects[(f"p_{t}", h["days"])]["difference"] for h in hs) or t == "open_war":
                    rows.append(f"| **{w['name']}**: {LABELS[t]} | " +
                                " | ".join(_effect(effects[(f"p_{t}", h["days"])]) for h in hs) + " |")
            g = "pakistan_military"
            rows.append(f"| **{w['name']}**: killed, {g} | " + " | ".join(
                _effect(effects[(f"casualties.{g}", h["days"])], 1) for h in hs) + " |")
        parts += ["What-ifs, each against the base on the same particles and fork keys (differences of paired "
                  "proportions with Newcombe's interval, of casualties with the paired t interval; `*`: the interval "
                  "excludes 0; rows of targets a what-if does not move at all are left out):", "", "\n".join(rows)]
    return BEGIN + "\n" + "\n".join(parts) + "\n" + END


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    folder = Path(argv[0] if argv else ROOT / "out" / "forecast")
    report = json.loads((folder / "forecast.json").read_text(encoding="utf-8"))
    page = PAGE.read_text(encoding="utf-8")
    if BEGIN not in page or END not in page:
        raise SystemExit(f"{PAGE} has no markers {BEGIN} ... {END}")
    page = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: section(report), page, flags=re.S)
    PAGE.write_text(page, encoding="utf-8")
    shutil.copy(folder / "fan_chart.png", ROOT / "docs" / "forecast_fan.png")
    print(f"wrote the present forecast's section of {PAGE} and docs/forecast_fan.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
