"""Shared pieces of the scenario schema: a strict base model and the side names."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Side = Literal["pakistan", "taliban"]


class Strict(BaseModel):
    """Every scenario block forbids unknown keys, so a misspelt key is an error, never silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)
