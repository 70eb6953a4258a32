"""The levels charts as the browser receives them: a run's levels so far, and a debrief's fan."""

from __future__ import annotations

import json

import numpy as np
import pytest

from sim.analysis.debrief import debrief
from sim.app import dials as D
from sim.app.chart_data import MIN_DAYS_SHOWN, fan_charts, levels_chart
from sim.outputs.run_plot import ceasefire_spans
from sim.player import Choice


def test_levels_chart_is_the_models_series():
    model, _ = D.opening(D.dials_for("oct2025"))
    chart = levels_chart(model)
    assert chart["x_max"] == MIN_DAYS_SHOWN and [len(ln["values"]) for ln in chart["lines"]] == [1, 1]
    for _ in range(14):
        model.step()
    chart = levels_chart(model)
    v = model.datacollector.model_vars
    assert [ln["label"] for ln in chart["lines"]] == ["Pakistan", "Taliban administration"]
    assert chart["lines"][0]["values"] == [float(x) for x in v["level_pakistan"]]
    assert chart["lines"][1]["values"] == [float(x) for x in v["level_taliban"]]
    assert chart["x_max"] == 14 and chart["shade"] == ceasefire_spans(v["ceasefire"])
    assert len(chart["y_labels"]) == 8 and chart["y_labels"][0] == "0 calm"
    json.dumps(chart)


def test_fan_charts_are_the_debriefs_quantiles():
    model, _ = D.opening(D.dials_for("classroom"), 5)
    model.set_player("taliban")
    for level in (3, 3, 1, 0):
        model.play(Choice(level=level))
    result = debrief(model, n_runs=9)
    pakistan, taliban = fan_charts(result)
    assert pakistan["title"] == "Pakistan (played by the model)" and taliban["title"].endswith("(played by you)")
    q = np.quantile(result.fan_levels["taliban"], [0.05, 0.95], axis=0)
    assert taliban["bands"][0]["lo"] == [round(float(x), 2) for x in q[0]]
    assert taliban["bands"][0]["hi"] == [round(float(x), 2) for x in q[1]]
    you = taliban["lines"][-1]
    assert you["label"] == "you" and you["values"] == [float(x) for x in result.student_levels["taliban"]]
    json.dumps([pakistan, taliban])
