"""The class debrief's panels and table: each game among the model's runs from the class's start."""

from __future__ import annotations

import json

import numpy as np

from sim.analysis.debrief import METRICS
from sim.app import class_debrief
from sim.app.debriefs import finished_results
from tests.app.conftest import play_game

RUNS = 12


def _finished_class(small_class):
    play_game(small_class, "s1", "Ayesha", "pakistan", [5] * small_class.days)
    play_game(small_class, "s2", "Bilal", "taliban", [0] * small_class.days)
    play_game(small_class, "s3", "Chen", "pakistan", [2, 2])  # still playing
    return finished_results(small_class, RUNS)


def test_a_panel_per_measure_with_every_finished_game(small_class):
    done, playing = _finished_class(small_class)
    assert [g.student for g in done] == ["Ayesha", "Bilal"] and [g.student for g in playing] == ["Chen"]
    panels = class_debrief.panels(done)
    assert [p["label"] for p in panels] == [label for _, label, _ in METRICS]
    runs = done[0].result.runs
    for (key, _, _), panel in zip(METRICS, panels):
        values = runs[key].to_numpy(dtype=float)
        assert sum(b["count"] for b in panel["bins"]) == RUNS == panel["runs"]
        assert panel["median"] == float(np.median(values))
        assert [m["name"] for m in panel["marks"]] == ["Ayesha", "Bilal"]
        for mark, game in zip(panel["marks"], done):
            assert mark["value"] == game.result.student[key]
            assert mark["below"] == round(100 * float(np.mean(values < game.result.student[key])), 1)
            assert panel["bins"][0]["lo"] <= mark["value"] <= panel["bins"][-1]["hi"]
    assert len(panels[0]["bins"]) == 8  # the peak level: one bar a rung
    json.dumps(panels)


def test_no_finished_game_no_panel():
    assert class_debrief.panels([]) == []


def test_the_table_has_every_debriefed_game(small_class):
    done, _ = _finished_class(small_class)
    table = class_debrief.table(done)
    assert [r["game"] for r in table] == [1, 2] and all(list(r) == class_debrief.table_columns() for r in table)
    assert table[0]["days"] == small_class.days and "(model runs below: " in table[0]["peak level (0-7)"]
