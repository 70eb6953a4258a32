"""The page's dials as plain data, and the scenario and run they make (no Solara here: easy to test).

Dials are what a student can turn: the scenario, the seed, ``restraint_pressure``, each side's rule and
its parameters, and which mediators are active. Typed values stay text until :func:`build` validates
them through the scenario schema, so a bad value becomes a readable message, never a stack trace.
"""

from __future__ import annotations

import copy
from pathlib import Path

from pydantic import ValidationError

from sim.scenario.loading import ScenarioError, load_scenario, scenario_from_data
from sim.scenario.posterior_block import keep_fields
from sim.model import EscalationModel
from sim.scenario.errors import validation_problems
from sim.rules import RULES
from sim.scenario.schema import Scenario

ROOT = Path(__file__).resolve().parents[2]
SCENARIO_DIR = ROOT / "scenarios"
DEFAULT_SCENARIO = SCENARIO_DIR / "oct2025.yaml"
from sim.sides import SIDE_KEYS as SIDES  # noqa: E402
SCENARIOS: dict[str, Path] = {p.stem: p for p in sorted(SCENARIO_DIR.glob("*.yaml"))}


def register(path) -> str:
    """Add a scenario file to the picker (the one given to ``escalation app``); returns its name."""
    path = Path(path).resolve()
    SCENARIOS.setdefault(path.stem, path)
    return path.stem


def name_of(config: Scenario) -> str:
    """The picker's name of the scenario file ``config`` was read from (by its name; oct2025 if none matches)."""
    return next((n for n in SCENARIOS if n == config.name), next((n for n, p in SCENARIOS.items()
                                                                   if load_scenario(p).name == config.name), "oct2025"))


def load(name: str) -> Scenario:
    if name not in SCENARIOS:
        raise ValueError(f"unknown scenario {name!r} (known: {', '.join(SCENARIOS)})")
    return load_scenario(SCENARIOS[name])


def rule_parameters(rule: str) -> list[str]:
    """A rule's parameter names, in the order its ``Params`` declares them."""
    return [k for k in RULES[rule].Params.model_fields if k != "name"]


def rule_dials(rule: str, written: dict | None = None) -> dict[str, str]:
    """A rule's dials as text: the scenario's values if it uses this rule (``written``), else the defaults."""
    fields = RULES[rule].Params.model_fields
    source = written if written and written.get("name") == rule else {}
    return {"name": rule, **{k: _text(source.get(k, fields[k].default)) for k in rule_parameters(rule)}}


def rule_problems(rule: dict) -> dict[str, str]:
    """Each rule parameter's problem, if any ('expected a number > 0'), to show under its field at once."""
    data = {k: (v.strip() if isinstance(v, str) else v) for k, v in rule.items()}
    params = RULES[rule["name"]].Params
    try:
        params.model_validate(data)
    except ValidationError as exc:
        return {path: message for _, path, message in validation_problems(exc, data, {}, "page", params)}
    return {}


def _text(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def dials_for(name: str) -> dict:
    """The dials as the scenario ``name`` sets them."""
    sc = load(name)
    return {
        "scenario_name": name,
        "seed": str(sc.seed),
        "restraint_pressure": float(sc.restraint_pressure),
        "rules": {side: rule_dials(getattr(sc.actors, side).rule.name,
                                   getattr(sc.actors, side).rule.model_dump(mode="json")) for side in SIDES},
        "mediators": {key: bool(m.active) for key, m in sc.mediators.items()},
    }


def with_rule(dials: dict, side: str, rule: str) -> dict:
    """The dials with ``side`` switched to ``rule`` (the scenario's values if it is the scenario's rule)."""
    new = copy.deepcopy(dials)
    written = getattr(load(dials["scenario_name"]).actors, side).rule.model_dump(mode="json")
    new["rules"][side] = rule_dials(rule, written)
    return new


def parse_seed(text) -> int:
    try:
        seed = int(str(text).strip())
    except ValueError:
        seed = -1
    if seed < 0:
        raise ValueError(f"Seed must be a whole number, 0 or more; found {text!r}")
    return seed


def build(dials: dict) -> tuple[Scenario, int, str | None]:
    """``(scenario, seed, problem)`` for the dials. With a problem (a readable message), the values that
    could not be used are replaced by the scenario's own, or the whole page falls back to oct2025."""
    try:
        base = load(dials["scenario_name"])
    except (ScenarioError, ValueError) as exc:
        return load_scenario(DEFAULT_SCENARIO), load_scenario(DEFAULT_SCENARIO).seed, f"Cannot use this scenario: {exc}"
    problems = []
    try:
        seed = parse_seed(dials.get("seed", base.seed))
    except ValueError as exc:
        problems.append(str(exc))
        seed = base.seed
    data = base.model_dump(mode="json")
    data["restraint_pressure"] = dials.get("restraint_pressure", base.restraint_pressure)
    for side, rule in dials.get("rules", {}).items():
        data["actors"][side]["rule"] = {k: (v.strip() if isinstance(v, str) else v) for k, v in rule.items()}
        keep_fields(data, [f"actors.{side}.rule.{k}" for k in rule])  # a dial holds against a posterior draw
    for key, active in dials.get("mediators", {}).items():
        if key in data["mediators"]:
            data["mediators"][key]["active"] = bool(active)
    try:
        config = scenario_from_data(data, file="page")
    except ScenarioError as exc:
        problems.extend(line.removeprefix("page:1:1: ") for line in exc.lines())
        config = base
    if problems:
        return config, seed, ("Some dials could not be used, so the scenario's own values apply: "
                              + "; ".join(problems))
    return config, seed, None


def opening(dials: dict, days: int | None = None):
    """``(model, problem)``: a run for the dials, ``days`` long (default: the scenario's), with day 0 (the
    scenario's opening) already run, so the page has something to show before any click."""
    config, seed, problem = build(dials)
    return opened(config, seed, days), problem


def opened(config: Scenario, seed: int, days: int | None = None) -> EscalationModel:
    """A run of ``config`` on ``seed``, ``days`` long (default: the scenario's), with day 0 already run."""
    model = EscalationModel(config, rng=seed, days=None if days is None else min(config.days, days))
    model.step()
    return model
