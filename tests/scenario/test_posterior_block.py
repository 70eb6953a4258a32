"""A scenario's posterior: read from its file relative to the scenario that names it, one weighted draw per
run by the run's seed, applied to the scenario; fields a design sets on purpose are never replaced."""

from __future__ import annotations

from collections import Counter

import pytest

from sim.batch.sweep import load_sweep, scenario_digest
from sim.model import EscalationModel
from sim.scenario.loading import ScenarioError, load_scenario
from sim.scenario.posterior_block import read_metadata, write_posterior_file
from tests.conftest import SCENARIOS

THETA = "actors.pakistan.rule.theta"
STEP = "actors.taliban.max_step_up"


def _posterior(folder, weights=(1.0, 0.0, 3.0), name="post.parquet"):
    path = folder / name
    write_posterior_file(path, {THETA: [31.0, 42.0, 53.0], STEP: [1, 2, 3]}, list(weights), {"method": "test"})
    return path


def _scenario(folder, posterior="post.parquet", extra=""):
    path = folder / "s.yaml"
    path.write_text(f"extends: {SCENARIOS / 'oct2025.yaml'}\nposterior: {posterior}\n{extra}", encoding="utf-8")
    return path


def test_the_file_is_read_relative_to_the_scenario_and_its_metadata_kept(tmp_path):
    _posterior(tmp_path)
    scenario = load_scenario(_scenario(tmp_path))
    block = scenario.posterior
    assert block.parameters == [THETA, STEP]
    assert block.samples == [[31.0, 1], [42.0, 2], [53.0, 3]] and block.weights == [1.0, 0.0, 3.0]
    assert isinstance(block.samples[0][1], int)  # whole numbers stay whole: the scenario's int fields take them
    assert read_metadata(tmp_path / "post.parquet") == {"method": "test"}


def test_each_run_draws_by_its_seed_by_weight_and_gets_the_drawn_values(tmp_path):
    _posterior(tmp_path)
    scenario = load_scenario(_scenario(tmp_path))
    rows = {}
    for seed in range(400):
        model = EscalationModel(scenario, rng=seed, days=1)
        rows[seed] = model.posterior_sample
        theta, step = scenario.posterior.samples[model.posterior_sample]
        assert model.config.actors.pakistan.rule.theta == theta
        assert model.config.actors.taliban.max_step_up == step
        assert model.run().summary()["posterior_sample"] == model.posterior_sample
    counts = Counter(rows.values())
    assert counts[1] == 0  # weight 0: never drawn
    assert 0.68 < counts[2] / 400 < 0.82  # weight 3 of 4 (binomial sd 0.022)
    assert all(EscalationModel(scenario, rng=s).posterior_sample == rows[s] for s in (0, 7, 99))  # same seed, same draw


def test_the_digest_follows_the_files_content(tmp_path):
    _posterior(tmp_path)
    first = scenario_digest(load_scenario(_scenario(tmp_path)), None)
    _posterior(tmp_path, weights=(1.0, 1.0, 1.0))
    assert scenario_digest(load_scenario(_scenario(tmp_path)), None) != first


def test_set_and_sweep_axes_are_kept_against_a_draw(tmp_path):
    _posterior(tmp_path)
    scenario = load_scenario(_scenario(tmp_path), overrides=[f"{THETA}=45.5"])
    assert scenario.posterior.keep == [THETA]
    for seed in range(20):
        model = EscalationModel(scenario, rng=seed, days=1)
        assert model.config.actors.pakistan.rule.theta == 45.5
        assert model.config.actors.taliban.max_step_up == scenario.posterior.samples[model.posterior_sample][1]
    sweep = tmp_path / "sw.yaml"
    sweep.write_text(f"name: sw\nbase: s.yaml\nreplicates: 2\naxes:\n  {STEP}: {{values: [4]}}\n", encoding="utf-8")
    plan = load_sweep(sweep)
    assert plan.scenarios[0].posterior.keep == [STEP]
    assert EscalationModel(plan.scenarios[0], rng=3, days=1).config.actors.taliban.max_step_up == 4


def test_null_turns_an_inherited_posterior_off(tmp_path):
    _posterior(tmp_path)
    _scenario(tmp_path)
    child = tmp_path / "child.yaml"
    child.write_text("extends: s.yaml\nposterior: null\n", encoding="utf-8")
    assert load_scenario(child).posterior is None
    assert EscalationModel(load_scenario(child), rng=1, days=1).posterior_sample is None


