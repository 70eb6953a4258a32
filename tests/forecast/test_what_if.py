"""What-if files (sim/forecast/what_if.py): read as strictly as scenarios, each problem at its file:line:column;
what they set as dotted fields of every particle, and events from day 0."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.forecast.what_if import load_what_if
from sim.scenario.loading import ScenarioError
from tests.forecast.builders import ROOT, what_if_file

SHIPPED = sorted((ROOT / "scenarios" / "present").glob("*.yaml"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_what_if_loads(path, present):
    what_if = load_what_if(path, present)
    assert what_if.name == path.stem and (what_if.empty == (path.stem == "no_change"))


def test_values_are_the_fields_set_and_events_count_from_day_zero(tmp_path, present):
    what_if = load_what_if(what_if_file(tmp_path, """
        actors:
          taliban: {ttp_restraint: 0.6, rule: {name: tit_for_tat}}
          pakistan: {rule: {theta: 3}}
        mediators: {china: {leverage: {taliban: 0.9}}}
        restraint_pressure: 2
        events: [{type: ceasefire, day: 3, days: 10}]
        """), present)
    assert what_if.values == {"actors.taliban.ttp_restraint": 0.6, "actors.taliban.rule": {"name": "tit_for_tat"},
                              "actors.pakistan.rule.theta": 3.0, "mediators.china.leverage.taliban": 0.9,
                              "restraint_pressure": 2.0}
    assert [(e.type, e.day) for e in what_if.events] == [("ceasefire", 3)]


@pytest.mark.parametrize("text, where, message", [
    ("actors:\n  taliban: {ttp_restrant: 0.5}\n", ":2:13: actors.taliban.ttp_restrant", "did you mean 'ttp_restraint'"),
    ("name: x\nmediatorz: {}\n", ":2:1: mediatorz", "unknown key 'mediatorz'; did you mean 'mediators'"),
    ("days: 30\n", ":1:1: days", "a what-if cannot change days"),
    ("mediators: {russia: {active: true}}\n", ":1:13: mediators.russia", "unknown mediator 'russia'"),
    ("events:\n  - {type: reopening, day: 0, actor: pakistan, crossings: [Torkam]}\n", ":2:", "Torkam"),
    ("actors:\n  taliban: {ttp_restraint: 1.5}\n", ":2:28: actors.taliban.ttp_restraint", "expected a number <= 1.0"),
])
def test_a_bad_what_if_is_refused_at_its_line(tmp_path, present, text, where, message):
    path = what_if_file(tmp_path, text)
    with pytest.raises(ScenarioError) as err:
        load_what_if(path, present)
    line = err.value.lines()[0]
    assert line.startswith(str(path)) and where in line and message in line, line


def test_a_missing_file_is_named(tmp_path, present):
    with pytest.raises(ScenarioError, match="missing.yaml"):
        load_what_if(Path(tmp_path / "missing.yaml"), present)
