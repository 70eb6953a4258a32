"""Patterns of the record (sim/validation/record_patterns.py): known answers on made-up histories, the record's
own figures, and the binomial judgement."""

from __future__ import annotations

import datetime as dt

import pytest

from sim.validation.pattern_sources import model_events, record_events
from sim.validation.record_patterns import Events, judged, statistics
from tests.conftest import ROOT


def test_statistics_of_a_made_up_history():
    ev = Events(400, majors=[10, 100, 300], pakistan=[(12, 5), (13, 5), (200, 6)], taliban=[(14, 4), (205, 3)],
                closures=[3, 9, 30])
    s = statistics(ev)
    assert s["strike_after_attack"] == (1, 3)  # only the attack of day 10 is followed within 14 days
    assert s["answer_to_strike"] == (2, 2)  # episodes start on days 12 and 200 (13 is the first's); fire 2 and 5 days on
    assert s["answer_delay_days"] == 3.5


def test_answers_and_medians():
    ev = Events(400, pakistan=[(0, 5), (100, 5)], taliban=[(2, 3), (104, 5)], closures=[2, 4, 100])
    s = statistics(ev)
    assert s["answer_to_strike"] == (2, 2) and s["answer_delay_days"] == 3.0
    assert s["closure_days"] == 4.0 and s["days_between_crises"] == 100.0


def test_the_records_strikes_after_attacks():
    from sim.scenario.history_record import read_record

    start = dt.date(2021, 8, 15)
    s = statistics(record_events(read_record(ROOT / "record"), start, dt.date(2026, 4, 8)))
    assert s["strike_after_attack"] == (8, 28)  # RECORD_STRIKES_ATTACKS.md: 8 of 28 core attacks


def test_judged_rate_inside_and_outside():
    runs = [{"r": (3, 10)}] * 10  # a model rate of 0.3
    inside = judged({"r": (3, 10)}, runs)[0]
    outside = judged({"r": (10, 10)}, runs)[0]
    assert inside["inside"] and not outside["inside"] and inside["model"] == pytest.approx(0.3)


def test_model_events_of_a_run():
    from tests.builders import build, quiet_world

    events = [{"type": "ttp_attack", "day": 1, "province": "Bajaur", "pakistan_military": 11},
              {"type": "strike", "day": 3, "actor": "pakistan", "level": 5, "province": "Khost"},
              {"type": "closure", "day": 2, "actor": "pakistan", "crossings": ["Torkham"]}]
    model = build(quiet_world(events=events, days=10, scenario="oct2025.yaml"), seed=1).run()
    s = statistics(model_events(model))
    assert s["strike_after_attack"] == (1, 1)
    assert s["closure_days"] == 8.0  # closed from day 2 to the end (day 9)
