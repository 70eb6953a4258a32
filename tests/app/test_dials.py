"""The page's dials: defaults from the scenario, rule switching, and readable messages for bad values."""

from __future__ import annotations

import pytest

from sim.app import dials as D
from sim.rules import RULES


def test_dials_follow_the_scenario():
    d = D.dials_for("oct2025")
    sc = D.load("oct2025")
    assert d["seed"] == str(sc.seed) and d["restraint_pressure"] == sc.restraint_pressure
    assert d["rules"]["pakistan"]["name"] == sc.actors.pakistan.rule.name
    assert float(d["rules"]["pakistan"]["theta"]) == sc.actors.pakistan.rule.theta
    assert set(d["mediators"]) == set(sc.mediators)
    config, seed, problem = D.build(d)
    assert problem is None and seed == sc.seed
    assert config.model_dump(exclude={"posterior"}) == sc.model_dump(exclude={"posterior"})


def test_what_a_dial_shows_is_what_runs_whatever_the_posterior_draws():
    """oct2025 draws Pakistan's theta from its posterior run by run; the page shows a theta, so that one runs."""
    from sim.model import EscalationModel

    d = D.dials_for("oct2025")
    d["rules"]["pakistan"]["theta"] = "33.5"
    config, _, problem = D.build(d)
    assert problem is None and "actors.pakistan.rule.theta" in config.posterior.keep
    for seed in range(5):
        model = EscalationModel(config, rng=seed, days=1)
        assert model.posterior_sample is not None and model.config.actors.pakistan.rule.theta == 33.5


def test_overrides_are_applied():
    d = D.with_rule(D.dials_for("oct2025"), "pakistan", "grim")
    d.update(seed=" 3 ", restraint_pressure=2.5, mediators={**d["mediators"], "qatar": False})
    d["rules"]["pakistan"]["trigger"] = "4"
    config, seed, problem = D.build(d)
    assert problem is None and seed == 3 and config.restraint_pressure == 2.5
    assert config.actors.pakistan.rule.name == "grim" and config.actors.pakistan.rule.trigger == 4
    assert not config.mediators["qatar"].active and config.mediators["china"].active


@pytest.mark.parametrize("rule", sorted(RULES))
def test_every_rule_has_dials_that_build(rule):
    d = D.with_rule(D.dials_for("classroom"), "taliban", rule)
    assert list(d["rules"]["taliban"]) == ["name", *D.rule_parameters(rule)]
    config, _, problem = D.build(d)
    assert problem is None and config.actors.taliban.rule.name == rule


def test_switching_back_restores_the_scenario_values():
    d = D.dials_for("oct2025")
    back = D.with_rule(D.with_rule(d, "pakistan", "grim"), "pakistan", d["rules"]["pakistan"]["name"])
    assert back["rules"]["pakistan"] == d["rules"]["pakistan"]


@pytest.mark.parametrize("change, words", [
    ({"seed": "abc"}, "Seed must be a whole number"),
    ({"seed": "-4"}, "Seed must be a whole number"),
    ({"seed": "1.5"}, "Seed must be a whole number"),
    ({"restraint_pressure": 20.0}, "restraint_pressure"),
    ({"rules": {"pakistan": {"name": "threshold", "theta": "x", "grievance_per_level": "8"}}},
     "actors.pakistan.rule.theta: expected a number; found 'x'"),
    ({"rules": {"pakistan": {"name": "threshold", "theta": "5", "grievance_per_level": "-1"}}},
     "grievance_per_level: expected a number > 0"),
    ({"scenario_name": "nope"}, "unknown scenario"),
])
def test_bad_values_give_a_message(change, words):
    d = {**D.dials_for("classroom"), **change}
    config, seed, problem = D.build(d)
    assert problem is not None and words in problem and "Traceback" not in problem
    assert config is not None and seed >= 0  # the page still has a run to show


def test_register_adds_a_scenario(tmp_path):
    path = tmp_path / "my_crisis.yaml"
    path.write_text("extends: " + str(D.SCENARIO_DIR / "classroom.yaml") + "\nname: my_crisis\n")
    try:
        assert D.register(path) == "my_crisis" and "my_crisis" in D.SCENARIOS
        assert D.build(D.dials_for("my_crisis"))[2] is None
    finally:
        D.SCENARIOS.pop("my_crisis", None)


def test_rule_problems_name_the_field_at_once():
    assert D.rule_problems({"name": "threshold", "theta": "x", "grievance_per_level": "-1"}) == {
        "theta": "expected a number; found 'x'", "grievance_per_level": "expected a number > 0.0; found '-1'"}
    assert D.rule_problems({"name": "grim", "trigger": "2.5", "level": "9"}) == {
        "trigger": "expected a whole number; found '2.5'", "level": "expected a number <= 7; found '9'"}
    assert D.rule_problems(D.dials_for("oct2025")["rules"]["pakistan"]) == {}
