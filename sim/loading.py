"""Load a scenario: safe YAML, ``extends:``, command-line overrides, and errors that point at file:line:column.

Every problem is reported as ``file:line:column: key.path: what was expected; found ...`` with the
nearest valid name for a misspelt one. :class:`ScenarioError` carries them all; the command line prints
them and exits with status 2.
"""

from __future__ import annotations

import copy
import difflib
import re
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from sim.events import EVENT_TYPES
from sim.geography import GeographySpec, load_geography_spec, shipped_maps, DATA_DIR
from sim.scenario import Scenario, policy_update
from sim.yamlsafe import KEY, Where, YamlProblem, read_yaml, read_yaml_text

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


def _read_with_extends(path: Path, depth: int = 0, chain: tuple = ()) -> tuple[dict, dict]:
    data, positions = read_yaml(path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ScenarioError([(positions[()], "", f"expected a mapping of scenario fields (key: value lines); "
                                                 f"found a {_kind(data)}")])
    parent_ref = data.pop("extends", None)
    where = positions.pop(("extends",), Where(str(path), 1, 1))
    positions.pop(("extends", KEY), None)
    if parent_ref is None:
        return data, positions
    if not isinstance(parent_ref, str) or not parent_ref.strip():
        raise ScenarioError([(where, "extends", f"expected the file name of the scenario to extend; found {parent_ref!r}")])
    parent = path.parent / parent_ref
    here = path.resolve()
    seen = chain + (here,)
    if parent.resolve() in seen:
        names = [p.name for p in seen[seen.index(parent.resolve()):]] + [parent.name]
        raise ScenarioError([(where, "extends", f"circular extends: {' -> '.join(names)}")])
    if depth >= MAX_EXTENDS_DEPTH:
        raise ScenarioError([(where, "extends", f"expected at most {MAX_EXTENDS_DEPTH} levels of extends; found more")])
    if not parent.is_file():
        near = _suggest(parent_ref, [p.name for p in path.parent.glob("*.yaml") if p.resolve() != here])
        raise ScenarioError([(where, "extends", f"file {parent_ref!r} not found next to {path.name}{near}")])
    base, base_positions = _read_with_extends(parent, depth + 1, seen)
    replaced: list = []
    merged = _merge(base, data, (), replaced)
    _drop_under(base_positions, replaced)
    return merged, {**base_positions, **positions}


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    if value is None:
        return "null"
    return {bool: "true/false", int: "number", float: "number", str: "text"}.get(type(value), type(value).__name__)


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
        raise ScenarioError([(where, _dotted(tuple(parts) + exc.path), message)]) from None
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
                    raise ScenarioError([(at, _dotted(here), f"expected an item number from 0 to {len(node) - 1} "
                                                             f"({_dotted(path[:i])} has {len(node)} items); found {part!r}")])
            elif part not in node:
                positions[here + (KEY,)] = at
            if last:
                _drop_under(positions, [here])
                node[part] = value
                positions[here + (KEY,)] = at
                for sub, where in value_positions.items():
                    positions[here + sub] = where
            else:
                if not isinstance(node[part] if _has(node, part) else None, (dict, list)):
                    _drop_under(positions, [here])
                    node[part] = {}
                    positions[here] = at
                    positions[here + (KEY,)] = at
                node = node[part]


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


def _data_path(loc: tuple, data: Any, missing: bool = False) -> tuple[tuple, bool]:
    """The data path of a pydantic ``loc``, and whether the error is about a mapping *key*.

    Pydantic inserts the names of union members into ``loc`` ('escalate' in rule.escalate.step,
    'list[str]' in crossings.list[str]); they are not in the data, so they are dropped. The key of a
    'missing' error (``missing=True``) is not in the data either, but it is the last part of ``loc``: it stays.
    """
    out, node, on_key = [], data, False
    for i, part in enumerate(loc):
        if part == "[key]":
            on_key = True
            continue
        if _has(node, part):
            out.append(part)
            node = node[part]
        elif missing and isinstance(node, dict) and i == len(loc) - 1:
            out.append(part)  # the missing key itself
            node = None
        elif isinstance(part, str):
            continue  # a union member's name
        else:
            out.append(part)
            node = None
    return tuple(out), on_key


def _locate(positions: dict, path: tuple, fallback: Where, key: bool = False) -> Where:
    """Where ``path``'s value is written (or its key, with ``key=True``); else its nearest written parent."""
    if key and path + (KEY,) in positions:
        return positions[path + (KEY,)]
    for i in range(len(path), -1, -1):
        if path[:i] in positions:
            return positions[path[:i]]
    return fallback


def _found(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return f"a {_kind(value)}"
    return repr(value)


_EXPECTED = {
    "int_parsing": "a whole number", "int_type": "a whole number", "int_from_float": "a whole number",
    "float_parsing": "a number", "float_type": "a number", "finite_number": "a finite number",
    "bool_parsing": "true or false", "bool_type": "true or false",
    "string_type": "text", "dict_type": "a mapping (key: value)", "model_type": "a mapping (key: value)",
    "model_attributes_type": "a mapping (key: value)", "list_type": "a list",
    "date_parsing": "a date (YYYY-MM-DD)", "date_type": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)", "date_from_datetime_inexact": "a date (YYYY-MM-DD)",
    "none_required": "null",
}
_BOUNDS = {"greater_than_equal": (">=", "ge"), "greater_than": (">", "gt"),
           "less_than_equal": ("<=", "le"), "less_than": ("<", "lt")}
_TAG_WHAT = {"name": "rule name", "type": "event type"}


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
        what = str(ctx.get("discriminator", "tag")).strip("'")
        tag = found.get(what, ctx.get("tag")) if isinstance(found, dict) else ctx.get("tag")
        return (f"unknown {_TAG_WHAT.get(what, what)} {tag!r}{_suggest(tag, expected)} "
                f"(expected one of: {', '.join(expected)})")
    if kind == "union_tag_not_found":
        what = str(ctx.get("discriminator", "tag")).strip("'")
        return f"required key {what!r} is missing (the {_TAG_WHAT.get(what, what)}: which kind of entry this is)"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        choices = [c.strip().strip("'") for c in str(expected).replace(" or ", ",").split(",")]
        what = f"one of {expected}" if len(choices) > 1 else str(expected)
        return f"expected {what}; found {_found(found)}{_suggest(found, choices)}"
    if kind in _BOUNDS:
        sign, name = _BOUNDS[kind]
        return f"expected a number {sign} {ctx.get(name)}; found {_found(found)}"
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}; found {_found(found)}"
    message = err["msg"][0].lower() + err["msg"][1:]
    if message.startswith("value error, "):
        return message[len("value error, "):]
    return f"expected: {message}; found {_found(found)}" if not isinstance(found, (dict, list)) else message


