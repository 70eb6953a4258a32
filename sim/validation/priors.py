"""Priors as data (``calibration/priors.yaml``): every uncertain parameter, its prior, its source, its meaning.

A parameter is a scenario field by its dotted path (as in sweeps and ``--set``). Its prior is uniform on
[low, high] or uniform on the whole numbers low..high; its ``source`` names where the range comes from in
``../shared/facts`` or says ``assumption`` (docs/validation.md, calibration).
"""

from __future__ import annotations

import math
from pathlib import Path

from pydantic import Field, field_validator, model_validator

from sim.scenario.errors import read_validated
from sim.scenario.strict import Strict


class Prior(Strict):
    uniform: tuple[float, float] | None = Field(None, description="[low, high]: uniform on the interval")
    integers: tuple[int, int] | None = Field(None, description="[low, high]: uniform on the whole numbers, both included")

    @model_validator(mode="after")
    def _one_kind(self):
        given = [k for k in ("uniform", "integers") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of uniform: [low, high] or integers: [low, high]; found {given or 'none'}")
        low, high = self.bounds
        if not low < high:
            raise ValueError(f"expected low < high; found [{low}, {high}]")
        return self

    @property
    def kind(self) -> str:
        return "uniform" if self.uniform is not None else "integers"

    @property
    def bounds(self) -> tuple[float, float]:
        return self.uniform if self.uniform is not None else self.integers

    def as_value(self, x: float) -> float | int:
        """A sampled value as the scenario takes it (an integer prior's nearest whole number in its range)."""
        if self.kind == "uniform":
            return float(x)
        low, high = self.integers
        return min(high, max(low, math.floor(x + 0.5)))

    def spec(self) -> tuple:
        """The engine's form (sim.validation.abc_smc). A whole-number prior is sampled as a uniform on
        [low - 0.5, high + 0.5] and rounded (``as_value``): the same prior, but one multivariate normal kernel
        then moves every parameter; a discrete jump kernel beside it gave a few particles most of the weight
        (an effective sample size of 4 of 150 after five generations, docs/validation.md)."""
        low, high = self.bounds
        return ("uniform", low, high) if self.kind == "uniform" else ("uniform", low - 0.5, high + 0.5)


class PriorEntry(Strict):
    prior: Prior
    source: str = Field(description="where the range comes from (a facts file and its source), or 'assumption'")
    means: str = Field(description="what the parameter does, in a line")

    @field_validator("source", "means")
    @classmethod
    def _nonblank(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("expected text; found an empty string")
        return text


class Priors(Strict):
    parameters: dict[str, PriorEntry] = Field(min_length=1, description="scenario field (dotted path) -> its prior")

    def specs(self) -> dict[str, tuple]:
        return {name: entry.prior.spec() for name, entry in self.parameters.items()}

    def as_values(self, sample: dict) -> dict:
        return {name: self.parameters[name].prior.as_value(x) for name, x in sample.items()}


def load_priors(path: str | Path, ref=None) -> Priors:
    """``ref`` (a :class:`sim.scenario.references.Reference`): where a calibration file names this one."""
    return read_validated(path, Priors, "priors", ref)[0]
