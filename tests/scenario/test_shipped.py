"""Every shipped scenario runs, and the what-if variants really differ from their base in what they change."""

from pathlib import Path

import pytest

from sim.scenario.loading import load_scenario
from sim.model import run
from tests.conftest import SCENARIOS

SHIPPED = sorted(SCENARIOS.glob("*.yaml"))
VARIANTS = [p for p in SHIPPED if p.name.startswith("oct2025_")]


def test_enough_scenarios_are_shipped():
    assert (SCENARIOS / "oct2025.yaml").exists() and (SCENARIOS / "classroom.yaml").exists()
    assert len(VARIANTS) >= 6


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_scenario_runs_to_its_horizon(path: Path):
    scenario = load_scenario(path)
    model = run(scenario, seed=1)
    assert len(model.datacollector.model_vars["day"]) == scenario.days
    assert model.summary()["scenario"] == scenario.name


@pytest.mark.parametrize("path", VARIANTS, ids=lambda p: p.stem)
def test_variant_is_a_few_lines_on_top_of_oct2025(path: Path, oct2025):
    text = path.read_text()
    assert "extends: oct2025.yaml" in text
    assert len([line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]) <= 10
    variant = load_scenario(path)
    assert variant.name == path.stem
    assert variant.model_dump(exclude={"name"}) != oct2025.model_dump(exclude={"name"})


def test_classroom_has_three_rows():
    from sim.world import World
    from sim.scenario.loading import resolve_geography

    geo = World(resolve_geography(load_scenario(SCENARIOS / "classroom.yaml")))
    assert geo.n_rows == 3


def test_oct2025_marks_its_assumptions_and_scripts_no_taliban_act(oct2025, oct2025_path):
    text = oct2025_path.read_text()
    assert text.count("assumption") >= 20
    scripted = {(e.type, getattr(e, "actor", None)) for e in oct2025.events}
    assert ("strike", "taliban") not in scripted
    assert not {"closure", "ceasefire", "mediator_call"} & {e.type for e in oct2025.events}
