"""Sweep files: a base scenario, axes over any scenario field, a design, replicates and a root seed.

A sweep expands into design points (one resolved scenario each) and runs (point x replicate). Each run's
seed comes from the root seed by ``numpy.random.SeedSequence`` keyed on its position, and its id from a
hash of its resolved scenario and seed, so results never depend on worker count, backend or order.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import Field, model_validator

from sim.scenario.loading import ScenarioError, override_posterior, read_with_extends, scenario_from_data, set_path
from sim.scenario.posterior_block import keep_fields
from sim.scenario.references import Reference
from sim.scenario.schema import Scenario
from sim.scenario.errors import locate, read_validated
from sim.scenario.strict import Strict
from sim.scenario.values import dotted_path
from sim.scenario.yamlsafe import Where

SAMPLED = ("latin_hypercube", "sobol", "morris")


class Axis(Strict):
    """One axis: give exactly one of ``values``, ``range`` or a distribution (``uniform``, ``integers``)."""

    values: list[Any] | None = Field(None, description="explicit values (any YAML: numbers, names, blocks)")
    range: tuple[float, float, int] | None = Field(None, description="[start, stop, count]: evenly spaced, both ends included")
    uniform: tuple[float, float] | None = Field(None, description="[low, high]: continuous, for sampled designs")
    integers: tuple[int, int] | None = Field(None, description="[low, high]: whole numbers, both ends included")

    @model_validator(mode="after")
    def _exactly_one(self):
        given = [k for k in ("values", "range", "uniform", "integers") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of values, range, uniform, integers; found {given or 'none'}")
        if self.values is not None and not self.values:
            raise ValueError("values must not be empty")
        if self.range is not None and self.range[2] < 1:
            raise ValueError("range count must be at least 1")
        return self

    @property
    def is_distribution(self) -> bool:
        return self.uniform is not None or self.integers is not None

    def points(self) -> list[Any]:
        """The axis's discrete values (a full-factorial design needs them)."""
        if self.values is not None:
            return list(self.values)
        if self.range is not None:
            start, stop, n = self.range
            return [float(x) for x in np.linspace(start, stop, int(n))]
        lo, hi = self.integers
        return list(range(lo, hi + 1))

    def from_unit(self, u: float) -> Any:
        """Map u in [0, 1] onto the axis (sampled designs)."""
        if self.uniform is not None:
            lo, hi = self.uniform
            return float(lo + u * (hi - lo))
        choices = self.points()
        return choices[min(len(choices) - 1, int(u * len(choices)))]


class SweepSpec(Strict):
    name: str = Field(description="identifier of the sweep, used in outputs")
    description: str = ""
    base: str = Field(description="scenario file the sweep starts from (relative to the sweep file)")
    days: int | None = Field(None, ge=1, le=3650, description="horizon override for every run (days)")
    design: Literal["full_factorial", "latin_hypercube", "sobol", "morris"] = "full_factorial"
    samples: int = Field(16, ge=1, le=1_000_000, description="N for sampled designs (Sobol: base samples; Morris: trajectories)")
    replicates: int = Field(1, ge=1, le=1_000_000, description="seeded runs per design point")
    root_seed: int = Field(0, ge=0, description="root of every run's seed")
    common_random_numbers: bool = Field(
        True, description="replicate r of every design point gets the same seed (paired comparisons)"
    )
    axes: dict[str, Axis] = Field(default_factory=dict, description="scenario field (dotted path) -> axis")
    posterior: str | None = Field(
        None, description="a posterior file for every run (relative to this file) in place of the scenario's; "
                          "null given: the scenario's point values")


@dataclass(frozen=True)
class Run:
    run_id: str
    point: int
    replicate: int
    seed: int


