"""Read YAML safely, keeping where every value came from (file, line, column).

The text is composed into nodes and turned into plain Python (dict, list, str, int, float, bool, None)
by hand: no constructor ever runs, so no tag can build an object. Any tag other than YAML's core ones is
refused, the text has a size limit, and alias expansion is capped so that an "alias bomb" cannot blow up.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

MAX_BYTES = 1_000_000
MAX_NODES = 100_000
_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}

Path_ = tuple  # a key path, e.g. ("actors", "taliban", "rule", "step")


@dataclass(frozen=True)
class Where:
    file: str
    line: int  # 1-based
    column: int  # 1-based

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class YamlProblem(Exception):
    """The text is not YAML this tool will read; ``where`` says where."""

    def __init__(self, where: Where, message: str):
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


def _scalar(node: ScalarNode, where: Where) -> Any:
    tag, text = node.tag, node.value
    if tag == _CORE + "null":
        return None
    if tag == _CORE + "bool":
        return text.lower() == "true"
    if tag == _CORE + "int":
        clean = text.replace("_", "")
        try:
            return int(clean, 10)
        except ValueError:
            try:
                return int(clean, 0)
            except ValueError:
                raise YamlProblem(where, f"cannot read {text!r} as a whole number") from None
    if tag == _CORE + "float":
        clean = text.replace("_", "").lower()
        if clean in (".inf", "+.inf"):
            return float("inf")
        if clean == "-.inf":
            return float("-inf")
        if clean == ".nan":
            return float("nan")
        return float(clean)
    return text  # str and timestamp (dates are parsed by the schema)


class _Builder:
    def __init__(self, file: str):
        self.file = file
        self.nodes = 0
        self.positions: dict[tuple, Where] = {}

    def where(self, node) -> Where:
        return Where(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node, path: tuple) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise YamlProblem(self.where(node), f"more than {MAX_NODES} values (alias expansion?); refusing to read")
        where = self.where(node)
        self.positions.setdefault(path, where)
        tag = node.tag if isinstance(node.tag, str) else getattr(node.tag, "value", str(node.tag))
        if tag not in _ALLOWED_TAGS:
            raise YamlProblem(where, f"tag {tag!r} is not allowed: scenarios hold plain values only")
        if isinstance(node, ScalarNode):
            return _scalar(node, where)
        if isinstance(node, SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            out: dict = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    raise YamlProblem(self.where(key_node), "mapping keys must be plain words")
                key = _scalar(key_node, self.where(key_node))
                if key == "<<":
                    raise YamlProblem(self.where(key_node), "merge keys ('<<') are not supported; use extends:")
                if key in out:
                    raise YamlProblem(self.where(key_node), f"key {key!r} appears twice in this mapping")
                self.positions[path + (key,)] = self.where(key_node)
                out[key] = self.build(value_node, path + (key,))
                self.positions[path + (key,)] = self.where(value_node)
            return out
        raise YamlProblem(where, f"unsupported YAML node {type(node).__name__}")


def read_yaml_text(text: str, file: str = "<text>") -> tuple[Any, dict[tuple, Where]]:
    """Parse YAML text into plain data and a map from key path to the position of its value."""
    if len(text.encode("utf-8", "replace")) > MAX_BYTES:
        raise YamlProblem(Where(file, 1, 1), f"file is larger than {MAX_BYTES} bytes; refusing to read")
    yaml = YAML(typ="rt")
    try:
        node = yaml.compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Where(file, mark.line + 1, mark.column + 1) if mark else Where(file, 1, 1)
        raise YamlProblem(where, f"not valid YAML: {exc.problem or exc.context}") from None
    except Exception as exc:  # the scanner raises a few unmarked errors
        raise YamlProblem(Where(file, 1, 1), f"not valid YAML: {exc}") from None
    if node is None:
        return None, {(): Where(file, 1, 1)}
    builder = _Builder(file)
    data = builder.build(node, ())
    return data, builder.positions


def read_yaml(path: str | Path) -> tuple[Any, dict[tuple, Where]]:
    """Read a YAML file safely (see :func:`read_yaml_text`)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise YamlProblem(Where(str(path), 1, 1), f"cannot read file: {exc.strerror}") from None
    if size > MAX_BYTES:
        raise YamlProblem(Where(str(path), 1, 1), f"file is larger than {MAX_BYTES} bytes; refusing to read")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise YamlProblem(Where(str(path), 1, 1), "file is not UTF-8 text") from None
    return read_yaml_text(text, str(path))
