"""The backtests' section of docs/validation.md: forecasts from the filtered past against what happened and climatology.

``python -m scripts.backtest_section [out/backtests]`` (``make backtests`` runs it after ``escalation backtest``):
keeps the report as docs/validation/backtests.json, draws docs/validation/backtests.png, and writes the section
into docs/validation.md between its markers (inserted before the hindcasts the first time), so the page need not be
regenerated whole. ``scripts/validation_page.py`` renders the same section from the kept report.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KEPT = ROOT / "docs" / "validation" / "backtests.json"
BEGIN, END = "<!-- backtests: begin (scripts/backtest_section.py) -->", "<!-- backtests: end -->"
NAMES = {"open_war": "open war", "pakistani_strike": "a Pakistani strike", "taliban_offensive": "a Taliban offensive "
         "(rung 6+)", "national_ceasefire": "a national ceasefire"}


def _f(x, digits: int = 2) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def _skill_table(report: dict) -> str:
    rows = ["| event within | days | forecasts | happened | mean P model | mean P climatology | Brier model | "
            "Brier climatology | Brier skill | log model | log climatology |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in report["skill"]:
        rows.append(f"| {NAMES[r['target']]} | {r['days']} | {r['forecasts']} | {r['observed']} | {_f(r['mean_p'], 3)} | "
                    f"{_f(r['mean_climatology'], 3)} | {_f(r['brier'], 3)} | {_f(r['brier_climatology'], 3)} | "
                    f"{_f(r['skill'])} | {_f(r['log'], 3)} | {_f(r['log_climatology'], 3)} |")
    return "\n".join(rows)


def _forecast_table(report: dict) -> str:
    rows = ["| start | days | windows weighed | P(open war) model [95%] | climatology | happened | P(strike) model | "
            "climatology | happened |", "|---|---|---|---|---|---|---|---|---|"]
    for f in report["forecasts"]:
        last = max(r["days"] for r in report["scores"] if r["start"] == f["start"])
        war, strike = (next(r for r in report["scores"] if r["start"] == f["start"] and r["days"] == last and
                            r["target"] == t) for t in ("open_war", "pakistani_strike"))
        rows.append(f"| {f['start']} | {last} | {len(f['windows'])} | {_f(war['p'])} [{_f(war['interval'][0])}, "
                    f"{_f(war['interval'][1])}] | {_f(war['climatology'])} | {'yes' if war['observed'] else 'no'} | "
                    f"{_f(strike['p'])} | {_f(strike['climatology'])} | {'yes' if strike['observed'] else 'no'} |")
    return "\n".join(rows)


def backtest_section(report: dict | None, figure: str = "validation/backtests.png") -> str:
    """The section's Markdown (between its markers) for a backtest report (None: not run yet)."""
    if report is None:
        body = "Not run yet: `make backtests` runs them and writes this section."
    else:
        body = f"""Measured: `escalation backtest history/backtests.yaml` ({len(report['forecasts'])} forecasts,
{report['particles']} particles x {report['replicates']} forks each, {report['seconds']:.0f} s on 2 cores). Brier skill
against climatology, every forecast, target and horizon pooled: **{_f(report['overall_skill'])}** (the scorecard's
geometric mean of the targets' ratios: {_f(report.get('overall_skill_geometric'))}; it counts each never-forecast,
never-happened target as a hundredfold win, so read the pooled one and the table).

{_skill_table(report)}

Each forecast, at its longest horizon:

{_forecast_table(report)}

![backtests: each forecast's probability against climatology's and what happened]({figure})"""
    majors = ("by copies of the record's attacks of the year before it, at their rate (`sim/forecast/major_attacks.py`)"
              if (report or {}).get("major_attacks") == "record" else "by the TTP cells")
    return f"""{BEGIN}
### Backtests: forecasts from the filtered past

A forecast from the present (`escalation forecast`, [forecast.md](forecast.md)) is a claim about the future; its
backtests ask how such claims did in the past. `escalation backtest history/backtests.yaml` makes forecasts from
earlier dates (1 September 2025 for 180 days, 1 January 2026 for 90 days, and one every three months from 1 January
2023 for 90 days), each from particles filtered again from 2021 on **the world as known on its date**: the record's
rows dated before it (a tempo period under way at the last ended one's rate), the windows that ended before it, and
their climatology (`sim/forecast/record_as_of.py`; a test deletes every later row of the record and gets the same
forecast run for run). Each is scored at 30, 90 and 180 days against what the record's observations show happened
(open war, a Pakistani strike at rung 5+, a Taliban offensive at rung 6+, a national ceasefire), by the Brier and the
floored log score, and against **climatology**: the record's own base rate of the event over earlier blocks of as many
days before the date, Laplace-smoothed. After its date a forecast's major attacks are made {majors}. What the
backtests know that a forecaster on
their date did not: the parameters come from the shipped posterior, fitted on crises of which three are later than
most of these dates, and the decision rules (model v4: Pakistan's punitive strikes after major attacks, with a trend
by year, and Kabul's answer to strikes; model v5: Pakistan's open war after an offensive, fitted on the offensives of
October 2025 and February 2026 (and, at half weight, the dyad's Afghan offensives of 1950 and 1960-61), and the
share of strikes Pakistan owns; calibration/record_fits.yaml) are fitted on the whole record's cases, 2021-2026.

{body}
{END}"""


def replace_section(page: str, section: str) -> str:
    if BEGIN in page and END in page:
        return re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: section, page, flags=re.S)
    marker = next((m for m in ("## 4. Patterns of the record", "## 4. Posterior-predictive", "## 3. Posterior-predictive")
                   if m in page), None)
    if marker is None:
        return page.rstrip() + "\n\n" + section + "\n"
    return page.replace(marker, section + "\n\n" + marker, 1)


def kept_section() -> str:
    """The section from the kept report (what scripts/validation_page.py renders)."""
    return backtest_section(json.loads(KEPT.read_text(encoding="utf-8")) if KEPT.is_file() else None)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    folder = Path(argv[0] if argv else ROOT / "out" / "backtests")
    report = json.loads((folder / "backtests.json").read_text(encoding="utf-8"))
    KEPT.parent.mkdir(parents=True, exist_ok=True)
    KEPT.write_text(json.dumps({k: v for k, v in report.items() if k != "out"}, indent=1) + "\n", encoding="utf-8")
    from sim.forecast.backtest_command import plot_backtests

    plot_backtests(report, KEPT.with_suffix(".png"))
    page_path = ROOT / "docs" / "validation.md"
    page_path.write_text(replace_section(page_path.read_text(encoding="utf-8"), backtest_section(report)),
                         encoding="utf-8")
    print(f"wrote {KEPT}, {KEPT.with_suffix('.png')} and the backtests' section of {page_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
