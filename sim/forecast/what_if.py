"""What-if files for forecasts from the present (``escalation forecast STATE --what-if FILE``; docs/forecast.md).

A what-if is written as a scenario is (docs/scenarios.md): the fields it changes, nested as in a scenario file, and
``events`` whose ``day`` counts from the forecast's first day (0 = the present). It changes every particle's
continuation from day 0 on; each particle keeps its own value of everything the file does not set (its calibrated
and filtered parameters). For example::

    name: kabul_restrains_ttp
    actors:
      taliban: {ttp_restraint: 0.5}
    events:
      - {type: reopening, day: 0, actor: pakistan, crossings: [Torkham]}

It is read as strictly as a scenario: safe YAML, unknown keys refused with the nearest valid name, every value
checked against the scenario schema and every name (provinces, crossings, mediators) against the map, each
problem at its ``file:line:column``. A what-if cannot change what fixes the run (its days, dates, seed, map,
posterior or record), add a mediator or move the TTP's cells: the present has the ones it has.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from sim.scenario.errors import ScenarioError, suggest
from sim.scenario.loading import _merge, scenario_from_data
from sim.scenario.schema import Scenario
from sim.scenario.yamlsafe import KEY, Where, YamlProblem, read_yaml

ABOUT = ("name", "description")
FIXED = {"days": "the forecast's --days sets it", "start_date": "the present is the particles' date",
         "seed": "the forecast's --seed sets every fork", "geography": "the present's map is the particles'",
         "posterior": "each particle keeps its own parameters", "extends": "a what-if extends the present",
         "forcing.record": "the record is what the particles have lived through",
         "forcing.events": "give events under events:", "ttp.cells": "the TTP's cells are where the present has them"}


@dataclass(frozen=True)
class WhatIf:
    """A what-if as the continuation applies it: ``values`` (dotted scenario fields) and ``events`` (days from the
    forecast's first day). No values and no events: the base forecast, run for run."""

    name: str
    path: Path | None = None
    description: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    events: tuple = ()

    @property
    def empty(self) -> bool:
        return not self.values and not self.events


BASE = WhatIf("base")


def _where(positions: dict, path: tuple, file: str, key: bool = True) -> Where:
    return positions.get(path + (KEY,)) if key and path + (KEY,) in positions else \
        positions.get(path, Where(file, 1, 1))


def _refusals(data: dict, positions: dict, base: dict, file: str) -> list:
    problems = []
    fields = list(Scenario.model_fields)
    for key in data:
        if key in ABOUT:
            continue
        if key not in fields:
            problems.append((_where(positions, (key,), file), str(key),
                             f"unknown key {key!r}{suggest(key, fields)} (a what-if sets scenario fields: "
                             f"{', '.join(f for f in fields if f not in FIXED)}, events)"))
    for name, why in FIXED.items():
        path = tuple(name.split("."))
        node = data
        for part in path[:-1]:
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, dict) and path[-1] in node:
            problems.append((_where(positions, path, file), name, f"a what-if cannot change {name} ({why})"))
    for key in (data.get("mediators") or {}) if isinstance(data.get("mediators"), dict) else ():
        if key not in base.get("mediators", {}):
            known = sorted(base.get("mediators", {}))
            problems.append((_where(positions, ("mediators", key), file), f"mediators.{key}",
                             f"unknown mediator {key!r}{suggest(key, known)} (the present's: {', '.join(known)})"))
    return problems


def _model_of(annotation):
    """The pydantic model an annotation holds (through ``X | None``), else None."""
    for arg in (annotation, *typing.get_args(annotation)):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def _leaves(data: dict, model: type[BaseModel], base: dict, prefix: tuple = ()) -> list[tuple]:
    """The dotted paths the what-if sets: down through blocks the present has; a value, a switched rule or a block
    the present lacks taken whole."""
    from sim.rules import RULES

    out = []
    for key, value in data.items():
        path, annotation = prefix + (key,), model.model_fields[key].annotation
        here = base.get(key) if isinstance(base, dict) else None
        inner = _model_of(typing.get_args(annotation)[-1]) if typing.get_origin(annotation) is dict else None
        if not (isinstance(value, dict) and isinstance(here, dict)):
            out.append(path)
        elif key == "rule":
            same = value.get("name", here.get("name")) == here.get("name")
            rest = {k: v for k, v in value.items() if k != "name"}
            out += _leaves(rest, RULES[here["name"]].Params, here, path) if same else [path]
        elif inner is not None:
            for k, v in value.items():
                out += _leaves(v, inner, here[k], path + (k,)) if isinstance(v, dict) else [path + (k,)]
        elif typing.get_origin(annotation) is not dict and _model_of(annotation) is not None:
            out += _leaves(value, _model_of(annotation), here, path)
        else:
            out.append(path)
    return out


def _value_at(data: dict, path: tuple):
    for part in path:
        data = data[part]
    return data


def load_what_if(path: str | Path, present: Scenario) -> WhatIf:
    """Read and check a what-if file against ``present`` (a particle's scenario); raises :class:`ScenarioError`."""
    path = Path(path)
    try:
        data, positions = read_yaml(path)
    except YamlProblem as exc:
        raise ScenarioError([(exc.where, ".".join(map(str, exc.path)), exc.message)]) from None
    except OSError as exc:
        raise ScenarioError([(Where(str(path), 1, 1), "", f"what-if file cannot be read: {exc.strerror or exc}")]) \
            from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ScenarioError([(positions.get((), Where(str(path), 1, 1)), "", "expected a mapping of scenario fields "
                              "(key: value lines) and events")])
    base = present.model_dump(mode="json", exclude={"posterior"})
    base["events"], base["posterior"] = [], None
    if base.get("forcing"):
        base["forcing"]["events"] = []
    problems = _refusals(data, positions, base, str(path))
    if problems:
        raise ScenarioError(problems)
    change = {k: v for k, v in data.items() if k not in ABOUT}
    merged = _merge(base, change)
    merged["name"] = base["name"]
    checked = scenario_from_data(merged, positions, str(path))  # every value, every name, at its line
    done = checked.model_dump(mode="json", exclude={"posterior"})
    values = {".".join(map(str, p)): _value_at(done, p) for p in
              _leaves({k: v for k, v in change.items() if k != "events"}, Scenario, base)}
    return WhatIf(str(data.get("name") or path.stem), path, str(data.get("description") or ""), values,
                  tuple(checked.events))
