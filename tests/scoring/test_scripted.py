"""Targets decided by the script (sim.scoring.scripted) are flagged and left out of skill and coverage."""

from __future__ import annotations

from sim.scoring.climatology import Climatology
from sim.scoring.scorecard import overall, score_episode
from sim.scoring.scripted import script_only, script_only_measures
from sim.validation.episode import load_episode
from sim.validation.hindcast import run_ensemble
from tests.scoring.builders import observed, write_episode

STRIKE = {"day": 0, "type": "strike", "actor": "pakistan", "level": 6, "province": "Kabul"}
TARGETS = {"peak_level": observed(6), "days_to_first_retaliation": observed(None),
           "open_war": {"value": False, "source": "s"}}


def _scored(tmp_path, name, events, start):
    path = write_episode(tmp_path, name, TARGETS, events=events, start_date=start)
    loaded = load_episode(path)
    other = load_episode(write_episode(tmp_path, "other", {"peak_level": observed(4),
                                                          "days_to_first_retaliation": observed(3),
                                                          "open_war": {"value": False, "source": "s"}},
                                       start_date="2020-01-01"))
    measures, _, _ = run_ensemble(loaded, 6, tmp_path / f"runs_{name}", workers=1)
    return score_episode(loaded, measures, Climatology([loaded, other]), script=script_only_measures(loaded))


def test_a_peak_reached_by_a_scripted_strike_is_scripted_and_left_out(tmp_path):
    scored = _scored(tmp_path, "scripted", [STRIKE], "2024-01-01")
    flags = {t.target: t.scripted for t in scored.targets}
    assert flags == {"days_to_first_retaliation": False, "peak_level": True, "open_war": False}
    summary = overall([scored])
    assert summary["scripted"] == 1 and summary["targets"] == 2
    assert summary["numeric_targets"] == 1  # the peak is not in coverage


def test_without_the_scripted_strike_the_peak_is_the_models(tmp_path):
    scored = _scored(tmp_path, "unscripted", [], "2024-01-01")
    assert not any(t.scripted for t in scored.targets)


def test_the_script_alone_takes_every_decision_away(oct2025):
    alone = script_only(oct2025)
    assert {a.rule.name for a in (alone.actors.pakistan, alone.actors.taliban)} == {"passive"}
    assert not any(m.active for m in alone.mediators.values()) and alone.local_channel is None
    assert alone.actors.pakistan.close_crossings_at is None and alone.actors.pakistan.border_force is None
    assert [e.type for e in alone.events] == [e.type for e in oct2025.events if e.type != "policy_change"]
