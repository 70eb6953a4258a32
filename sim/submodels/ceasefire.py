"""Ceasefires and their breaches (docs/ODD.md, section 7.5): while one holds both sides are capped at rhetoric."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Ceasefire:
    active: bool = False
    end_day: int = -1
    monitoring: float = 0.0
    broker: str = ""
    made: int = 0
    breaches: int = 0
    began: int = -1  # the day the last one began (a crisis ends that day: docs/ODD.md 4.5)

    def begin(self, day: int, days: int, monitoring: float, broker: str) -> None:
        self.active = True
        self.end_day = day + days
        self.monitoring, self.broker = monitoring, broker
        self.made += 1
        self.began = day

    def breach(self) -> None:
        self.active = False
        self.breaches += 1

    def expire_if_due(self, day: int) -> bool:
        if self.active and day >= self.end_day:
            self.active = False
            return True
        return False
