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
    assert raw.config.forcing.major_attacks_from_record  # the history kept the cells' attacks below the threshold
    assert not model.config.forcing.major_attacks_from_record  # the future has no record: the cells' may be major


def test_the_cells_make_major_attacks_after_the_present(particles):
    from sim.decisions.major_attack import is_major

    model = continued(particles.states[0], particles.start_day, 365, BASE, (2, 0, 0))
    majors = []
    while model.running:
        model.step()
        majors += [a for a in model.log.ttp_attacks_today
                   if is_major(a.killed("pakistan_military"), a.killed("pakistan_civilian"))]
    assert majors  # a year of the record's tempo gives several (27 in 4.6 years of the record)


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


def test_major_attacks_at_the_record_s_last_year_s_rate_shared_by_base_and_what_if(tmp_path, particles, present):
    """The future's major attacks: copies of the record's in the year before the start, the same for the base and a
    what-if on one key; Kabul's restraint keeps a subset of them."""
    import datetime as dt

    from sim.forecast.major_attacks import WINDOW_DAYS, of_model

    attacks = of_model(particles.first(), particles.start_date)
    assert attacks.window == (str(dt.date(2026, 4, 8) - dt.timedelta(days=WINDOW_DAYS)), "2026-04-07")
    assert len(attacks.pool) >= 5 and all(e["pakistan_military"] >= 5 or e["pakistan_military"] + e["pakistan_civilian"]
                                          >= 10 for e in attacks.pool)
    restrain = load_what_if(what_if_file(tmp_path, "actors: {taliban: {ttp_restraint: 0.6}}"), present)
    start = particles.start_day

    def majors(what_if, key):
        model = continued(particles.states[0], start, 180, what_if, key, attacks)
        return [(d, e.province, e.pakistan_military) for d, es in sorted(model.script.items()) for e in es
                if e.type == "militant_attack"]

    base = majors(BASE, (4, 0, 0))
    assert base == majors(WhatIf("nothing"), (4, 0, 0)) and base != majors(BASE, (4, 0, 1))
    fewer = majors(restrain, (4, 0, 0))
    assert set(fewer) <= set(base) and all(start <= d < start + 180 for d, _, _ in base)
    counts = [len(majors(BASE, (4, i, 0))) for i in range(40)]
    assert abs(sum(counts) / 40 - attacks.rate * 180) < 2.0  # about the record's rate (5.4 in 180 days)