@dataclass
class Plan:
    """A sweep made concrete: its points' scenarios, and every run with its seed and id."""

    spec: SweepSpec
    path: Path
    base_path: Path
    points: list[dict[str, Any]]  # axis values of each design point
    scenarios: list[Scenario]
    source_texts: dict[str, str]  # file name -> text, of the sweep and every scenario it reads

    @cached_property
    def digests(self) -> tuple[str, ...]:
        """Each design point's scenario digest (with the horizon): the part of a run id that is not the seed."""
        return tuple(scenario_digest(s, self.spec.days) for s in self.scenarios)

    @cached_property
    def fingerprint(self) -> str:
        """What the results depend on: the sweep (its description aside) and every point's scenario."""
        text = json.dumps({"spec": self.spec.model_dump(mode="json", exclude={"description"}),
                           "scenarios": list(self.digests)}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()

    def runs(self):
        """Every run, point by point, replicate by replicate (a generator: nothing is held)."""
        digests = self.digests
        for point in range(len(self.points)):
            for replicate in range(self.spec.replicates):
                seed = run_seed(self.spec.root_seed, point, replicate, self.spec.common_random_numbers)
                yield Run(run_id(digests[point], seed), point, replicate, seed)

    @property
    def n_runs(self) -> int:
        return len(self.points) * self.spec.replicates


def run_seed(root_seed: int, point: int, replicate: int, common: bool) -> int:
    """The seed of run (point, replicate): a SeedSequence child keyed on its position."""
    key = (replicate,) if common else (point, replicate)
    return int(np.random.SeedSequence(root_seed, spawn_key=key).generate_state(1, dtype=np.uint32)[0])


def scenario_digest(scenario: Scenario, days: int | None) -> str:
    text = json.dumps({"scenario": scenario.model_dump(mode="json"), "days": days}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def run_id(digest: str, seed: int) -> str:
    return hashlib.sha256(f"{digest}:{seed}".encode()).hexdigest()[:16]


def design_points(spec: SweepSpec) -> list[dict[str, Any]]:
    names = list(spec.axes)
    if not names:
        return [{}]
    if spec.design == "full_factorial":
        grids = np.array(np.meshgrid(*[np.arange(len(spec.axes[n].points())) for n in names], indexing="ij"))
        combos = grids.reshape(len(names), -1).T
        return [{n: spec.axes[n].points()[int(i)] for n, i in zip(names, row)} for row in combos]
    unit = unit_samples(spec)
    return [{n: spec.axes[n].from_unit(float(u)) for n, u in zip(names, row)} for row in unit]


def unit_samples(spec: SweepSpec) -> np.ndarray:
    """The sampled design on the unit cube, one row per point (SALib, seeded by the root seed)."""
    from SALib.sample import latin, morris, sobol

    problem = salib_problem(spec)
    if spec.design == "latin_hypercube":
        return latin.sample(problem, spec.samples, seed=spec.root_seed)
    if spec.design == "sobol":
        return sobol.sample(problem, spec.samples, calc_second_order=False, seed=spec.root_seed)
    # Morris levels are 0, 1/3, 2/3, 1; the top level would map past the last choice without the clip above
    return morris.sample(problem, spec.samples, num_levels=4, seed=spec.root_seed)


def salib_problem(spec: SweepSpec) -> dict:
    names = list(spec.axes)
    return {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}


def _axis_problems(sweep_path: Path, positions: dict, values: dict, exc: ScenarioError) -> ScenarioError:
    """A design point made an invalid scenario: point at the axis responsible, in the sweep file."""
    fallback = Where(str(sweep_path), 1, 1)
    problems = []
    for where, key_path, message in exc.problems:
        axis = next((a for a in values if key_path == a or key_path.startswith((a + ".", a + "["))), None)
        if axis is None:  # not an axis's doing: the problem is in the base scenario itself
            problems.append((where, key_path, message))
            continue
        at = locate(positions, ("axes", axis), fallback, key=True)
        problems.append((at, f"axes.{axis}", f"with {axis} = {values[axis]!r}: {message}"))
    return ScenarioError(problems)


def _check_design(spec: SweepSpec, positions: dict, path: Path) -> None:
    fallback = Where(str(path), 1, 1)
    if spec.design == "full_factorial":
        bad = [(locate(positions, ("axes", k), fallback, key=True), f"axes.{k}",
                "a continuous axis (uniform) needs a sampled design (design: latin_hypercube, sobol or morris), "
                "or give it values/range for a full factorial") for k, a in spec.axes.items() if a.uniform is not None]
        if bad:
            raise ScenarioError(bad)
    elif not spec.axes:
        raise ScenarioError([(locate(positions, ("design",), fallback), "design",
                              f"a {spec.design} design needs at least one axis")])


def load_sweep(path: str | Path) -> Plan:
    """Read and check a sweep file; every design point's scenario is validated before anything runs."""
    path = Path(path)
    spec, data, positions = read_validated(path, SweepSpec, "sweep")
    _check_design(spec, positions, path)
    base = Reference.at(positions, ("base",), path, spec.base)
    base_path = base.path
    base_data, base_positions, sources = read_with_extends(base_path, ref=base)
    if "posterior" in spec.model_fields_set:
        override_posterior(base_data, spec.posterior, path, positions)
    points = design_points(spec)
    scenarios = []
    cache: dict[str, Scenario] = {}
    for values in points:
        data_i = copy.deepcopy(base_data)
        for axis, value in values.items():
            set_path(data_i, dotted_path(axis), copy.deepcopy(value))
        keep_fields(data_i, values)  # an axis's own values hold against a posterior draw
        key = json.dumps(values, sort_keys=True, default=str)
        if key not in cache:
            try:
                cache[key] = scenario_from_data(data_i, dict(base_positions), str(base_path))
            except ScenarioError as exc:
                raise _axis_problems(path, positions, values, exc) from None
        scenarios.append(cache[key])
    texts = {path.name: path.read_text(encoding="utf-8"), **sources}
    return Plan(spec, path, base_path, points, scenarios, texts)
