"""The page from the present (sim/app/present.py; ``escalation app --from STATE``): a particle of the state, chosen by
the seed, with today's date, its crossings and postures; counters from today; a played game's debrief against the
same particle's forks; --from refused with --class and for a STATE that is not one."""

from __future__ import annotations

import pickle

import pytest

from sim.analysis.debrief import debrief
from sim.app import dials as D
from sim.app import present
from sim.app.live_run import LiveRun
from sim.app.watch_tab import day_headline
from sim.cli import main
from sim.player import Choice


@pytest.fixture
def from_present(monkeypatch, assimilated):
    monkeypatch.setenv(present.ENV, str(assimilated))
    return present.particles(str(assimilated))


def _dials(seed: int = 3) -> dict:
    dials = D.dials_for("history_2021_2026")
    dials["seed"] = str(seed)
    return dials


def test_the_page_opens_today_on_the_particle_the_seed_chooses(from_present):
    live = LiveRun.start(_dials(3))
    m = live.model
    assert m.day == from_present.start_day and "08 Apr 2026" in day_headline(m) and day_headline(m).startswith("Day 0")
    index = present.particle_for(from_present, 3)
    particle = pickle.loads(from_present.states[index])
    today = present._start(str(from_present.source.parent), index, {}, 10, 3)  # before today's step
    assert {n: c.status for n, c in today.world.crossings.items()} == \
        {n: c.status for n, c in particle.world.crossings.items()}
    assert (today.pakistan.level, today.taliban.level, today.pakistan.grievance) == \
        (particle.pakistan.level, particle.taliban.level, particle.pakistan.grievance)
    assert sum(m.log.casualties_total.values()) == sum(m.datacollector.model_vars[g][-1] for g in
                                                        ("pakistan_military", "afghan_military", "afghan_civilian",
                                                         "pakistan_civilian", "ttp"))
    again = LiveRun.start(_dials(3)).model
    assert again.datacollector.to_table().to_pylist() == m.datacollector.to_table().to_pylist()


def test_the_dials_change_only_what_they_change(from_present):
    dials = _dials(3)
    dials["restraint_pressure"] = 4.0
    m = LiveRun.start(dials).model
    base = pickle.loads(from_present.states[present.particle_for(from_present, 3)])
    assert m.config.restraint_pressure == 4.0
    assert m.config.actors.pakistan.rule == base.config.actors.pakistan.rule  # the particle's calibrated rule kept


def test_a_game_from_the_present_is_debriefed_against_the_same_particles_forks(from_present):
    game = LiveRun.start(_dials(5), 4, "pakistan")
    for _ in range(3):
        game.play(Choice(level=0))
    result = debrief(game.model, n_runs=4, start=present.start_for(game.model))
    assert result.days == 4 and result.days_played == 3 and len(result.runs) == 4
    assert all(len(v) == 4 for v in result.fan_levels["pakistan"])


def test_from_is_refused_with_a_class_or_a_state_that_is_not_one(tmp_path, capsys):
    assert main(["app", "--from", str(tmp_path), "--class"]) == 2
    assert "--from goes without --class" in capsys.readouterr().err
    assert main(["app", "--from", str(tmp_path), "--class-dir", str(tmp_path / "c")]) == 2
    assert "--from goes without --class" in capsys.readouterr().err and not (tmp_path / "c").exists()
    assert main(["app", "--from", str(tmp_path / "nowhere"), "--port", "1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "nowhere" in err[0]


def test_the_whole_page_renders_from_the_present(from_present, monkeypatch):
    import solara

    from sim.app import page as app
    from tests.conftest import SCENARIOS

    monkeypatch.setenv("ESCALATION_SCENARIO", str(SCENARIOS / "history_2021_2026.yaml"))
    app.startup.cache_clear()
    try:
        box, rc = solara.render(app.Page(), handle_error=False)
        day = rc.find(kind="watch-day").widget.day.value
        assert "08 Apr 2026" in day["map"]["title"] and day["counters"]["headline"].startswith("Day 0 (2026-04-08)")
    finally:
        app.startup.cache_clear()