def _join(problems: list) -> list:
    """One line per place: 'expected a list; found x' + "expected 'all'; found x" -> 'expected a list or 'all'; ...'."""
    out: list = []
    for where, path, message in problems:
        if out and out[-1][:2] == (where, path) and message.startswith("expected ") and "; found " in message:
            prev = out[-1][2]
            head, _, tail = message.partition("; found ")
            p_head, _, p_tail = prev.partition("; found ")
            if prev.startswith("expected ") and p_tail == tail:
                out[-1] = (where, path, f"{p_head} or {head[len('expected '):]}; found {tail}")
                continue
        out.append((where, path, message))
    return out


def _validation_problems(exc: ValidationError, data: Any, positions: dict, file: str) -> list:
    problems = []
    fallback = positions.get((), Where(file, 1, 1))
    for err in exc.errors():
        path, on_key = _data_path(err["loc"], data, missing=err["type"] == "missing")
        if err["type"] == "union_tag_invalid":
            what = str((err.get("ctx") or {}).get("discriminator", "")).strip("'")
            if isinstance(err.get("input"), dict) and what in err["input"]:
                path += (what,)  # point at the bad tag itself
        where = _locate(positions, path, fallback, key=on_key or err["type"] == "extra_forbidden")
        problems.append((where, _dotted(path), _describe(err, data, path)))
    return _join(problems)


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
            known = ", ".join(choices) if choices else "none defined"
            problems.append((where, _dotted(path), f"unknown {what} {value!r}{_suggest(value, choices)} (known: {known})"))

    for i, cell in enumerate(scenario.ttp.cells):
        need(cell.province, provinces, ("ttp", "cells", i, "province"), "province")
    for i, ev in enumerate(scenario.events):
        base = ("events", i)
        if ev.day >= scenario.days:
            problems.append((_locate(positions, base + ("day",), fallback), _dotted(base + ("day",)),
                             f"expected a day before the horizon (0 to {scenario.days - 1}, days: {scenario.days}); "
                             f"found {ev.day}"))
        if ev.type in ("strike", "ttp_attack"):
            need(ev.province, provinces, base + ("province",), "province")
        if ev.type in ("closure", "reopening") and ev.crossings != "all":
            for j, c in enumerate(ev.crossings):
                need(c, crossings, base + ("crossings", j), "crossing")
        if ev.type == "mediator_call":
            need(ev.mediator, mediators, base + ("mediator",), "mediator")
        if ev.type == "policy_change":
            problems += _check_policy_change(scenario, ev, base, positions, fallback)
    return problems


