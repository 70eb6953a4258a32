"""Loading scenarios: ``extends:`` chains, ``--set`` overrides, the JSON Schema, and every shipped scenario."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim.cli import main
from sim.scenario.loading import ScenarioError, apply_overrides, load_scenario
from sim.rules.proportional import EscalateParams
from sim.rules.threshold import ThresholdParams

ROOT = Path(__file__).resolve().parents[2]
SCENARIO_FILES = sorted((ROOT / "scenarios").glob("*.yaml"))

GRANDPARENT = """\
name: grandparent
description: the bottom of the chain
days: 50
seed: 1
actors:
  pakistan:
    rule: {name: threshold, theta: 30.0, grievance_per_level: 5.0}
    initial_level: 2
    grievance_decay: 0.7
  taliban:
    attribution: 0.6
    misperception: 0.1
mediators:
  qatar: {display_name: Qatar, pressure: 0.5, leverage: {pakistan: 0.4, taliban: 0.6}}
ttp:
  cells:
    - {name: c1, province: Kunar, fighters: 100}
    - {name: c2, province: Khost, fighters: 200}
  attack_level: 4
events:
  - {day: 1, type: strike, actor: pakistan, province: Kabul}
  - {day: 2, type: ceasefire}
"""

PARENT = """\
extends: grandparent.yaml
name: parent
days: 60
actors:
  pakistan:
    grievance_decay: 0.8
mediators:
  qatar:
    leverage: {taliban: 0.9}
ttp:
  cells:
    - {name: c3, province: Kandahar, fighters: 300}
"""

CHILD = """\
extends: parent.yaml
name: child
actors:
  pakistan:
    rule: {theta: 20.0}
  taliban:
    attribution: 0.5
    rule: {name: escalate, step: 2}
events:
  - {day: 5, type: ceasefire, days: 3}
