"""An act: one thing one actor did on one day, as the event log records it (MODEL.md s.4, s.8)."""

from __future__ import annotations

from dataclasses import dataclass, field

CASUALTY_GROUPS = ("pakistan_military", "afghan_military", "afghan_civilian", "pakistan_civilian", "ttp")


@dataclass(eq=False, slots=True)
class Act:
    day: int
    actor: str  # pakistan, taliban, ttp, a mediator's key, or "scenario"
    act: str
    level: int  # ladder rung; 0 for acts that are not rungs (TTP attacks, talks)
    province: str = ""
    target: str = ""
    acknowledged: bool = True
    attributed: bool | None = None  # set when the other side perceives it
    row: int | None = None  # border segment it happened in
    posts_lost: int = 0
    casualties: dict = field(default_factory=dict)
    detail: str = ""

    def killed(self, group: str) -> int:
        return self.casualties.get(group, 0)

    def add(self, group: str, n: int) -> None:
        if n:
            self.casualties[group] = self.casualties.get(group, 0) + int(n)
