"""The filter's likelihood of one window (sim/history/window_likelihood.py), against answers worked by hand:
each target's one-member CRPS |x - y| over its climatology score b_t, the targets of a block (a window's
crossings, its casualties) as one observation, the mean of their terms."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sim.history.window_likelihood import log_likelihood, target_block
from sim.validation.episode import load_episode
from tests.builders import quiet_world

START = dt.date(2024, 3, 1)
CROSSINGS = ("Torkham", "Chaman")  # the crossings of the quiet world's map


def _window(tmp_path, crossings=CROSSINGS, casualties=False):
    (tmp_path / "long.yaml").write_text(json.dumps(quiet_world(days=60, start_date=str(START), name="long")),
                                        encoding="utf-8")
    targets = {"peak_level": {"value": 5, "source": "s"},
               "crossing_closed_days": {c: {"value": 10, "source": "s"} for c in crossings}}
    if casualties:
        targets["casualties"] = {"actors": ["pakistan", "taliban"], "window_days": 20,
                                 "afghan_civilian": {"value": 4, "source": "s"},
                                 "pakistan_military": {"value": 0, "source": "s"}}
    episode = {"name": "w", "scenario": "long.yaml", "window": {"start": str(START), "days": 30},
               "trigger": {"date": str(START), "initiator": "pakistan"}, "targets": targets}
    (tmp_path / "w.yaml").write_text(json.dumps(episode), encoding="utf-8")
    return load_episode(tmp_path / "w.yaml")


def test_a_target_missed_by_its_baseline_weighs_e_to_the_minus_one(tmp_path):
    loaded = _window(tmp_path, crossings=("Torkham",))
    base = {"peak_level": 2.0, "crossing_closed_days.Torkham": 5.0}
    measures = {"peak_level": 3, "crossing_closed_days.Torkham": 10}  # peak off by 2 = b; Torkham exact
    assert log_likelihood(loaded, measures, base, temperature=1.0) == pytest.approx(-1.0)
    assert log_likelihood(loaded, measures, base, temperature=4.0) == pytest.approx(-0.25)


def test_a_windows_crossings_weigh_as_one_observation(tmp_path):
    base = {"peak_level": 1.0, **{f"crossing_closed_days.{c}": 5.0 for c in CROSSINGS}}
    both = _window(tmp_path)
    shut = {"peak_level": 5, **{f"crossing_closed_days.{c}": 0 for c in CROSSINGS}}  # each crossing off by 10
    assert log_likelihood(both, shut, base, 1.0) == pytest.approx(-2.0)  # the mean of 2 and 2, not their sum
    one_right = {**shut, "crossing_closed_days.Torkham": 10}
    assert log_likelihood(both, one_right, base, 1.0) == pytest.approx(-(0 + 2) / 2)
    (tmp_path / "alone").mkdir()
    alone = _window(tmp_path / "alone", crossings=("Chaman",))
    assert log_likelihood(alone, shut, base, 1.0) == pytest.approx(log_likelihood(both, shut, base, 1.0))


def test_casualty_groups_weigh_as_one_and_apart_from_the_crossings(tmp_path):
    loaded = _window(tmp_path, crossings=("Torkham",), casualties=True)
    base = {"peak_level": 1.0, "crossing_closed_days.Torkham": 5.0, "casualties.afghan_civilian": 2.0,
            "casualties.pakistan_military": 4.0}
    measures = {"peak_level": 4, "crossing_closed_days.Torkham": 0, "casualties.afghan_civilian": 0,
                "casualties.pakistan_military": 4}
    # peak 1/1 = 1; Torkham 10/5 = 2; casualties mean(4/2, 4/4) = 1.5
    assert log_likelihood(loaded, measures, base, 1.0) == pytest.approx(-4.5)


@pytest.mark.parametrize("name, block", [
    ("crossing_closed_days.Chaman", "crossing_closed_days"),
    ("nov2025.crossing_closed_days.Chaman", "nov2025.crossing_closed_days"),
    ("casualties.afghan_civilian", "casualties"),
    ("strike.days_to_first_retaliation", "strike.days_to_first_retaliation"),
    ("peak_level", "peak_level"),
])
def test_blocks(name, block):
    assert target_block(name) == block
