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
from ruamel.yaml.composer import Composer, MaxDepthExceededError
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

MAX_BYTES = 1_000_000
MAX_NODES = 100_000
MAX_DEPTH = 64
_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}

Path_ = tuple  # a key path, e.g. ("actors", "taliban", "rule", "step")


class _KeyMark:
    """Last element of a positions entry that holds where a mapping *key* is (not its value)."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "KEY"

    def __reduce__(self):
        return (_KeyMark, ())


KEY = _KeyMark()
"""``positions[path + (KEY,)]`` is where the key of ``path`` is written; ``positions[path]`` is its value."""


@dataclass(frozen=True)
class Where:
    file: str
    line: int  # 1-based
    column: int  # 1-based

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class YamlProblem(Exception):
    """The text is not YAML this tool will read; ``where`` says where and ``path`` under which key."""

    def __init__(self, where: Where, message: str, path: tuple = ()):
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message
        self.path = path


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


class _Alias:
    """An alias (``*name``) as written: where it is, and the anchored node it stands for."""

    __slots__ = ("target", "start_mark", "name")

    def __init__(self, target, start_mark, name):
        self.target, self.start_mark, self.name = target, start_mark, name


class _AliasComposer(Composer):
    """Keeps each alias as an :class:`_Alias` so that its own position is known (for alias bombs)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            event = self.parser.peek_event()
            return _Alias(super().compose_node(parent, index), event.start_mark, event.anchor)
        return super().compose_node(parent, index)


def _scalar(node: ScalarNode, where: Where) -> Any:
    tag, text = node.tag, node.value
    if tag == _CORE + "null":
        return None
    if tag == _CORE + "bool":
        if text.lower() in ("true", "yes", "on"):
            return True
        if text.lower() in ("false", "no", "off"):
            return False
        raise YamlProblem(where, f"cannot read {text!r} as true or false")
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
        try:
            return float(clean)
        except ValueError:
            raise YamlProblem(where, f"cannot read {text!r} as a number") from None
    return text  # str and timestamp (dates are parsed by the schema)


def _key_text(key_node) -> Any:
    """A mapping key as a path element, for messages only (``build`` checks keys properly)."""
    node = key_node.target if isinstance(key_node, _Alias) else key_node
    if not isinstance(node, ScalarNode):
        return "?"
    try:
        return _scalar(node, Where("", 1, 1))
    except YamlProblem:
        return node.value


