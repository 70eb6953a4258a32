"""An act: one thing one actor did on one day, as the event log records it (docs/ODD.md, sections 2.2, 4.11)."""

from __future__ import annotations

from dataclasses import dataclass, field

CASUALTY_GROUPS = ("pakistan_military", "afghan_military", "afghan_civilian", "pakistan_civilian", "ttp")


@dataclass(eq=False, slots=True)
class Act:
    day: int
    actor: str  # pakistan, taliban, ttp, a mediator's key, or "scenario"
    kind: str  # what was done: a rung's act name (sim.submodels.ladder.ACTS) or a note such as "talks"
    level: int  # ladder rung; 0 for acts that are not rungs (TTP attacks, talks)
    provinces: tuple[str, ...] = ()  # where it landed, first the one it was aimed at
    target: str = ""
    acknowledged: bool = True
    attributed: bool | None = None  # set when the other side perceives it
    row: int | None = None  # border segment it happened in
    origin: str | None = None  # the own province fire across the Line came from (its sector: docs/ODD.md, 7.9a)
    posts_destroyed: int = 0  # the target side's border posts this act destroyed
    casualties: dict = field(default_factory=dict)
    detail: str = ""

    @property
    def place(self) -> str:
        """Where it landed, for people and for the event table's ``province`` column."""
        return ", ".join(self.provinces)

    def killed(self, group: str) -> int:
        return self.casualties.get(group, 0)

    def add(self, group: str, n: int) -> None:
        if n:
            self.casualties[group] = self.casualties.get(group, 0) + int(n)