"""


@pytest.fixture
def chain(tmp_path: Path) -> Path:
    (tmp_path / "grandparent.yaml").write_text(GRANDPARENT)
    (tmp_path / "parent.yaml").write_text(PARENT)
    (tmp_path / "child.yaml").write_text(CHILD)
    return tmp_path / "child.yaml"


# --- extends: ------------------------------------------------------------------------------------

def test_extends_child_wins(chain):
    s = load_scenario(chain)
    assert s.name == "child"  # child over parent over grandparent
    assert s.days == 60  # parent over grandparent
    assert s.seed == 1 and s.description == "the bottom of the chain"  # grandparent only


def test_extends_merges_nested_mappings(chain):
    s = load_scenario(chain)
    pk = s.actors.pakistan
    assert pk.initial_level == 2  # grandparent
    assert pk.grievance_decay == 0.8  # parent
    assert pk.rule == ThresholdParams(theta=20.0, grievance_per_level=5.0)  # child's theta, grandparent's rest
    tb = s.actors.taliban
    assert tb.attribution == 0.5 and tb.misperception == 0.1
    qatar = s.mediators["qatar"]
    assert qatar.display_name == "Qatar" and qatar.pressure == 0.5
    assert qatar.leverage.pakistan == 0.4 and qatar.leverage.taliban == 0.9
    assert s.ttp.attack_level == 4


def test_extends_replaces_lists(chain):
    s = load_scenario(chain)
    assert [c.name for c in s.ttp.cells] == ["c3"]  # parent's list, not grandparent's + parent's
    assert [(e.day, e.type) for e in s.events] == [(5, "ceasefire")]  # child's list
    assert s.events[0].days == 3


def test_extends_with_another_rule_replaces_the_rule(chain):
    # threshold's theta means nothing to escalate: the child's rule block is not merged into the parent's
    assert load_scenario(chain).actors.taliban.rule == EscalateParams(step=2)


def test_extends_path_is_relative_to_the_file(chain, monkeypatch, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert load_scenario(Path("..") / "child.yaml").name == "child"


# --- --set overrides -----------------------------------------------------------------------------

def test_set_nested_keys(chain):
    s = load_scenario(chain, ["actors.pakistan.rule.theta=12.5", "mediators.qatar.leverage.pakistan=0.1",
                              "actors.taliban.initial_level=3", "days=40"])
    assert s.actors.pakistan.rule.theta == 12.5 and s.actors.pakistan.rule.grievance_per_level == 5.0
    assert s.mediators["qatar"].leverage.pakistan == 0.1 and s.mediators["qatar"].leverage.taliban == 0.9
    assert s.actors.taliban.initial_level == 3
    assert s.days == 40


def test_set_list_item(chain):
    s = load_scenario(chain, ["events.0.day=1", "ttp.cells.0.fighters=999"])
    assert s.events[0].day == 1 and s.events[0].type == "ceasefire"
    assert s.ttp.cells[0].fighters == 999 and s.ttp.cells[0].name == "c3"


def test_set_a_mapping_value(chain):
    s = load_scenario(chain, ["actors.pakistan.rule={name: escalate, step: 1}"])
    assert s.actors.pakistan.rule == EscalateParams(step=1)


def test_set_later_override_wins(chain):
    assert load_scenario(chain, ["days=40", "days=45"]).days == 45


def test_set_on_the_command_line(chain, capsys):
    assert main(["validate", str(chain), "--set", "events.0.day=1", "--set", "actors.taliban.rule.step=3"]) == 0
    assert "ok: " in capsys.readouterr().out


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("7", 7),
        ("-2", -2),
        ("0.25", 0.25),
        ("1e3", 1000.0),
        ("true", True),
        ("false", False),
        ("null", None),
        ("~", None),
        ("'7'", "7"),
        ("hello world", "hello world"),
        ("", ""),
        ("[1, 2]", [1, 2]),
        ("{a: 1}", {"a": 1}),
    ],
)
def test_set_values_are_yaml_scalars(raw, expected):
    data: dict = {"a": {"b": "old"}}
    apply_overrides(data, {}, [f"a.b={raw}"])
    assert data["a"]["b"] == expected
    assert type(data["a"]["b"]) is type(expected)  # 7 is an int (not a float or bool), true a bool


def test_set_creates_missing_mappings():
    data: dict = {}
    apply_overrides(data, {}, ["x.y.z=1"])
    assert data == {"x": {"y": {"z": 1}}}


def test_set_reaches_the_scenario_with_its_types(chain):
    s = load_scenario(chain, ["actors.pakistan.acknowledge_strikes=true", "actors.taliban.close_crossings_at=null",
                              "restraint_pressure=0.25", "seed=9"])
    assert s.actors.pakistan.acknowledge_strikes is True
    assert s.actors.taliban.close_crossings_at is None
    assert s.restraint_pressure == 0.25 and s.seed == 9


def test_set_error_points_at_the_override(chain):
    with pytest.raises(ScenarioError) as info:
        load_scenario(chain, ["actors.pakistan.initial_level=9"])
    assert info.value.lines() == [
        "<--set actors.pakistan.initial_level=9>:1:31: actors.pakistan.initial_level: expected a number <= 7; found 9"
    ]


# --- escalation schema ---------------------------------------------------------------------------

def test_schema_prints_json_schema(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "actors" in schema["properties"]
    assert {"name", "days", "events", "mediators"} <= set(schema["properties"])
    assert schema["required"] == ["name"]


# --- every shipped scenario ----------------------------------------------------------------------

def test_there_are_scenarios():
    assert any(p.name == "oct2025.yaml" for p in SCENARIO_FILES)


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.name for p in SCENARIO_FILES])
def test_shipped_scenario_validates(path, capsys):
    status = main(["validate", str(path)])
    out, err = capsys.readouterr()
    assert status == 0, err
    assert out.startswith(f"ok: {path}") and err == ""
