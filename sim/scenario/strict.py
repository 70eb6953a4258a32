"""The strict base of every scenario block: unknown keys are errors, never silently ignored; every number finite.

A number no field bounds (a grievance, a day, a seed) is still held to ``MAX_MAGNITUDE`` (sim.scenario.limits),
so that it is refused at its line, not failing a run midway.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from sim.scenario.limits import MAX_MAGNITUDE


def _too_large(value: Any) -> Any:
    """The first number in ``value`` (nested lists, tuples, mappings included) beyond ``MAX_MAGNITUDE``."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value if abs(value) > MAX_MAGNITUDE else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, (list, tuple)) else ()
    for key, item in items:
        found = _too_large(key) if isinstance(value, dict) else None
        found = found if found is not None else _too_large(item)
        if found is not None:
            return found
    return None


class Strict(BaseModel):
    """Every scenario block forbids unknown keys, so a misspelt key is an error, never silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    @field_validator("*", mode="after")
    @classmethod
    def _finite_magnitude(cls, value: Any) -> Any:
        found = _too_large(value)
        if found is not None:
            raise ValueError(f"expected a number from {-MAX_MAGNITUDE:g} to {MAX_MAGNITUDE:g}; found {found!r}")
        return value
