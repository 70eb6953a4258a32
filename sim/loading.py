"""Load a scenario: safe YAML, ``extends:``, command-line overrides, and errors that point at file:line:column.

Every problem is reported as ``file:line:column: key.path: what was expected; found ...`` with the
nearest valid name for a misspelt one. :class:`ScenarioError` carries them all; the command line prints
them and exits with status 2.
"""

from __future__ import annotations

import copy
import difflib
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from sim.events import EVENT_TYPES
from sim.geography import GeographySpec, load_geography_spec, shipped_maps, DATA_DIR
from sim.scenario import Scenario
from sim.yamlsafe import Where, YamlProblem, read_yaml, read_yaml_text

MAX_EXTENDS_DEPTH = 10


class ScenarioError(Exception):
    """One or more problems in a scenario, each with its place."""

    def __init__(self, problems: list[tuple[Where, str, str]]):
        self.problems = problems  # (where, key path, message)
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        out = []
        for where, path, message in self.problems:
            out.append(f"{where}: {path + ': ' if path else ''}{message}")
        return out


def _dotted(path: tuple) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in path).replace(".[", "[")


def _suggest(word: Any, choices) -> str:
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, [str(c) for c in choices], n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _merge(base: Any, over: Any) -> Any:
    """Deep-merge mappings (the child's keys win); any other value is replaced whole.

    A ``rule:`` block that names a different rule replaces the parent's whole: a threshold rule's
    ``theta`` means nothing to ``escalate``.
    """
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            switches_rule = k == "rule" and isinstance(v, dict) and isinstance(base.get(k), dict) \
                and "name" in v and v["name"] != base[k].get("name")
            out[k] = _merge(base[k], v) if k in base and not switches_rule else copy.deepcopy(v)
        return out
    return copy.deepcopy(over)


def _read_with_extends(path: Path, depth: int = 0, chain: tuple = ()) -> tuple[dict, dict]:
    data, positions = read_yaml(path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ScenarioError([(positions[()], "", f"expected a mapping of scenario fields; found {type(data).__name__}")])
    parent_ref = data.pop("extends", None)
    if parent_ref is None:
        return data, positions
    where = positions.get(("extends",), Where(str(path), 1, 1))
    if not isinstance(parent_ref, str):
        raise ScenarioError([(where, "extends", f"expected a file name; found {parent_ref!r}")])
    parent = (path.parent / parent_ref).resolve()
    if parent in chain or parent == path.resolve():
        raise ScenarioError([(where, "extends", f"circular extends: {parent_ref} extends {path.name} again")])
    if depth >= MAX_EXTENDS_DEPTH:
        raise ScenarioError([(where, "extends", f"more than {MAX_EXTENDS_DEPTH} levels of extends")])
    if not parent.exists():
        near = _suggest(parent_ref, [p.name for p in path.parent.glob("*.yaml")])
        raise ScenarioError([(where, "extends", f"file {parent_ref!r} not found next to {path.name}{near}")])
    base, base_positions = _read_with_extends(parent, depth + 1, chain + (path.resolve(),))
    merged = _merge(base, data)
    merged_positions = {**base_positions, **{k: v for k, v in positions.items() if k != ("extends",)}}
    return merged, merged_positions


def _parse_override(text: str) -> tuple[tuple, Any]:
    where = Where("<--set>", 1, 1)
    if "=" not in text:
        raise ScenarioError([(where, "", f"expected KEY=VALUE (e.g. actors.taliban.rule.step=2); found {text!r}")])
    key, raw = text.split("=", 1)
    parts = []
    for part in key.strip().split("."):
        if not part:
            raise ScenarioError([(where, key, f"empty part in key {key!r}")])
        parts.append(int(part) if part.isdigit() else part)
    try:
        value, _ = read_yaml_text(raw if raw.strip() else "''", "<--set>")
    except YamlProblem as exc:
        raise ScenarioError([(where, key, exc.message)]) from None
    return tuple(parts), value


def apply_overrides(data: dict, positions: dict, overrides: list[str]) -> None:
    """Set ``a.b.c=value`` pairs in ``data`` in place (creating mappings on the way)."""
    for text in overrides:
        path, value = _parse_override(text)
        node = data
        for i, part in enumerate(path[:-1]):
            if isinstance(node, list):
                if not isinstance(part, int) or part >= len(node):
                    raise ScenarioError([(Where("<--set>", 1, 1), _dotted(path), f"no list item {part} at {_dotted(path[:i + 1])}")])
                node = node[part]
            else:
                if not isinstance(node.get(part), (dict, list)):
                    node[part] = {}
                node = node[part]
        if isinstance(node, list):
            if not isinstance(path[-1], int) or path[-1] >= len(node):
                raise ScenarioError([(Where("<--set>", 1, 1), _dotted(path), "no such list item")])
        node[path[-1]] = value
        positions[path] = Where(f"<--set {text}>", 1, 1)


# --- mapping pydantic errors back onto the YAML -------------------------------------------------

def _model_fields_at(model: type[BaseModel], loc: tuple, data: Any) -> list[str] | None:
    """The field names valid at ``loc`` (a data path), for suggesting the nearest one."""
    current: Any = model
    node = data
    for part in loc:
        current = _unwrap(current, node)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part)
            if field is None:
                return None
            current = field.annotation
        elif get_origin(current) in (dict, list):
            current = get_args(current)[-1]
        else:
            return None
        node = node[part] if isinstance(node, (dict, list)) and _has(node, part) else None
    current = _unwrap(current, node)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return None


