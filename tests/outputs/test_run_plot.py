"""The run plot's ceasefire spans and shading (sim/outputs/run_plot.py), shared by the page's charts."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from sim.outputs.run_plot import LEVEL_TICKS, _shade_ceasefires, ceasefire_spans


@pytest.mark.parametrize("flags, spans", [
    ([], []), ([False, False], []), ([True], [[0, 0]]),
    ([False, True, True, False, True], [[1, 2], [4, 4]]), ([True, True, True], [[0, 2]]),
])
def test_ceasefire_spans(flags, spans):
    assert ceasefire_spans(flags) == spans


def test_each_span_is_shaded_once_from_half_a_day_before_to_half_a_day_after_and_labelled_once():
    ax = Figure().add_subplot()
    _shade_ceasefires(ax, [10, 11, 12, 13, 14], [False, True, True, False, True])
    shaded = [(p.get_x(), p.get_x() + p.get_width()) for p in ax.patches]
    assert shaded == [(10.5, 12.5), (13.5, 14.5)]
    assert ax.get_legend_handles_labels()[1] == ["ceasefire"]


def test_level_ticks_name_every_rung():
    assert LEVEL_TICKS[0] == "0 calm" and len(LEVEL_TICKS) == 8
