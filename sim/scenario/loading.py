"""Load a scenario: safe YAML, ``extends:``, command-line overrides, then validation.

Problems are reported by :mod:`sim.scenario.errors` at ``file:line:column``; the command line prints them
and exits with status 2.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sim.events import EVENT_TYPES
from sim.scenario.maps import DATA_DIR, GeographySpec, load_geography_spec, shipped_maps
from sim.scenario.schema import Scenario
from sim.scenario.forcing import expand_forcing, resolve_record
from sim.scenario.errors import ScenarioError, dotted, has_item, kind_of, locate, suggest, validation_problems
from sim.scenario.names import check_names
from sim.scenario.posterior_block import expand as expand_posterior, keep_fields, leaf_names
from sim.scenario.references import Reference
from sim.scenario.yamlsafe import KEY, Where, YamlProblem, read_file_text, read_yaml_text

MAX_EXTENDS_DEPTH = 10

def _merge(base: Any, over: Any, path: tuple = (), replaced: list | None = None) -> Any:
    """Deep-merge mappings (the child's keys win); any other value is replaced whole.

    A ``rule:`` block that names a different rule replaces the parent's whole: a threshold rule's
    ``theta`` means nothing to ``escalate``. The paths of the parent's containers that the child replaced
    whole are appended to ``replaced`` (their positions in the parent file no longer apply).
    """
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            switches_rule = k == "rule" and isinstance(v, dict) and isinstance(base.get(k), dict) \
                and "name" in v and v["name"] != base[k].get("name")
            if k in base and not switches_rule:
                out[k] = _merge(base[k], v, path + (k,), replaced)
            else:
                if replaced is not None and k in base:
                    replaced.append(path + (k,))
                out[k] = copy.deepcopy(v)
        return out
    if replaced is not None and isinstance(base, (dict, list)):
        replaced.append(path)
    return copy.deepcopy(over)


def _drop_under(positions: dict, paths) -> None:
    """Forget the positions of everything at or under each of ``paths`` (their values were replaced)."""
    if not paths:
        return
    for key in [k for k in positions if any(k[:len(p)] == p for p in paths)]:
        del positions[key]


def read_with_extends(path: Path, ref: Reference | None = None) -> tuple[dict, dict, dict[str, str]]:
    """A scenario file merged with what it extends: (data, positions, {file name: text} of every file read).

    ``ref``: where another file (a sweep, an episode) names this one; a file that cannot be read as a
    mapping is then reported there.
    """
    sources: dict[str, str] = {}
    try:
        data, positions = _read_with_extends(Path(path), sources=sources, ref=ref)
    except YamlProblem as exc:
        raise ScenarioError([(exc.where, dotted(exc.path), exc.message)]) from None
    expand_forcing(data, positions, Path(path))
    return data, positions, sources


def set_path(data: dict, path: tuple, value: Any) -> None:
    """Set ``data[a][b][c] = value`` for path (a, b, c), creating mappings on the way."""
    node = data
    for part in path[:-1]:
        if not isinstance(node[part] if has_item(node, part) else None, (dict, list)):
            node[part] = {}
        node = node[part]
    node[path[-1]] = value


def _read_scenario_file(path: Path, ref: Reference | None) -> tuple[dict, dict, str]:
    """One scenario file as a mapping, and its text; its problems at ``ref`` (who named it) when there is one."""
    if ref is not None:
        return ref.read_mapping("scenario")
    text = read_file_text(path)
    data, positions = read_yaml_text(text, str(path))
    if data is None:
        return {}, positions, text
    if not isinstance(data, dict):
        raise ScenarioError([(positions[()], "", f"expected a mapping of scenario fields (key: value lines); "
                                                 f"found a {kind_of(data)}")])
    return data, positions, text


def _read_with_extends(path: Path, depth: int = 0, chain: tuple = (), sources: dict | None = None,
                       ref: Reference | None = None) -> tuple[dict, dict]:
    data, positions, text = _read_scenario_file(path, ref)
    if sources is not None:
        sources[str(path)] = text
    if data.get("posterior") is not None:
        data["posterior"] = _read_posterior(data["posterior"], path, positions)
    resolve_record(data, path, positions)
    parent_ref = data.pop("extends", None)
    where = positions.pop(("extends",), Where(str(path), 1, 1))
    positions.pop(("extends", KEY), None)
    if parent_ref is None:
        return data, positions
    if not isinstance(parent_ref, str) or not parent_ref.strip():
        raise ScenarioError([(where, "extends", f"expected the file name of the scenario to extend; found {parent_ref!r}")])
    parent = Reference(where, "extends", parent_ref, path.parent / parent_ref)
    here = path.resolve()
    seen = chain + (here,)
    if parent.path.resolve() in seen:
        names = [p.name for p in seen[seen.index(parent.path.resolve()):]] + [parent.path.name]
        raise ScenarioError([(where, "extends", f"circular extends: {' -> '.join(names)}")])
    if depth >= MAX_EXTENDS_DEPTH:
        raise ScenarioError([(where, "extends", f"expected at most {MAX_EXTENDS_DEPTH} levels of extends; found more")])
    base, base_positions = _read_with_extends(parent.path, depth + 1, seen, sources, parent)
    replaced: list = []
    merged = _merge(base, data, (), replaced)
    if "posterior" not in data:  # what a file extending a calibrated one sets, a posterior draw never replaces
        keep_fields(merged, leaf_names(data))
    _drop_under(base_positions, replaced)
    return merged, {**base_positions, **positions}


def _read_posterior(value, path: Path, positions: dict) -> dict:
    """The file a scenario's ``posterior:`` names, read relative to that scenario file (posterior_block)."""
    where = positions.get(("posterior",), Where(str(path), 1, 1))
    if not (isinstance(value, str) or (isinstance(value, dict) and isinstance(value.get("file"), str))):
        raise ScenarioError([(where, "posterior", f"expected a posterior file name or {{file: ..., keep: [...]}}; "
                                                  f"found {value!r}")])
    name = value if isinstance(value, str) else value["file"]
    if not (isinstance(value, dict) and value.get("sha256")):  # not yet read (a block already read names no file here)
        Reference(where, "posterior", name, path.parent / name, "posterior file").check()
    try:
        return expand_posterior(value, path.parent)
    except (OSError, KeyError, ValueError, TypeError) as exc:
        raise ScenarioError([(where, "posterior", f"posterior file {name!r} cannot be read ({exc}; paths are "
                                                  f"relative to {path.name}; `escalation calibrate` writes one)")]) from None


def override_posterior(data: dict, value, file: Path, positions: dict) -> None:
    """A sweep's or an episode's own ``posterior:`` (a file relative to ``file``, or null: the scenario's point
    values) in place of the one its scenario names."""
    before = data.get("posterior")
    data["posterior"] = None if value is None else _read_posterior(value, file, positions)
    if isinstance(before, dict):  # what the scenario's own what-if files set still holds
        keep_fields(data, before.get("keep", []))


# --- command-line overrides: --set a.b.c=value -------------------------------------------------

def _parse_override(text: str) -> tuple[tuple, list[int], Any, dict, str]:
    """``(path, column of each part, value, positions of the value, source name)``; columns are 1-based."""
    src = f"<--set {text}>"
    if "=" not in text:
        raise ScenarioError([(Where(src, 1, 1), text.strip(),
                              f"expected KEY=VALUE (e.g. actors.taliban.rule.step=2); found {text!r} with no '='")])
    key, raw = text.split("=", 1)
    parts, columns, offset = [], [], 0
    for part in key.split("."):
        stripped = part.strip()
        column = offset + (len(part) - len(part.lstrip())) + 1
        if not stripped:
            raise ScenarioError([(Where(src, 1, column), key.strip(), f"expected a key path like a.b.c; found an empty part in {key.strip()!r}")])
        parts.append(int(stripped) if stripped.isdigit() else stripped)
        columns.append(column)
        offset += len(part) + 1
    value_column = len(key) + 2
    try:
        value, value_positions = read_yaml_text(raw if raw.strip() else "''", src)
    except YamlProblem as exc:
        where = Where(src, 1, value_column + exc.where.column - 1 if exc.where.line == 1 else value_column)
        # positions inside the message are relative to the value: make them relative to the override
        message = re.sub(r"at line 1, column (\d+)", lambda m: f"at column {value_column + int(m[1]) - 1}", exc.message)
        raise ScenarioError([(where, dotted(tuple(parts) + exc.path), message)]) from None
    shifted = {p: Where(src, 1, value_column + w.column - 1) for p, w in value_positions.items() if w.line == 1}
    return tuple(parts), columns, value, shifted, src


def apply_overrides(data: dict, positions: dict, overrides: list[str]) -> None:
    """Set ``a.b.c=value`` pairs in ``data`` in place (creating mappings on the way).

    Positions of what an override sets (and of keys it creates) point into the override itself:
    ``<--set a.b.c=value>:1:column``.
    """
    for text in overrides:
        path, columns, value, value_positions, src = _parse_override(text)
        node: Any = data
        for i, part in enumerate(path):
            here, last = path[:i + 1], i == len(path) - 1
            at = Where(src, 1, columns[i])
            if isinstance(node, list):
                if not isinstance(part, int) or part >= len(node):
                    raise ScenarioError([(at, dotted(here), f"expected an item number from 0 to {len(node) - 1} "
                                                             f"({dotted(path[:i])} has {len(node)} items); found {part!r}")])
            elif part not in node:
                positions[here + (KEY,)] = at
            if last:
                _drop_under(positions, [here])
                node[part] = value
                positions[here + (KEY,)] = at
                for sub, where in value_positions.items():
                    positions[here + sub] = where
            else:
                if not isinstance(node[part] if has_item(node, part) else None, (dict, list)):
                    _drop_under(positions, [here])
                    node[part] = {}
                    positions[here] = at
                    positions[here + (KEY,)] = at
                node = node[part]
        keep_fields(data, [dotted(path)])  # what a person sets on purpose, a posterior draw never replaces


# --- entry points ---------------------------------------------------------------------------------

def _load_map(name: str, where: Where) -> GeographySpec:
    """The map ``name`` (shipped name or path); :class:`ScenarioError` at ``where`` if it cannot be used."""
    shipped = shipped_maps()
    if not (DATA_DIR / f"{name}.yaml").is_file() and not Path(name).is_file():
        raise ScenarioError([(where, "geography", f"unknown map {name!r}{suggest(name, shipped)} "
                                                  f"(expected a shipped map: {', '.join(shipped)}; or the path of a map YAML)")])
    try:
        return load_geography_spec(name)
    except YamlProblem as exc:
        raise ScenarioError([(where, "geography", f"cannot read map {name!r}: {exc}")]) from None
    except ValidationError as exc:
        err = exc.errors()[0]
        detail = f"{dotted(tuple(err['loc']))}: {err['msg']}" if err["loc"] else err["msg"]
        raise ScenarioError([(where, "geography", f"map {name!r} is not a valid map: {detail}")]) from None
    except OSError as exc:
        raise ScenarioError([(where, "geography", f"cannot read map {name!r}: {exc.strerror or exc}")]) from None


def scenario_from_data(data: Any, positions: dict | None = None, file: str = "<data>") -> Scenario:
    """Validate plain data as a scenario, with names checked against its map."""
    positions = positions or {(): Where(file, 1, 1)}
    if not isinstance(data, dict):
        raise ScenarioError([(positions.get((), Where(file, 1, 1)), "",
                              f"expected a mapping of scenario fields (key: value lines); found a {kind_of(data)}")])
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(validation_problems(exc, data, positions, file)) from None
    geo = _load_map(scenario.geography, locate(positions, ("geography",), Where(file, 1, 1)))
    problems = check_names(scenario, geo, positions, file)
    if problems:
        raise ScenarioError(problems)
    return scenario


def load_scenario(path: str | Path, overrides: list[str] | None = None) -> Scenario:
    """Read, extend, override and validate a scenario file. Raises :class:`ScenarioError`."""
    path = Path(path)
    data, positions, _ = read_with_extends(path)
    if overrides:
        apply_overrides(data, positions, overrides)
    return scenario_from_data(data, positions, str(path))


def as_scenario(scenario) -> Scenario:
    """A loaded scenario from a path, a plain dict or a :class:`Scenario` (what the model accepts)."""
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, dict):
        return scenario_from_data(scenario)
    if isinstance(scenario, (str, Path)):
        return load_scenario(scenario)
    raise TypeError(f"scenario must be a path, a dict or a Scenario; got {type(scenario).__name__}")


def resolve_geography(scenario: Scenario) -> GeographySpec:
    return load_geography_spec(scenario.geography)


__all__ = ["ScenarioError", "as_scenario", "load_scenario", "scenario_from_data", "apply_overrides", "resolve_geography",
           "EVENT_TYPES", "DATA_DIR"]