def _has(node, part) -> bool:
    return (isinstance(node, dict) and part in node) or (isinstance(node, list) and isinstance(part, int) and part < len(node))


def _unwrap(annotation: Any, node: Any) -> Any:
    """Strip Annotated/Optional/Union, picking the union member a ``name:``/``type:`` tag selects."""
    for _ in range(6):
        args = get_args(annotation)
        origin = get_origin(annotation)
        if origin is None or origin in (dict, list):
            return annotation
        if hasattr(annotation, "__metadata__"):
            annotation = args[0]
            continue
        members = [a for a in args if a is not type(None)]
        models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
        if isinstance(node, dict):
            for m in models:
                for tag in ("name", "type"):
                    f = m.model_fields.get(tag)
                    if f is not None and node.get(tag) in get_args(f.annotation):
                        return m
        annotation = models[0] if len(models) == 1 else (members[0] if len(members) == 1 else annotation)
        if annotation is members[0] and len(members) > 1:
            return annotation
    return annotation


def _data_path(loc: tuple, data: Any) -> tuple:
    """Drop the union tags pydantic inserts into ``loc`` (e.g. 'escalate' in rule.escalate.step)."""
    out, node = [], data
    for part in loc:
        if _has(node, part):
            out.append(part)
            node = node[part]
        elif isinstance(node, (dict, list)) and not isinstance(part, int) and part not in ("function-after",):
            # a tag or a model name: skip it unless it is the missing/extra key itself (handled by caller)
            continue
        else:
            out.append(part)
            node = None
    return tuple(out)


def _locate(positions: dict, path: tuple, fallback: Where) -> Where:
    for i in range(len(path), -1, -1):
        if path[:i] in positions:
            return positions[path[:i]]
    return fallback


def _describe(err: dict, data: Any, path: tuple) -> str:
    kind, ctx, found = err["type"], err.get("ctx", {}) or {}, err.get("input")
    if kind == "extra_forbidden":
        key = path[-1] if path else "?"
        fields = _model_fields_at(Scenario, path[:-1], data) or []
        allowed = ", ".join(fields)
        return f"unknown key {key!r}{_suggest(key, fields)} (expected one of: {allowed})"
    if kind == "missing":
        return f"required key {path[-1]!r} is missing"
    if kind == "union_tag_invalid":
        expected = [t.strip().strip("'") for t in str(ctx.get("expected_tags", "")).split(",")]
        what = ctx.get("discriminator", "tag").strip("'")
        return f"unknown {what} {ctx.get('tag')!r}{_suggest(ctx.get('tag'), expected)} (expected one of: {', '.join(expected)})"
    if kind == "union_tag_not_found":
        return f"missing {ctx.get('discriminator', 'tag')} (which kind of entry this is)"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        choices = [c.strip().strip("'") for c in str(expected).replace(" or ", ",").split(",")]
        return f"expected one of {expected}; found {found!r}{_suggest(found, choices)}"
    message = err["msg"][0].lower() + err["msg"][1:]
    if message.startswith("value error, "):
        message = message[len("value error, "):]
    return f"expected: {message}; found {found!r}" if not isinstance(found, (dict, list)) else message


