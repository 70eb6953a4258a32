"""Windows of a longer run (sim/validation/window.py): measured as a run of their own, triggers by date or found
in each run, and a window outside the run refused."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sim.model import EscalationModel
from sim.scenario.loading import ScenarioError
from sim.validation.episode import load_episode
from sim.validation.joint_fit import measure_model
from tests.builders import quiet_world

ANSWERING = {"rule": {"name": "tit_for_tat"}, "initial_level": 0}
TARGETS = {"days_to_first_retaliation": {"value": 1, "source": "s"}, "peak_level": {"value": 5, "source": "s"},
           "crossing_closed_days": {"Torkham": {"value": 0, "source": "s"}},
           "casualties": {"actors": ["pakistan", "taliban"], "window_days": 20,
                          "afghan_civilian": {"value": 3, "source": "s"}},
           "open_war": {"value": False, "source": "s"}}
START = dt.date(2024, 3, 1)


def _scenario(folder, name, start, days, strike_day):
    strike = {"day": strike_day, "type": "strike", "actor": "pakistan", "level": 5, "province": "Nangarhar"}
    data = quiet_world(events=[strike], days=days, start_date=str(start), name=name, both=ANSWERING,
                       restraint_pressure=0.0)
    (folder / f"{name}.yaml").write_text(json.dumps(data), encoding="utf-8")


def _episode(folder, name, scenario, **fields):
    text = {"name": name, "scenario": f"{scenario}.yaml", "targets": TARGETS, **fields}
    (folder / f"{name}.yaml").write_text(json.dumps(text, default=str), encoding="utf-8")
    return load_episode(folder / f"{name}.yaml")


def _measured(loaded, seed):
    model = EscalationModel(loaded.scenario, rng=seed, days=loaded.run_days).run()
    return measure_model(loaded, model)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_windows_targets_equal_a_standalone_runs_when_nothing_came_before(tmp_path, seed):
    _scenario(tmp_path, "long", START, 100, 40)  # the strike on day 40 of a quiet run
    _scenario(tmp_path, "alone", START + dt.timedelta(days=40), 30, 0)
    window = _episode(tmp_path, "w", "long", window={"start": START + dt.timedelta(days=40), "days": 30},
                      trigger={"date": START + dt.timedelta(days=40), "initiator": "pakistan"})
    alone = _episode(tmp_path, "a", "alone", trigger={"day": 0, "initiator": "pakistan"})
    assert window.offset == 40 and window.run_days == 70 and window.trigger.day == 0
    measured = _measured(window, seed)
    assert measured == _measured(alone, seed)
    assert measured["days_to_first_retaliation"] == 1 and measured["peak_level"] == 5


def test_a_trigger_found_in_the_window(tmp_path):
    _scenario(tmp_path, "long", START, 100, 40)
    found = _episode(tmp_path, "f", "long", window={"start": START + dt.timedelta(days=30), "days": 40},
                     trigger={"find": {"actor": "pakistan", "min_level": 5}, "initiator": "pakistan"})
    assert _measured(found, 1)["days_to_first_retaliation"] == 1  # from day 10 of the window, the strike
    before = _episode(tmp_path, "b", "long", window={"start": START, "days": 30},
                      trigger={"find": {"actor": "pakistan", "min_level": 5}, "initiator": "pakistan"})
    measured = _measured(before, 1)
    assert measured["days_to_first_retaliation"] is None and measured["peak_level"] == 0


def test_a_window_outside_the_run_is_an_error_at_its_line(tmp_path):
    _scenario(tmp_path, "long", START, 100, 40)
    with pytest.raises(ScenarioError, match=r"window: expected a window within the run"):
        _episode(tmp_path, "x", "long", window={"start": START + dt.timedelta(days=90), "days": 30},
                 trigger={"day": 0, "initiator": "pakistan"})


def test_a_trigger_date_before_the_window_is_an_error(tmp_path):
    _scenario(tmp_path, "long", START, 100, 40)
    with pytest.raises(ScenarioError, match=r"trigger.date: expected a day before the horizon"):
        _episode(tmp_path, "x", "long", window={"start": START + dt.timedelta(days=40), "days": 30},
                 trigger={"date": START, "initiator": "pakistan"})


def test_the_hindcast_report_of_a_window_whose_trigger_is_found_says_so(tmp_path):
    """The text report once crashed on a found trigger (its day differs run by run) with a casualty window."""
    from sim.validation.hindcast import format_report, hindcast
    _scenario(tmp_path, "long", START, 100, 40)
    found = _episode(tmp_path, "f", "long", window={"start": START + dt.timedelta(days=30), "days": 40},
                     trigger={"find": {"actor": "pakistan", "min_level": 5}, "initiator": "pakistan"}, replicates=2)
    text = format_report(hindcast(found, 2, workers=1))
    assert "trigger: each run's first act of pakistan at rung >= 5" in text
    assert "over 20 days from the trigger" in text
