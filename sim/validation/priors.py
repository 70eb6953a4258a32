"""Priors as data (``calibration/priors.yaml``): every uncertain parameter, its prior, its source, its meaning.

A parameter is a scenario field by its dotted path (as in sweeps and ``--set``). Its prior is uniform on
[low, high] or uniform on the whole numbers low..high - or, for a parameter sized by a fit of the record
(calibration/record_fits.yaml), the fit's normal (truncated at 4 sd) or beta posterior; its ``source`` names where the
range comes from in ``../shared/facts`` or says ``assumption`` (docs/validation.md, calibration).
"""

from __future__ import annotations

import math
from pathlib import Path

from pydantic import Field, field_validator, model_validator

from sim.scenario.errors import read_validated
from sim.scenario.strict import Strict


KINDS = ("uniform", "integers", "normal", "beta")


class Prior(Strict):
    uniform: tuple[float, float] | None = Field(None, description="[low, high]: uniform on the interval")
    integers: tuple[int, int] | None = Field(None, description="[low, high]: uniform on the whole numbers, both included")
    normal: tuple[float, float] | None = Field(None, description="[mean, sd]: a record fit's normal posterior")
    beta: tuple[float, float] | None = Field(None, description="[a, b]: a share's beta posterior")

    @model_validator(mode="after")
    def _one_kind(self):
        given = [k for k in KINDS if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of uniform: [low, high], integers: [low, high], normal: [mean, sd], "
                             f"or beta: [a, b]; found {given or 'none'}")
        if self.kind in ("uniform", "integers"):
            low, high = self.bounds
            if not low < high:
                raise ValueError(f"expected low < high; found [{low}, {high}]")
        elif getattr(self, self.kind)[1] <= 0 or (self.kind == "beta" and self.beta[0] <= 0):
            raise ValueError(f"{self.kind}: expected positive scale parameters; found {list(getattr(self, self.kind))}")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in KINDS if getattr(self, k) is not None)

    @property
    def bounds(self) -> tuple[float, float]:
        """The range draws are kept in: a uniform's own; 4 standard deviations either side of a normal's mean;
        (0, 1) for a beta."""
        kind, (a, b) = self.kind, getattr(self, self.kind)
        if kind == "normal":
            return a - 4 * b, a + 4 * b
        if kind == "beta":
            return 0.0, 1.0
        return a, b

    def as_value(self, x: float) -> float | int:
        """A sampled value as the scenario takes it (an integer prior's nearest whole number in its range)."""
        if self.kind != "integers":
            return float(x)
        low, high = self.integers
        return min(high, max(low, math.floor(x + 0.5)))

    def spec(self) -> tuple:
        """The engine's form (sim.validation.abc_smc). A whole-number prior is sampled as a uniform on
        [low - 0.5, high + 0.5] and rounded (``as_value``): the same prior, but one multivariate normal kernel
        then moves every parameter; a discrete jump kernel beside it gave a few particles most of the weight
        (an effective sample size of 4 of 150 after five generations, docs/validation.md)."""
        if self.kind not in ("uniform", "integers"):
            return (self.kind, *getattr(self, self.kind))
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
