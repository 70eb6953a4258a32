"""The generated reference docs (docs/scenarios.md, docs/outputs.md) match the code.

When a test here fails after a schema or output change, regenerate with ``python -m scripts.docgen``
(and describe any new column or summary key in scripts/docgen.py).
"""

from __future__ import annotations

import types
from pathlib import Path
from typing import Union, get_args, get_origin

import pytest
from pydantic import BaseModel

from scripts import docgen
from sim.events import Event
from sim.scenario.maps import GeographySpec
from sim.record import crossing_column, events_table
from sim.rules import RULES
from sim.scenario.schema import Scenario

ROOT = Path(__file__).resolve().parents[2]
REGENERATE = "run `python -m scripts.docgen` to regenerate the docs"


def _read(name: str) -> str:
    path = ROOT / "docs" / name
    assert path.exists(), f"docs/{name} is missing: {REGENERATE}"
    return path.read_text(encoding="utf-8")


def _row(name: str) -> str:
    return f"| `{name}` |"


def _models_in(annotation, found: set) -> None:
    """Every pydantic model an annotation reaches (lists, mappings, unions, Annotated, Optional)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in found:
            found.add(annotation)
            for f in annotation.model_fields.values():
                _models_in(f.annotation, found)
        return
    if hasattr(annotation, "__metadata__") or get_origin(annotation) in (list, dict, Union, types.UnionType):
        for arg in get_args(annotation):
            _models_in(arg, found)


def _schema_models() -> set:
    found: set = set()
    for root in (Scenario, GeographySpec, Event, *(cls.Params for cls in RULES.values())):
        _models_in(root, found)
    return found


@pytest.fixture(scope="module")
def run():
    from sim.model import EscalationModel

    return EscalationModel(str(ROOT / "scenarios/oct2025.yaml"), rng=1, days=20).run()


@pytest.mark.parametrize("name", ["scenarios.md", "outputs.md"])
def test_docs_match_the_code(name):
    expected = docgen.render_all()[docgen.DOCS / name]
    assert _read(name) == expected, f"docs/{name} differs from what the code generates: {REGENERATE}"


def test_every_output_is_described_in_docgen():
    assert docgen.missing_descriptions() == [], "describe these in scripts/docgen.py, then " + REGENERATE


def test_schema_walk_reaches_the_expected_blocks():
    names = {m.__name__ for m in _schema_models()}
    assert {"Scenario", "PakistanSpec", "TalibanSpec", "TTPCellSpec", "MediatorSpec", "Leverage", "ActCasualties",
            "StrikeEvent", "PolicyChangeEvent", "GrimParams", "RichardsonParams", "PostsSpec"} <= names


def test_every_schema_field_is_in_scenarios_md():
    text = _read("scenarios.md")
    missing = [f"{m.__name__}.{n}" for m in _schema_models() for n in m.model_fields if _row(n) not in text]
    assert not missing, f"fields not in docs/scenarios.md: {', '.join(sorted(missing))}; {REGENERATE}"
    stale = [f"{m.__name__}.{n}" for m in _schema_models() for n, f in m.model_fields.items()
             if f.description and f.description.replace("|", "\\|") not in text]
    assert not stale, f"descriptions not in docs/scenarios.md: {', '.join(sorted(stale))}; {REGENERATE}"


def test_scenarios_md_has_one_table_per_rule_and_event_type():
    text = _read("scenarios.md")
    for name in RULES:
        assert f"### `{name}`" in text
    for cls in get_args(get_args(Event)[0]):
        assert f"### `{get_args(cls.model_fields['type'].annotation)[0]}`" in text
    for heading in ("### `actors.pakistan` (own fields)", "### `ttp.cells[]`", "### `mediators.<key>.leverage`",
                    "### `combat.casualties.<act>`", "## The escalation ladder"):
        assert heading in text


def test_units_and_ranges_are_derived():
    text = _read("scenarios.md")
    for row in ("| `cooldown_days` | integer | `3` | 1–365 | days |",
                "| `attribution` | number | `0.8` | 0.0–1.0 | probability |",
                "| `initial_level` | integer | `0` | 0–7 | ladder level 0–7 |",
                "| `severity_base` | number | `2.0` | > 1.0, ≤ 4.0 |"):
        assert row in text


def test_summary_keys_of_a_real_run_are_in_outputs_md(run):
    text, keys = _read("outputs.md"), docgen.flat_keys(run.summary())
    assert "casualties.ttp" in keys and "crossing_closed_days.<crossing>" in keys
    missing = [k for k in keys if _row(k) not in text]
    assert not missing, f"summary keys not in docs/outputs.md: {', '.join(missing)}; {REGENERATE}"


def test_series_and_event_columns_of_a_real_run_are_in_outputs_md(run):
    text = _read("outputs.md")
    crossings = {crossing_column(n) for n in run.world.crossings}
    assert _row("crossing_<name>") in text
    missing = [c for c in run.datacollector.columns if c not in crossings and _row(c) not in text]
    missing += [c for c in crossings if f"`{c}`" not in text]
    missing += [c for c in events_table(run.log.acts).column_names if _row(c) not in text]
    assert not missing, f"columns not in docs/outputs.md: {', '.join(missing)}; {REGENERATE}"
