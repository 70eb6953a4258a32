"""Hostile variants of the shipped input files, drawn by Hypothesis, for the fuzz harness (scripts/fuzz.py).

A case is one shipped file (scenario, sweep, episode, calibration or priors), made cheap to run (fewer
replicates, samples and days, unless the mutation is about them), then mutated once: a value of the wrong
type or range (huge numbers, NaN, unicode, deep nesting), a key deleted, renamed or duplicated, the
text truncated, random bytes put in or the whole file random bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from ruamel.yaml import YAML

from sim.scenario.yamlsafe import read_yaml_text

ROOT = Path(__file__).resolve().parent.parent
KIND_DIRS = {"scenario": "scenarios", "sweep": "scenarios/sweeps", "episode": "episodes", "calibration": "calibration"}
COMMANDS = {"scenario": ("validate", "run"), "sweep": ("batch",), "episode": ("hindcast",),
            "calibration": ("calibrate",), "priors": ("calibrate",)}
# counts that make a valid file slow, not wrong: a mutation sets them small or invalid, never large and valid
BUDGET_KEYS = {"replicates", "samples", "population_size", "generations", "max_runs"}
CHEAP = {"sweep": {"replicates": 1, "samples": 2, "days": 30}}  # the most a case keeps of these (unless mutated)
MUTATIONS = ("value", "value", "value", "delete", "rename", "duplicate_line", "truncate", "bytes", "random_file",
             "nesting", "unicode")
HUGE = [0, -1, 1, 2**31, 2**63, 2**64, 10**18, 10**100, -10**100, 1e308, -1e308, float("inf"), float("-inf"),
        float("nan"), -0.0, 1e-320]


@dataclass(frozen=True)
class Case:
    kind: str  # scenario, sweep, episode, calibration, priors
    source: str  # the shipped file, relative to the project
    command: str
    mutation: str
    detail: str  # what was changed, in a few words
    content: bytes  # the mutated file


def shipped_files() -> list[tuple[str, str]]:
    """(kind, path relative to the project) of every shipped input file."""
    files = [(kind, str(p.relative_to(ROOT))) for kind, folder in KIND_DIRS.items()
             for p in sorted((ROOT / folder).glob("*.yaml"))]
    return [("priors" if p.endswith("priors.yaml") else kind, p) for kind, p in files]


SHIPPED = shipped_files()  # listed once: a file appearing mid-run must not change what Hypothesis draws from


def _dump(data: Any) -> str:
    import io

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _paths(data: Any, prefix: tuple = ()) -> list[tuple]:
    """Every key path into nested mappings and lists (the root excluded)."""
    out = []
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else []
    for key, value in items:
        out.append(prefix + (key,))
        out.extend(_paths(value, prefix + (key,)))
    return out


def _nested(depth: int, leaf: Any = 1) -> Any:
    value = leaf
    for i in range(depth):
        value = [value] if i % 2 else {"k": value}
    return value


def hostile_values() -> st.SearchStrategy:
    scalars = st.one_of(st.integers(-2**70, 2**70), st.floats(allow_nan=True, allow_infinity=True),
                        st.sampled_from(HUGE), st.text(max_size=40), st.booleans(), st.none(),
                        st.sampled_from(["", " ", "null", "yes", "2025-13-45", "1e999", "0x10", "~", "-", "{", "*a"]))
    return st.one_of(scalars, st.lists(scalars, max_size=4), st.dictionaries(st.text(max_size=8), scalars, max_size=3),
                     st.integers(2, 300).map(_nested))


def _set(data: Any, path: tuple, value: Any) -> None:
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _small_budget(key: Any, value: Any) -> Any:
    if key in BUDGET_KEYS and isinstance(value, int) and not isinstance(value, bool) and 3 < value <= 10**6:
        return 1 + value % 3
    return value


def _cheapen(kind: str, data: Any) -> None:
    if isinstance(data, dict):
        for key, most in CHEAP.get(kind, {}).items():
            if isinstance(data.get(key), int) and data[key] > most:
                data[key] = most


@st.composite
def cases(draw) -> Case:
    kind, source = draw(st.sampled_from(SHIPPED))
    command = draw(st.sampled_from(COMMANDS[kind]))
    mutation = draw(st.sampled_from(MUTATIONS))
    text = (ROOT / source).read_text(encoding="utf-8")
    data, _ = read_yaml_text(text, source)
    _cheapen(kind, data)
    paths = _paths(data)
    detail = ""
    if mutation in ("value", "nesting", "delete", "rename", "unicode") and paths:
        path = draw(st.sampled_from(paths))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        detail = ".".join(map(str, path))
        if mutation == "value":
            _set(data, path, _small_budget(path[-1], draw(hostile_values())))
        elif mutation == "nesting":
            _set(data, path, _nested(draw(st.integers(10, 400))))
        elif mutation == "unicode":
            _set(data, path, draw(st.text(min_size=1, max_size=60)))
        elif isinstance(parent, dict):
            value = parent.pop(path[-1])
            if mutation == "rename":
                new = draw(st.one_of(st.text(max_size=20), st.just(str(path[-1]) + "x"), st.just(str(path[-1]).upper())))
                parent[new] = value
        else:
            parent.pop(path[-1])
    content = _dump(data).encode("utf-8")
    if mutation == "duplicate_line":
        lines = content.splitlines(keepends=True)
        i = draw(st.integers(0, len(lines) - 1))
        lines.insert(draw(st.integers(0, len(lines))), lines[i])
        content, detail = b"".join(lines), f"line {i + 1}"
    elif mutation == "truncate":
        at = draw(st.integers(0, len(content)))
        content, detail = content[:at], f"at byte {at}"
    elif mutation == "bytes":
        at = draw(st.integers(0, len(content)))
        junk = draw(st.binary(min_size=1, max_size=40))
        content, detail = content[:at] + junk + content[at:], f"{len(junk)} bytes at {at}"
    elif mutation == "random_file":
        content = draw(st.one_of(st.binary(max_size=400), st.text(max_size=400).map(lambda t: t.encode("utf-8"))))
        detail = f"{len(content)} bytes"
    return Case(kind, source, command, mutation, detail, content)
