"""The classroom page: ``solara run sim/app/app.py`` (or ``escalation app [SCENARIO]``).

The sidebar picks a scenario and overrides a few of its dials; Reset builds a new run from them. A bad
value shows a readable message above the map and the run falls back to the scenario as written.
"""

from __future__ import annotations

import os
from pathlib import Path

import solara
from mesa.visualization import SolaraViz
from mesa.visualization.utils import update_counter

from sim.app.model_view import counters_markdown, event_feed, levels_figure, province_map_figure
from sim.loading import ScenarioError, load_scenario, scenario_from_data
from sim.model import EscalationModel
from sim.rules import RULES

ROOT = Path(__file__).resolve().parents[2]
SCENARIO_DIR = ROOT / "scenarios"
DEFAULT_SCENARIO = SCENARIO_DIR / "oct2025.yaml"
AS_WRITTEN = "(as in scenario)"
SCENARIOS: dict[str, Path] = {p.stem: p for p in sorted(SCENARIO_DIR.glob("*.yaml"))}


def _register(path) -> str:
    path = Path(path).resolve()
    SCENARIOS.setdefault(path.stem, path)
    return path.stem


def all_mediators() -> list[str]:
    """Mediator keys over every known scenario (one checkbox each; ignored where a scenario lacks it)."""
    keys: set[str] = set()
    for path in SCENARIOS.values():
        try:
            keys.update(load_scenario(path).mediators)
        except ScenarioError:
            continue
    return sorted(keys)


def build_config(scenario_name: str, seed=None, restraint_pressure=None, pakistan_rule=AS_WRITTEN,
                 taliban_rule=AS_WRITTEN, mediators_off=()):
    """The scenario with the page's overrides applied: ``(scenario, seed, problem)``; ``problem`` is a
    readable message (then the scenario is the one as written, or oct2025 if it cannot be read)."""
    try:
        if scenario_name not in SCENARIOS:
            raise ValueError(f"unknown scenario {scenario_name!r} (known: {', '.join(SCENARIOS)})")
        base = load_scenario(SCENARIOS[scenario_name])
    except (ScenarioError, ValueError) as exc:
        return load_scenario(DEFAULT_SCENARIO), None, f"Cannot use this scenario: {exc}"
    problems = []
    chosen_seed = base.seed
    if seed not in (None, ""):
        try:
            chosen_seed = int(str(seed).strip())
            if chosen_seed < 0:
                raise ValueError
        except ValueError:
            problems.append(f"seed must be a whole number >= 0; found {seed!r}")
            chosen_seed = base.seed
    data = base.model_dump(mode="json")
    if restraint_pressure is not None:
        data["restraint_pressure"] = restraint_pressure
    for side, rule in (("pakistan", pakistan_rule), ("taliban", taliban_rule)):
        if rule and rule != AS_WRITTEN and rule != data["actors"][side]["rule"]["name"]:
            data["actors"][side]["rule"] = {"name": rule}
    for key in mediators_off:
        if key in data["mediators"]:
            data["mediators"][key]["active"] = False
    try:
        config = scenario_from_data(data, file=f"<page: {scenario_name}>")
    except ScenarioError as exc:
        problems.extend(exc.lines())
        config = base
    if problems:
        return config, chosen_seed, "Some settings could not be used (their scenario values apply instead): " \
            + "; ".join(problems)
    return config, chosen_seed, None


class ClassroomModel(EscalationModel):
    """An :class:`EscalationModel` built from the page's parameters (SolaraViz re-creates it on Reset)."""

    def __init__(self, scenario_name: str = "oct2025", seed=None, restraint_pressure=None,
                 pakistan_rule: str = AS_WRITTEN, taliban_rule: str = AS_WRITTEN, **options):
        # SolaraViz also passes Mesa's own (empty) scenario; the page's checkboxes come as mediator_<key>
        options.pop("scenario", None)
        off = [k.removeprefix("mediator_") for k, on in options.items() if k.startswith("mediator_") and not on]
        config, chosen_seed, self.problem = build_config(scenario_name, seed, restraint_pressure,
                                                         pakistan_rule, taliban_rule, off)
        super().__init__(config, rng=chosen_seed)


def model_params(scenario_name: str) -> dict:
    base = load_scenario(SCENARIOS[scenario_name])
    rules = [AS_WRITTEN, *RULES]
    params = {
        "scenario_name": {"type": "Select", "value": scenario_name, "values": list(SCENARIOS), "label": "Scenario"},
        "seed": {"type": "InputText", "value": str(base.seed), "label": "Seed (whole number)"},
        "restraint_pressure": {"type": "SliderFloat", "value": float(base.restraint_pressure), "min": 0.0,
                               "max": 3.0, "step": 0.1, "label": "Restraint pressure (mediators)"},
        "pakistan_rule": {"type": "Select", "value": AS_WRITTEN, "values": rules, "label": "Pakistan's rule"},
        "taliban_rule": {"type": "Select", "value": AS_WRITTEN, "values": rules, "label": "Taliban's rule"},
    }
    for key in all_mediators():
        params[f"mediator_{key}"] = {"type": "Checkbox", "value": True, "label": f"Mediator: {key.replace('_', ' ')}"}
    return params


@solara.component
def ProvinceMap(model):
    update_counter.get()
    if getattr(model, "problem", None):
        solara.Error(model.problem)
    solara.FigureMatplotlib(province_map_figure(model), format="png", dependencies=[update_counter.value, model])


@solara.component
def Levels(model):
    update_counter.get()
    solara.FigureMatplotlib(levels_figure(model), format="png", dependencies=[update_counter.value, model])


@solara.component
def Counters(model):
    update_counter.get()
    solara.Markdown(counters_markdown(model))


@solara.component
def EventFeed(model):
    update_counter.get()
    lines = event_feed(model, 12)
    solara.Markdown("**Latest events**\n\n" + ("\n".join(f"- {line}" for line in lines) if lines else "_none yet_"))


def make_page(scenario_path=DEFAULT_SCENARIO):
    """The SolaraViz element for ``scenario_path`` (any scenario YAML; added to the picker)."""
    name = _register(scenario_path)
    model = ClassroomModel(scenario_name=name)
    return SolaraViz(model, components=[ProvinceMap, Levels, Counters, EventFeed], model_params=model_params(name),
                     name="Durand Line escalation - classroom")


page = make_page(os.environ.get("ESCALATION_SCENARIO", DEFAULT_SCENARIO))
