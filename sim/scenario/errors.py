"""Scenario problems and where they are: pydantic's errors mapped back onto file:line:column.

Every problem reads ``file:line:column: key.path: what was expected; found ...``, with the nearest valid
name for a misspelt one. :class:`ScenarioError` carries them all.
"""

from __future__ import annotations

import difflib
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from sim.scenario.schema import Scenario
from sim.scenario.yamlsafe import KEY, Where

class ScenarioError(Exception):
    """One or more problems in a scenario, each with its place."""

    def __init__(self, problems: list[tuple[Where, str, str]]):
        # (where, key path, message), in the order they appear in the files
        self.problems = sorted(problems, key=lambda p: (p[0].file, p[0].line, p[0].column))
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        out = []
        for where, path, message in self.problems:
            out.append(f"{where}: {path + ': ' if path else ''}{message}")
        return out


def kind_of(value: Any) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    if value is None:
        return "null"
    return {bool: "true/false", int: "number", float: "number", str: "text"}.get(type(value), type(value).__name__)


def dotted(path: tuple) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in path).replace(".[", "[")


def suggest(word: Any, choices) -> str:
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, [str(c) for c in choices], n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


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
        node = node[part] if isinstance(node, (dict, list)) and has_item(node, part) else None
    current = _unwrap(current, node)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return None


def has_item(node, part) -> bool:
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
        if has_item(node, part):
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


def locate(positions: dict, path: tuple, fallback: Where, key: bool = False) -> Where:
    """Where ``path``'s value is written (or its key, with ``key=True``); else its nearest written parent."""
    if key and path + (KEY,) in positions:
        return positions[path + (KEY,)]
    for i in range(len(path), -1, -1):
        if path[:i] in positions:
            return positions[path[:i]]
    return fallback


def _found(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return f"a {kind_of(value)}"
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


def _describe(err: dict, data: Any, path: tuple, model: type[BaseModel] = Scenario) -> str:
    kind, ctx, found = err["type"], err.get("ctx", {}) or {}, err.get("input")
    if kind == "extra_forbidden":
        key = path[-1] if path else "?"
        fields = _model_fields_at(model, path[:-1], data) or []
        allowed = ", ".join(fields)
        return f"unknown key {key!r}{suggest(key, fields)} (expected one of: {allowed})"
    if kind == "missing":
        return f"required key {path[-1]!r} is missing"
    if kind == "union_tag_invalid":
        expected = [t.strip().strip("'") for t in str(ctx.get("expected_tags", "")).split(",")]
        what = str(ctx.get("discriminator", "tag")).strip("'")
        tag = found.get(what, ctx.get("tag")) if isinstance(found, dict) else ctx.get("tag")
        return (f"unknown {_TAG_WHAT.get(what, what)} {tag!r}{suggest(tag, expected)} "
                f"(expected one of: {', '.join(expected)})")
    if kind == "union_tag_not_found":
        what = str(ctx.get("discriminator", "tag")).strip("'")
        return f"required key {what!r} is missing (the {_TAG_WHAT.get(what, what)}: which kind of entry this is)"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        choices = [c.strip().strip("'") for c in str(expected).replace(" or ", ",").split(",")]
        what = f"one of {expected}" if len(choices) > 1 else str(expected)
        return f"expected {what}; found {_found(found)}{suggest(found, choices)}"
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


def validation_problems(exc: ValidationError, data: Any, positions: dict, file: str,
                        model: type[BaseModel] = Scenario) -> list:
    """Each pydantic error as (where, key path, message); ``model`` is what ``data`` was validated as."""
    problems = []
    fallback = positions.get((), Where(file, 1, 1))
    for err in exc.errors():
        path, on_key = _data_path(err["loc"], data, missing=err["type"] == "missing")
        if err["type"] == "union_tag_invalid":
            what = str((err.get("ctx") or {}).get("discriminator", "")).strip("'")
            if isinstance(err.get("input"), dict) and what in err["input"]:
                path += (what,)  # point at the bad tag itself
        where = locate(positions, path, fallback, key=on_key or err["type"] == "extra_forbidden")
        problems.append((where, dotted(path), _describe(err, data, path, model)))
    return _join(problems)


def read_validated(path, model: type[BaseModel], what: str, ref=None):
    """Read a YAML file safely and validate it as ``model``: (instance, data, positions).

    Every problem becomes a :class:`ScenarioError` at file:line:column; ``what`` names the file's kind in
    messages ("sweep", "episode", ...). With ``ref`` (a :class:`sim.scenario.references.Reference`: where
    another file names this one), a file that is missing or not a mapping is reported at the reference.
    """
    from pathlib import Path

    from pydantic import ValidationError

    from sim.scenario.yamlsafe import YamlProblem, read_yaml

    path = Path(path)
    if ref is not None:
        data, positions, _ = ref.read_mapping(what)
    else:
        try:
            data, positions = read_yaml(path)
        except YamlProblem as exc:
            raise ScenarioError([(exc.where, dotted(exc.path), exc.message)]) from None
    if not isinstance(data, dict):
        raise ScenarioError([(positions.get((), Where(str(path), 1, 1)), "",
                              f"expected a mapping of {what} fields (key: value lines); found a {kind_of(data)}")])
    try:
        return model.model_validate(data), data, positions
    except ValidationError as exc:
        raise ScenarioError(validation_problems(exc, data, positions, str(path), model=model)) from None
