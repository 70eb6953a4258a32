"""Episodes over several phases (docs/episodes.md): each phase measured from its own trigger over its own
days; and the local-ceasefire target. Known answers on hand-made event rows and daily series."""

from __future__ import annotations

import pytest

from sim.scenario.loading import ScenarioError
from sim.validation.episode import load_episode
from sim.validation.measures import measure_run, observed_targets
from tests.validation.test_episode import _ev, _write

PHASED = """
name: phased
scenario: SCENARIO
days: 12
phases:
  - name: first
    trigger: {day: 0, initiator: pakistan, retaliation_level: 3}
    window_days: 6
    targets:
      days_to_first_retaliation: {value: 1, source: s}
      peak_level: {value: 4, source: s}
      days_to_local_ceasefire: {value: 2, source: s}
      crossing_closed_days: {Torkham: {value: 3, source: s}}
      open_war: {value: false, source: s}
  - name: second
    trigger: {day: 6, initiator: taliban, retaliation_level: 5}
    targets:
      days_to_first_retaliation: {value: 2, source: s}
      peak_level: {value: 7, source: s}
      days_to_ceasefire: {value: 4, source: s}
      crossing_closed_days: {Torkham: {value: 6, source: s}}
      casualties: {afghan_civilian: {value: 9, source: s}}
      open_war: {value: true, source: s}
"""

SERIES = {"level_max": [5, 3, 4, 1, 1, 0, 2, 3, 5, 7, 7, 1],
          "crossing_torkham": [2, 2, 2, 0, 0, 0, 2, 2, 2, 2, 2, 2]}
EVENTS = [_ev(0, "pakistan", 5), _ev(1, "taliban", 3), _ev(2, "scenario", act="local_ceasefire"),
          _ev(3, "taliban", 4), _ev(7, "pakistan", 4), _ev(8, "pakistan", 5, afghan_civilian=4),
          _ev(9, "pakistan", 7, afghan_civilian=5), _ev(10, "qatar", act="ceasefire")]


def test_each_phase_is_measured_from_its_trigger_over_its_days(tmp_path):
    loaded = load_episode(_write(tmp_path, PHASED))
    assert loaded.trigger.day == 0  # the first phase's trigger when the episode has none of its own
    measured = measure_run(loaded, {"peak_level": 7, "open_war": True}, EVENTS, SERIES)
    assert measured == {
        "first.days_to_first_retaliation": 1, "first.peak_level": 5, "first.days_to_local_ceasefire": 2,
        "first.crossing_closed_days.Torkham": 3, "first.open_war": False,
        "second.days_to_first_retaliation": 2, "second.peak_level": 7, "second.days_to_ceasefire": 4,
        "second.crossing_closed_days.Torkham": 6, "second.casualties.afghan_civilian": 9, "second.open_war": True}
    assert list(observed_targets(loaded)) == list(measured)


def test_an_act_after_its_phase_does_not_count_for_it(tmp_path):
    loaded = load_episode(_write(tmp_path, PHASED))
    late = [_ev(0, "pakistan", 5), _ev(7, "taliban", 3)]  # the Taliban answer only in phase two's days
    assert measure_run(loaded, {}, late, SERIES)["first.days_to_first_retaliation"] is None


def test_a_phase_trigger_past_the_horizon_is_an_error_at_its_line(tmp_path):
    path = _write(tmp_path, PHASED.replace("{day: 6, initiator: taliban", "{day: 40, initiator: taliban"))
    with pytest.raises(ScenarioError, match=r":16:20: phases\[1\]\.trigger\.day: expected a day before the horizon"):
        load_episode(path)


def test_an_episode_needs_targets_or_phases(tmp_path):
    with pytest.raises(ScenarioError, match="give targets, or phases"):
        load_episode(_write(tmp_path, "name: x\nscenario: SCENARIO\n"))
