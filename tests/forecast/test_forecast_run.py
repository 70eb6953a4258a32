"""The forecast's runs (sim/forecast/forecast_run.py): the same on one or two workers, a what-if with no change equal
to the base run for run, and every what-if run on its slot's particle and fork key (common random numbers)."""

from __future__ import annotations

import numpy as np

from sim.forecast.continuation import continued
from sim.forecast.forecast_run import resampled, run_forecast
from sim.forecast.forecast_spec import ForecastSpec
from sim.forecast.outcomes import measure, status_before
from sim.forecast.what_if import WhatIf, load_what_if
from tests.forecast.builders import ROOT

SPEC = ForecastSpec(days=30, replicates=2, root_seed=9)


def _plain(o):
    return (o.levels.tolist(), o.first, o.killed, o.open_at, o.open_at_start)


def test_the_same_runs_on_one_or_two_workers(particles):
    one = run_forecast(particles, SPEC, workers=1)
    two = run_forecast(particles, SPEC, workers=2)
    assert [_plain(o) for o in one.outcomes[0]] == [_plain(o) for o in two.outcomes[0]]
    assert one.keys == two.keys and list(one.picked) == list(two.picked)


def test_a_what_if_with_no_change_equals_the_base_run_for_run(particles, present):
    nothing = load_what_if(ROOT / "scenarios" / "present" / "no_change.yaml", present)
    runs = run_forecast(particles, SPEC, [nothing])
    assert [_plain(o) for o in runs.outcomes[1]] == [_plain(o) for o in runs.outcomes[0]]


def test_a_what_ifs_runs_share_their_slots_particle_and_fork_key(particles, present):
    restrain = load_what_if(ROOT / "scenarios" / "present" / "kabul_restrains_ttp.yaml", present)
    runs = run_forecast(particles, SPEC, [restrain])
    assert runs.keys == [(9, i, j) for i in range(6) for j in range(2)]
    for n in (0, 5, 11):
        i, j = divmod(n, 2)
        for variant, outcomes in zip((WhatIf("base"), restrain), runs.outcomes):
            model = continued(particles.states[runs.picked[i]], particles.start_day, 30, variant, (9, i, j),
                              runs.attacks)
            before = status_before(model)
            assert _plain(measure(model.run(), particles.start_day, before, SPEC.horizons)) == _plain(outcomes[n])
    killed = lambda v: sum(o.total("pakistan_military", 30) for o in runs.outcomes[v])  # noqa: E731
    assert killed(1) < killed(0)  # 60% of the TTP's attacks prevented


def test_resampling_is_the_root_seeds():
    w = np.array([0.5, 0.25, 0.25, 0.0])
    assert list(resampled(w, 3)) == list(resampled(w, 3)) and 3 not in resampled(w, 3) and len(resampled(w, 3)) == 4
