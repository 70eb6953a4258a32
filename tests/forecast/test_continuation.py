"""A particle continued (sim/forecast/continuation.py): no scripted future, the last day's tempo kept, a what-if's
values and events from day 0, and a fork by key (the same key, the same future)."""

from __future__ import annotations

from sim.forecast.continuation import FOREVER, continued
from sim.forecast.what_if import BASE, WhatIf, load_what_if
from tests.forecast.builders import what_if_file


def _series(model, days=40):
    return model.run().datacollector.to_table().to_pylist()[-days:]


def test_a_checkpoint_forgets_the_record_after_its_date_and_keeps_its_tempo(assimilated):
    from sim.forecast.particle_state import read_state

    saved = read_state(assimilated / "2026-01-01")
    import pickle

    raw = pickle.loads(saved.states[0])
    assert any(day >= saved.start_day for day in raw.script)  # a checkpoint still carries the record's later rows
    model = continued(saved.states[0], saved.start_day, 40, BASE, (1, 0, 0))
    assert not any(day >= saved.start_day for day in model.script)
    assert model.world.surges == ([(FOREVER, raw.world.ttp_surge)] if raw.world.ttp_surge != 1.0 else [])
    # the record listed every major attack up to the date; from it on, the cells make them (docs/ODD.md 7.8)
    assert raw.config.forcing.major_attacks_from_record and not model.config.forcing.major_attacks_from_record


def test_the_same_key_gives_the_same_future_and_another_key_another(particles):
    start = particles.start_day
    one = _series(continued(particles.states[0], start, 40, BASE, (5, 0, 0)))
    assert one == _series(continued(particles.states[0], start, 40, BASE, (5, 0, 0)))
    others = [_series(continued(particles.states[0], start, 40, BASE, (5, 0, j))) for j in (1, 2, 3)]
    assert any(o != one for o in others)


def test_a_what_if_with_no_change_is_the_base_run(particles):
    start = particles.start_day
    base = _series(continued(particles.states[1], start, 40, BASE, (2, 1, 0)))
    assert base == _series(continued(particles.states[1], start, 40, WhatIf("nothing"), (2, 1, 0)))


def test_a_what_ifs_values_and_events_from_day_zero(tmp_path, particles, present):
    what_if = load_what_if(what_if_file(tmp_path, """
        actors: {taliban: {ttp_restraint: 0.6, rule: {name: tit_for_tat}}}
        events: [{type: ceasefire, day: 3, days: 10, monitoring: 1.0}]
        """), present)
    model = continued(particles.states[0], particles.start_day, 20, what_if, (1, 0, 0))
    assert model.taliban.spec.ttp_restraint == 0.6 and type(model.taliban.rule).__name__ == "TitForTat"
    assert [e.day for e in model.script[particles.start_day + 3]] == [particles.start_day + 3]
    rows = _series(model, 20)
    assert [r["ceasefire"] for r in rows][3:13] == [True] * 10
