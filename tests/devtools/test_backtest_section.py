"""scripts/backtest_section.py and scripts/forecast_section.py: the results' sections render from a report and replace
their own text between their markers (a page is written again, never grown)."""

from __future__ import annotations

import json

from scripts.backtest_section import BEGIN, END, backtest_section, replace_section
from scripts.forecast_section import section
from tests.forecast.builders import ROOT

REPORT = {"forecasts": [{"start": "2026-01-01", "days": 90, "windows": ["a"], "runs": 8, "seconds": 1}],
          "scores": [{"start": "2026-01-01", "days": 90, "target": t, "p": 0.1, "interval": [0.0, 0.3],
                      "climatology": 0.2, "observed": t == "open_war"} for t in
                     ("open_war", "pakistani_strike", "taliban_offensive", "national_ceasefire")],
          "skill": [{"target": "open_war", "days": 90, "forecasts": 1, "observed": 1, "mean_p": 0.1,
                     "mean_climatology": 0.2, "brier": 0.81, "brier_climatology": 0.64, "skill": -0.27, "log": 2.3,
                     "log_climatology": 1.6}],
          "overall_skill": -0.27, "overall_skill_geometric": -0.27, "particles": 4, "replicates": 2, "seconds": 3}


def test_the_backtest_section_replaces_itself():
    text = backtest_section(REPORT)
    assert text.startswith(BEGIN) and text.endswith(END) and "| open war | 90 | 1 | 1 |" in text
    page = replace_section("# Validation\n\n## 4. Posterior-predictive hindcasts\n", text)
    assert page.index(BEGIN) < page.index("## 4.") and replace_section(page, text) == page
    assert "Not run yet" in backtest_section(None)


def test_the_forecast_section_renders_a_forecasts_report(tmp_path):
    from sim.forecast.outcomes import binary_targets

    horizon = {"days": 30, **{f"p_{t}": 0.1 for t in binary_targets()},
               **{f"p_{t}_interval": [0.0, 0.2] for t in binary_targets()},
               "casualties": {"ttp": {"mean": 1.0, "interval": [0.5, 1.5]}}}
    report = {"state": "out/assimilation", "days": 30, "start_date": "2026-04-08", "particles": 2, "replicates": 1,
              "runs": 2, "seconds": 1.0, "open_at_start": {"torkham": 0.0}, "horizons": [horizon], "what_ifs": []}
    text = section(json.loads(json.dumps(report)))
    assert "| open war | 0.100 [0.000, 0.200] |" in text and (ROOT / "docs" / "forecast.md").read_text().count(
        "present forecast: begin") == 1
