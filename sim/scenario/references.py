"""A file that another file names: a scenario's ``extends:`` and ``posterior:``, a sweep's ``base:``, an
episode's ``scenario:``, a calibration's ``priors:`` and episodes.

When such a target cannot be used, the problem is reported where the referring file names it (its
``file:line:column`` first, then the target), and says whether the target does not exist, is a
directory, cannot be read as YAML (with the target's own place) or is not a mapping: a user who wrote
the name finds the mistake in their own file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.scenario.errors import ScenarioError, dotted, kind_of, locate, suggest
from sim.scenario.yamlsafe import Where, YamlProblem, read_file_text, read_yaml_text


@dataclass(frozen=True)
class Reference:
    where: Where  # where the referring file writes the name
    key: str  # the key path that holds it, e.g. "extends" or "episodes[1]"
    name: str  # the name as written
    path: Path  # the file it names (relative names are relative to the referring file)
    kind: str = "scenario file"  # what the target is, in messages

    def __post_init__(self):
        if "\0" in self.name:  # no file system takes one; Path would raise ValueError at the first look
            raise ScenarioError([(self.where, self.key, f"expected a file name; found {self.name!r}, with a NUL "
                                                        "character in it")])

    @classmethod
    def at(cls, positions: dict, key: tuple, referrer: Path, name: str, kind: str = "scenario file") -> Reference:
        """The reference written at ``key`` of ``referrer`` (whose positions are ``positions``)."""
        where = locate(positions, key, Where(str(referrer), 1, 1))
        return cls(where, dotted(key), name, Path(referrer).parent / name, kind)

    def problem(self, message: str) -> ScenarioError:
        return ScenarioError([(self.where, self.key, f"{self.kind} {self.name!r} {message}")])

    def check(self) -> None:
        """A :class:`ScenarioError` at the referring place if the target is missing or a directory."""
        if self.path.is_dir():
            raise self.problem(f"is a directory{self._resolved()}, not a file")
        if not self.path.exists():
            referrer = Path(self.where.file).resolve()
            siblings = [p.name for p in self.path.parent.glob(f"*{self.path.suffix or '.yaml'}") if p.resolve() != referrer]
            raise self.problem(f"not found: there is no {self.path}{suggest(self.path.name, siblings)}")

    def _resolved(self) -> str:
        return "" if str(self.path) == self.name else f" ({self.path})"

    def read_mapping(self, what: str) -> tuple[dict, dict, str]:
        """The target read as a YAML mapping: (data, positions, text); every failure reported at the reference."""
        self.check()
        try:
            text = read_file_text(self.path)
            data, positions = read_yaml_text(text, str(self.path))
        except YamlProblem as exc:
            raise self.problem(f"cannot be read: {exc}") from None
        return self.mapping(data, what), positions, text

    def mapping(self, data: Any, what: str) -> dict:
        """``data`` if it is a mapping (an empty file is an empty one); else the problem at the reference."""
        if data is None:
            return {}
        if not isinstance(data, dict):
            raise self.problem(f"is not a YAML mapping of {what} fields (key: value lines); it holds "
                               f"{'text' if isinstance(data, str) else 'a ' + kind_of(data)}")
        return data
