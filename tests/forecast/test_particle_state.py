"""STATE read (sim/forecast/particle_state.py): an assimilation's final particles or a checkpoint; anything else a
one-line ForecastInputError naming the path."""

from __future__ import annotations

import datetime as dt

import pytest

from sim.forecast.particle_state import ForecastInputError, read_state


def test_the_final_particles_start_at_the_present(particles):
    assert particles.start_date == dt.date(2026, 4, 8)
    assert len(particles.states) == 6 and particles.weights.sum() == pytest.approx(1.0)
    assert particles.first().day + 1 == particles.start_day


def test_a_checkpoint_is_folder_slash_date(assimilated):
    saved = read_state(assimilated / "2026-01-01")
    assert saved.start_date == dt.date(2026, 1, 1) and saved.first().day + 1 == saved.start_day


@pytest.mark.parametrize("make, message", [
    (lambda d: d, "not an assimilation's output folder"),
    (lambda d: d / "nothing", "nor FOLDER/DATE"),
    (lambda d: d / "2025-05-05", "holds no checkpoint at 2025-05-05"),
])
def test_a_state_that_is_not_one_is_one_line_naming_it(tmp_path, make, message):
    with pytest.raises(ForecastInputError, match=message) as err:
        read_state(make(tmp_path))
    assert "\n" not in str(err.value) and str(tmp_path) in str(err.value)


def test_a_file_that_is_not_particles_is_refused(tmp_path):
    bad = tmp_path / "particles.parquet"
    bad.write_text("not parquet")
    with pytest.raises(ForecastInputError, match="cannot be read as particles"):
        read_state(tmp_path)


def test_states_pooled_weigh_alike_and_must_start_on_one_day(assimilated, particles):
    from sim.forecast.particle_state import read_states
    pooled = read_states([assimilated, assimilated])
    assert len(pooled.states) == 2 * len(particles.states) and pooled.start_date == particles.start_date
    assert pooled.weights.sum() == pytest.approx(1.0)
    assert pooled.weights[:len(particles.weights)] == pytest.approx(particles.weights / 2)  # each set weighs half
    assert read_states(assimilated).weights == pytest.approx(particles.weights)  # one STATE: as read_state
    with pytest.raises(ForecastInputError, match="start on different days") as err:
        read_states([assimilated, assimilated / "2026-01-01"])
    assert "\n" not in str(err.value)