def test_a_missing_file_is_reported_at_the_key(tmp_path):
    path = _scenario(tmp_path, posterior="nowhere.parquet")
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    text = str(err.value)
    assert f"{path}:2:" in text and "posterior file 'nowhere.parquet' not found" in text


def test_what_a_file_extending_a_calibrated_scenario_sets_holds_against_a_draw(tmp_path):
    """A what-if file (say, earlier talks) must keep its own values, or the draw would undo the what-if."""
    _posterior(tmp_path)
    _scenario(tmp_path)
    child = tmp_path / "early.yaml"
    child.write_text("extends: s.yaml\nname: early\nactors:\n  taliban: {max_step_up: 4}\n", encoding="utf-8")
    scenario = load_scenario(child)
    assert "actors.taliban.max_step_up" in scenario.posterior.keep and THETA not in scenario.posterior.keep
    for seed in range(10):
        model = EscalationModel(scenario, rng=seed, days=1)
        assert model.config.actors.taliban.max_step_up == 4
        assert model.config.actors.pakistan.rule.theta == scenario.posterior.samples[model.posterior_sample][0]


def test_a_sweep_or_an_episode_can_name_its_own_posterior_or_none(tmp_path):
    from sim.validation.episode import load_episode

    _posterior(tmp_path)
    _posterior(tmp_path, weights=(0.0, 1.0, 0.0), name="other.parquet")
    _scenario(tmp_path)
    sweep = tmp_path / "sw.yaml"
    sweep.write_text("name: sw\nbase: s.yaml\nposterior: other.parquet\n", encoding="utf-8")
    assert load_sweep(sweep).scenarios[0].posterior.weights == [0.0, 1.0, 0.0]
    sweep.write_text("name: sw\nbase: s.yaml\nposterior: null\n", encoding="utf-8")
    assert load_sweep(sweep).scenarios[0].posterior is None
    sweep.write_text("name: sw\nbase: s.yaml\n", encoding="utf-8")
    assert load_sweep(sweep).scenarios[0].posterior.weights == [1.0, 0.0, 3.0]
    episode = tmp_path / "ep.yaml"
    episode.write_text("name: ep\nscenario: s.yaml\nposterior: null\ntrigger: {day: 0, initiator: pakistan}\n"
                       "targets: {peak_level: {value: 6, source: test}}\n", encoding="utf-8")
    assert load_episode(episode).scenario.posterior is None


def test_arms_that_share_a_seed_share_the_draw(tmp_path):
    """compare runs each arm with the same seeds (common random numbers): the draws pair up too."""
    _posterior(tmp_path, weights=(1.0, 1.0, 1.0))
    base = load_scenario(_scenario(tmp_path))
    arm = load_scenario(_scenario(tmp_path, extra="restraint_pressure: 2.5\n"))
    rows = [EscalationModel(base, rng=s, days=1).posterior_sample for s in range(30)]
    assert rows == [EscalationModel(arm, rng=s, days=1).posterior_sample for s in range(30)]
    assert len(set(rows)) == 3


def test_a_drawn_scenario_built_once_equals_one_built_afresh_and_keeps_the_block(tmp_path):
    from sim.scenario.values import with_values

    _posterior(tmp_path)
    scenario = load_scenario(_scenario(tmp_path))
    first = {seed: EscalationModel(scenario, rng=seed, days=1) for seed in range(30)}
    for seed, model in first.items():
        values = dict(zip(scenario.posterior.parameters, scenario.posterior.samples[model.posterior_sample]))
        afresh = with_values(scenario.model_copy(update={"posterior": None}), values)
        assert model.config.model_dump(exclude={"posterior"}) == afresh.model_dump(exclude={"posterior"})
        assert model.config.posterior is scenario.posterior  # the samples are not copied per row
    again = EscalationModel(scenario, rng=3, days=1)
    assert again.config is first[3].config  # built once per scenario object and row
    other = scenario.model_copy(update={"name": "another"})  # another scenario sharing the block: its own build
    assert EscalationModel(other, rng=3, days=1).config.name == "another"


def test_changing_the_posterior_through_with_values_is_not_short_cut(tmp_path):
    from sim.scenario.values import with_values

    _posterior(tmp_path)
    scenario = load_scenario(_scenario(tmp_path))
    changed = with_values(scenario, {}, posterior=None)
    assert changed.posterior is None
    kept = with_values(scenario, {"posterior.keep": [THETA]})
    assert kept.posterior.keep == [THETA] and kept.posterior.samples == scenario.posterior.samples
