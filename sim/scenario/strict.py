"""The strict base of every scenario block: unknown keys are errors, never silently ignored."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Every scenario block forbids unknown keys, so a misspelt key is an error, never silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)