class _Builder:
    def __init__(self, file: str):
        self.file = file
        self.sizes: dict[int, int] = {}  # id(node) -> values it expands to (aliases included)
        self.positions: dict[tuple, Where] = {}

    def where(self, node) -> Where:
        return Where(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def size(self, node) -> int:
        """How many values ``node`` expands to, aliases followed (memoised, so cheap even for a bomb)."""
        if isinstance(node, _Alias):
            node = node.target
        known = self.sizes.get(id(node))
        if known is None:
            if isinstance(node, SequenceNode):
                known = 1 + sum(self.size(item) for item in node.value)
            elif isinstance(node, MappingNode):
                known = 1 + sum(self.size(v) for _, v in node.value)
            else:
                known = 1
            self.sizes[id(node)] = known
        return known

    def check_expansion(self, root) -> None:
        """Refuse an alias bomb where ``build`` would, before any value is built.

        The walk goes over the document as written, in ``build``'s order, counting an alias by its memoised
        size instead of following it: refusing costs the size of the text, not of the bomb (building up to
        the limit took ~0.5-2 s, which made its test's timing depend on the machine's load)."""
        count, stack = 0, [(root, ())]
        while stack:
            node, path = stack.pop()
            if isinstance(node, _Alias):
                count += self.size(node)
                if count > MAX_NODES:
                    raise YamlProblem(self.where(node), f"alias *{node.name} expands to {self.size(node)} values, more "
                                                        f"than {MAX_NODES} in all (an alias bomb?); refusing to read",
                                      path)
                continue
            count += 1
            if count > MAX_NODES:
                raise YamlProblem(self.where(node), f"more than {MAX_NODES} values; refusing to read", path)
            if isinstance(node, SequenceNode):
                stack.extend(reversed([(item, path + (i,)) for i, item in enumerate(node.value)]))
            elif isinstance(node, MappingNode):
                stack.extend(reversed([(v, path + (_key_text(k),)) for k, v in node.value]))

    def build(self, node, path: tuple, depth: int = 0) -> Any:
        where = self.where(node)
        if isinstance(node, _Alias):  # its size was checked by check_expansion
            node = node.target
        if depth > MAX_DEPTH:
            raise YamlProblem(where, f"values nested more than {MAX_DEPTH} deep; refusing to read", path)
        self.positions.setdefault(path, where)
        tag = node.tag if isinstance(node.tag, str) else getattr(node.tag, "value", str(node.tag))
        if tag not in _ALLOWED_TAGS:
            raise YamlProblem(where, f"tag {_short_tag(str(tag))!r} is not allowed: scenarios hold plain values only "
                                     f"(numbers, text, true/false, null, lists and mappings)", path)
        if isinstance(node, ScalarNode):
            try:
                return _scalar(node, where)
            except YamlProblem as exc:
                raise YamlProblem(exc.where, exc.message, path) from None
        if isinstance(node, SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            out: dict = {}
            for key_node, value_node in node.value:
                key_where = self.where(key_node)
                if isinstance(key_node, _Alias):
                    key_node = key_node.target
                key_tag = str(key_node.tag if isinstance(key_node.tag, str) else getattr(key_node.tag, "value", key_node.tag))
                if key_tag == _CORE + "merge" or (isinstance(key_node, ScalarNode) and key_node.value == "<<"):
                    raise YamlProblem(key_where, "merge keys ('<<') are not supported; use extends:", path)
                if key_tag not in _ALLOWED_TAGS:
                    raise YamlProblem(key_where, f"tag {_short_tag(key_tag)!r} is not allowed: scenarios hold "
                                                 f"plain values only", path)
                if not isinstance(key_node, ScalarNode):
                    raise YamlProblem(key_where, "mapping keys must be plain words", path)
                key = _scalar(key_node, key_where)
                if key in out:
                    first = self.positions[path + (key, KEY)]
                    raise YamlProblem(key_where, f"key {key!r} appears twice in this mapping "
                                                 f"(first at line {first.line}, column {first.column})", path + (key,))
                self.positions[path + (key, KEY)] = key_where
                self.positions[path + (key,)] = self.where(value_node)
                out[key] = self.build(value_node, path + (key,), depth + 1)
            return out
        raise YamlProblem(where, f"unsupported YAML node {type(node).__name__}", path)


def _syntax_problem(exc: MarkedYAMLError, file: str) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    where = Where(file, mark.line + 1, mark.column + 1) if mark else Where(file, 1, 1)
    message = f"not valid YAML: {exc.problem or exc.context}"
    ctx = exc.context_mark
    if exc.problem and exc.context and ctx is not None and (mark is None or (ctx.line, ctx.column) != (mark.line, mark.column)):
        message += f" ({exc.context} at line {ctx.line + 1}, column {ctx.column + 1})"
    return YamlProblem(where, message)


def read_yaml_text(text: str, file: str = "<text>") -> tuple[Any, dict[tuple, Where]]:
    """Parse YAML text into plain data and a map from key path to the position of its value.

    ``positions[path]`` is where the value at ``path`` starts; ``positions[path + (KEY,)]`` is where its key is.
    """
    if len(text.encode("utf-8", "replace")) > MAX_BYTES:
        raise YamlProblem(Where(file, 1, 1), f"file is larger than {MAX_BYTES} bytes; refusing to read")
    yaml = YAML(typ="rt")
    yaml.Composer = _AliasComposer
    yaml.max_depth = MAX_DEPTH
    try:
        node = yaml.compose(text)
    except MaxDepthExceededError as exc:
        mark = exc.problem_mark
        where = Where(file, mark.line + 1, mark.column + 1) if mark else Where(file, 1, 1)
        raise YamlProblem(where, f"values nested more than {MAX_DEPTH} deep; refusing to read") from None
    except MarkedYAMLError as exc:
        raise _syntax_problem(exc, file) from None
    except RecursionError:
        raise YamlProblem(Where(file, 1, 1), "values nested too deep; refusing to read") from None
    except Exception as exc:  # the scanner raises a few unmarked errors
        raise YamlProblem(Where(file, 1, 1), f"not valid YAML: {exc}") from None
    if node is None:
        return None, {(): Where(file, 1, 1)}
    builder = _Builder(file)
    try:
        builder.check_expansion(node)
        data = builder.build(node, ())
    except RecursionError:
        raise YamlProblem(Where(file, 1, 1), "values nested too deep; refusing to read") from None
    return data, builder.positions


def read_file_text(path: str | Path) -> str:
    """A file's text, refused with :class:`YamlProblem` if it is not UTF-8 or longer than ``MAX_BYTES``.

    At most ``MAX_BYTES`` + 1 bytes are read whatever the file says its size is, so a device
    (``/dev/zero``) or a pipe that never ends is refused as too large instead of read forever."""
    path = Path(path)
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise YamlProblem(Where(str(path), 1, 1), f"cannot read file: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise YamlProblem(Where(str(path), 1, 1), f"file is larger than {MAX_BYTES} bytes; refusing to read")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise YamlProblem(Where(str(path), 1, 1), "file is not UTF-8 text") from None


def read_yaml(path: str | Path) -> tuple[Any, dict[tuple, Where]]:
    """Read a YAML file safely (see :func:`read_file_text` and :func:`read_yaml_text`)."""
    return read_yaml_text(read_file_text(path), str(path))