def _check_policy_change(scenario: Scenario, ev, base: tuple, positions: dict, fallback: Where) -> list:
    actor = getattr(scenario.actors, ev.actor)
    merged = policy_update(actor, ev.set)
    try:
        type(actor).model_validate(merged)
    except ValidationError as exc:
        problems = []
        fields = list(type(actor).model_fields)
        for err in exc.errors():
            sub, on_key = _data_path(err["loc"], merged, missing=err["type"] == "missing")
            if err["type"] == "union_tag_invalid":
                what = str((err.get("ctx") or {}).get("discriminator", "")).strip("'")
                if isinstance(err.get("input"), dict) and what in err["input"]:
                    sub += (what,)
            path = base + ("set",) + sub
            if err["type"] == "extra_forbidden" and len(sub) == 1:
                key = sub[-1]
                msg = f"unknown key {key!r}{_suggest(key, fields)} (expected one of: {', '.join(fields)})"
            elif err["type"] == "extra_forbidden":
                key = sub[-1]
                inner = _model_fields_at(type(actor), sub[:-1], merged) or []
                msg = f"unknown key {key!r}{_suggest(key, inner)} (expected one of: {', '.join(inner)})"
            else:
                msg = _describe(err, merged, sub)
            where = _locate(positions, path, fallback, key=on_key or err["type"] == "extra_forbidden")
            problems.append((where, _dotted(path), msg))
        return _join(problems)
    return []


# --- entry points ---------------------------------------------------------------------------------

def _load_map(name: str, where: Where) -> GeographySpec:
    """The map ``name`` (shipped name or path); :class:`ScenarioError` at ``where`` if it cannot be used."""
    shipped = shipped_maps()
    if not (DATA_DIR / f"{name}.yaml").is_file() and not Path(name).is_file():
        raise ScenarioError([(where, "geography", f"unknown map {name!r}{_suggest(name, shipped)} "
                                                  f"(expected a shipped map: {', '.join(shipped)}; or the path of a map YAML)")])
    try:
        return load_geography_spec(name)
    except YamlProblem as exc:
        raise ScenarioError([(where, "geography", f"cannot read map {name!r}: {exc}")]) from None
    except ValidationError as exc:
        err = exc.errors()[0]
        detail = f"{_dotted(tuple(err['loc']))}: {err['msg']}" if err["loc"] else err["msg"]
        raise ScenarioError([(where, "geography", f"map {name!r} is not a valid map: {detail}")]) from None
    except OSError as exc:
        raise ScenarioError([(where, "geography", f"cannot read map {name!r}: {exc.strerror or exc}")]) from None


def scenario_from_data(data: Any, positions: dict | None = None, file: str = "<data>") -> Scenario:
    """Validate plain data as a scenario, with names checked against its map."""
    positions = positions or {(): Where(file, 1, 1)}
    if not isinstance(data, dict):
        raise ScenarioError([(positions.get((), Where(file, 1, 1)), "",
                              f"expected a mapping of scenario fields (key: value lines); found a {_kind(data)}")])
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(_validation_problems(exc, data, positions, file)) from None
    geo = _load_map(scenario.geography, _locate(positions, ("geography",), Where(file, 1, 1)))
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
        raise ScenarioError([(exc.where, _dotted(exc.path), exc.message)]) from None
    if overrides:
        apply_overrides(data, positions, overrides)
    return scenario_from_data(data, positions, str(path))


def resolve_geography(scenario: Scenario) -> GeographySpec:
    return load_geography_spec(scenario.geography)


__all__ = ["ScenarioError", "load_scenario", "scenario_from_data", "apply_overrides", "resolve_geography",
           "EVENT_TYPES", "DATA_DIR"]
