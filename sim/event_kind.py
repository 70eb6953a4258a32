"""What every scripted event kind is (docs/ODD.md, 7.12): the base schema, and the registry its kinds join by tag.

Apart from sim/events.py so that a module of event kinds (sim/record_events.py) can register without importing
sim/events.py, whose union of every kind is built when it is imported: before this split, importing
sim.record_events first (as sim.forecast.major_attacks does) built that union without the record's kinds, and a
scenario forced by the record no longer loaded.
"""

from __future__ import annotations

from pydantic import Field

from sim.scenario.strict import Strict

EVENTS: dict[str, type[ScriptedEvent]] = {}


def register(cls: type[ScriptedEvent]) -> type[ScriptedEvent]:
    """Class decorator: make an event kind available to scenarios under its ``type`` tag."""
    (tag,) = cls.model_fields["type"].annotation.__args__
    if tag in EVENTS:
        raise ValueError(f"event type {tag!r} registered twice")
    EVENTS[tag] = cls
    return cls


class ScriptedEvent(Strict):
    day: int = Field(ge=0, description="day of the run on which the event happens (0 = first day)")
    note: str = Field("", description="free text: what this event stands for, and its source")

    def apply(self, model) -> None:
        """Carry the event out on ``model`` (step 1 of its day)."""
        raise NotImplementedError
