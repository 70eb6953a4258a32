"""What a forecast measures on a run (sim/forecast/outcomes.py), on known answers: a scripted strike, a ceasefire,
and the series' own sums."""

from __future__ import annotations

from sim.forecast.continuation import continued
from sim.forecast.outcomes import measure, status_before
from sim.forecast.what_if import load_what_if
from tests.forecast.builders import what_if_file


def test_a_scripted_strike_and_ceasefire_are_counted_from_day_zero(tmp_path, particles, present):
    what_if = load_what_if(what_if_file(tmp_path, """
        events:
          - {type: strike, day: 3, actor: pakistan, level: 5, province: Khost}
          - {type: ceasefire, day: 5, days: 20, monitoring: 1.0}
        """), present)
    start = particles.start_day
    model = continued(particles.states[0], start, 30, what_if, (1, 0, 0))
    before = status_before(model)
    model.run()
    o = measure(model, start, before, (4, 30))
    assert o.first["pakistani_strike"] <= 3 and o.happened("pakistani_strike", 4)
    assert o.first["national_ceasefire"] <= 5 and o.happened("national_ceasefire", 30)
    series = model.datacollector.model_vars
    rows = [i for i, d in enumerate(series["day"]) if d >= start]
    assert o.total("ttp", 30) == sum(series["ttp"][i] for i in rows)
    assert o.peak(30) == max(series["level_max"][i] for i in rows) >= 5
    code = series["crossing_torkham"][rows[29]]
    assert o.happened("torkham_open", 30) == (code == 0)