def _validation_problems(exc: ValidationError, data: Any, positions: dict, file: str) -> list:
    problems = []
    fallback = positions.get((), Where(file, 1, 1))
    for err in exc.errors():
        path = _data_path(err["loc"], data)
        where = _locate(positions, path, fallback)
        problems.append((where, _dotted(path), _describe(err, data, path)))
    return problems


# --- names that must exist (provinces, crossings, mediators) --------------------------------------

def _check_names(scenario: Scenario, geo: GeographySpec, positions: dict, file: str) -> list:
    provinces = [p.name for p in geo.provinces]
    crossings = [c.name for c in geo.crossings]
    mediators = list(scenario.mediators)
    fallback = Where(file, 1, 1)
    problems = []

    def need(value, choices, path, what):
        if value not in choices:
            where = _locate(positions, path, fallback)
            problems.append((where, _dotted(path), f"unknown {what} {value!r}{_suggest(value, choices)} (known: {', '.join(choices)})"))

    for i, cell in enumerate(scenario.ttp.cells):
        need(cell.province, provinces, ("ttp", "cells", i, "province"), "province")
    for i, ev in enumerate(scenario.events):
        base = ("events", i)
        if ev.type in ("strike", "ttp_attack"):
            need(ev.province, provinces, base + ("province",), "province")
        if ev.type in ("closure", "reopening") and ev.crossings != "all":
            for j, c in enumerate(ev.crossings):
                need(c, crossings, base + ("crossings", j), "crossing")
        if ev.type == "mediator_call":
            need(ev.mediator, mediators, base + ("mediator",), "mediator")
        if ev.type == "policy_change":
            problems += _check_policy_change(scenario, ev, base, positions, fallback)
        if ev.day >= scenario.days:
            problems.append((_locate(positions, base + ("day",), fallback), _dotted(base + ("day",)),
                             f"expected a day before the horizon (days: {scenario.days}); found {ev.day}"))
    return problems


def _check_policy_change(scenario: Scenario, ev, base: tuple, positions: dict, fallback: Where) -> list:
    actor = getattr(scenario.actors, ev.actor)
    merged = _merge(actor.model_dump(), ev.set)
    try:
        type(actor).model_validate(merged)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            path = base + ("set",) + _data_path(err["loc"], ev.set)
            sub = _data_path(err["loc"], merged)
            if err["type"] == "extra_forbidden":
                key = sub[-1]
                fields = list(type(actor).model_fields)
                msg = f"unknown key {key!r}{_suggest(key, fields)} (expected one of: {', '.join(fields)})"
            else:
                msg = _describe(err, merged, sub)
            problems.append((_locate(positions, path, fallback), _dotted(path), msg))
        return problems
    return []


# --- entry points ---------------------------------------------------------------------------------

def scenario_from_data(data: Any, positions: dict | None = None, file: str = "<data>") -> Scenario:
    """Validate plain data as a scenario, with names checked against its map."""
    positions = positions or {(): Where(file, 1, 1)}
    if not isinstance(data, dict):
        raise ScenarioError([(positions.get((), Where(file, 1, 1)), "", f"expected a mapping of scenario fields; found {type(data).__name__}")])
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(_validation_problems(exc, data, positions, file)) from None
    try:
        geo = load_geography_spec(scenario.geography)
    except (YamlProblem, ValidationError, OSError) as exc:
        where = _locate(positions, ("geography",), Where(file, 1, 1))
        near = _suggest(scenario.geography, shipped_maps())
        raise ScenarioError([(where, "geography", f"cannot load map {scenario.geography!r}{near} "
                                                  f"(shipped: {', '.join(shipped_maps())}): {str(exc).splitlines()[0]}")]) from None
    problems = _check_names(scenario, geo, positions, file)
    if problems:
        raise ScenarioError(problems)
    return scenario


def load_scenario(path: str | Path, overrides: list[str] | None = None) -> Scenario:
    """Read, extend, override and validate a scenario file. Raises :class:`ScenarioError`."""
    path = Path(path)
    try:
        data, positions = _read_with_extends(path)
    except YamlProblem as exc:
        raise ScenarioError([(exc.where, "", exc.message)]) from None
    if overrides:
        apply_overrides(data, positions, overrides)
    return scenario_from_data(data, positions, str(path))


def resolve_geography(scenario: Scenario) -> GeographySpec:
    return load_geography_spec(scenario.geography)


__all__ = ["ScenarioError", "load_scenario", "scenario_from_data", "apply_overrides", "resolve_geography",
           "EVENT_TYPES", "DATA_DIR"]
