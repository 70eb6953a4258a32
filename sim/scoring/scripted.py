"""Targets that the script decides, not the model: listed as ``scripted`` and left out of skill and coverage.

A scenario scripts what lies outside the model (docs/ODD.md 7.12); some of it is itself an outcome an
episode records (the strikes of 9 Oct 2025 reach the peak of that crisis on day 0). To tell, the episode's
scenario is run once with the script alone: both states take the ``passive`` rule (no decision), with no
border forces, no automatic closures or reopenings, no local channel and no mediator; scripted policy
changes are dropped. A target is scripted when:

- ``peak_level``: the script alone already reaches the top of the observed level or interval (the bottom, for
  an interval open above): the model can only match it or go beyond, and beyond is open war, the ``open_war``
  target's;
- a ``days_to_...`` target: the script alone makes it happen no later than observed (or makes it happen at
  all when the record says it never did): the model could only make it earlier;
- ``open_war``: the script alone reaches open war;
- ``crossing_closed_days.<crossing>``: the script closes that crossing and every run of the ensemble has the
  same closed days as the script alone.

Casualties are never scripted: scripted acts draw their deaths like any act.
"""

from __future__ import annotations

from sim.model import EscalationModel
from sim.scenario.schema import Scenario
from sim.scoring.outcome_space import is_days, target_kind
from sim.validation.joint_fit import measure_model

SCRIPT_ONLY_ACTOR = {"rule": {"name": "passive"}, "border_force": None, "close_crossings_at": None,
                     "close_local_crossing_at": None, "reopening": None, "reopen_partial_after_calm_days": None,
                     "reopen_after_calm_days": None, "reopen_on_ceasefire": False}


def script_only(scenario: Scenario) -> Scenario:
    """``scenario`` with every decision of states and mediators taken away: what its script does alone."""
    data = scenario.model_dump(mode="json", exclude={"posterior"})
    for actor in data["actors"].values():
        actor.update(SCRIPT_ONLY_ACTOR)
    for mediator in data["mediators"].values():
        mediator["active"] = False
    data.update(local_channel=None, posterior=None,
                events=[e for e in data["events"] if e["type"] != "policy_change"])
    return Scenario.model_validate(data)


def script_only_measures(loaded, seed: int = 0) -> dict:
    """Every target of the episode measured on one run of its script alone."""
    model = EscalationModel(script_only(loaded.scenario), rng=seed, days=loaded.run_days).run()
    return measure_model(loaded, model)


def _scripted_closure(scenario: Scenario, crossing: str) -> bool:
    return any(e.type == "closure" and (e.crossings == "all" or crossing in e.crossings) for e in scenario.events)


def is_scripted(name: str, observed, script_value, values: list, scenario: Scenario) -> bool:
    """Whether target ``name`` is decided by the script (the rules of the module docstring)."""
    kind = target_kind(name)
    if kind == "open_war":
        return bool(script_value)
    if kind == "peak_level":
        low, high = observed.bounds()
        return script_value >= (high if high is not None else low)
    if is_days(kind):
        if script_value is None:
            return False
        return observed.is_none or script_value <= (observed.bounds()[0] or 0)
    if kind == "crossing_closed_days":
        crossing = name.rsplit(".", 1)[1]
        return _scripted_closure(scenario, crossing) and all(v == script_value for v in values)
    return False
