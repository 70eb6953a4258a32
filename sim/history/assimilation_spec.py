"""An assimilation file (``history/assimilation.yaml``): the history scenario, its windows, and the filter's settings.

Every window is an episode on the same scenario (docs/episodes.md, "Windows"); ``windows`` are weighed in, and
``held_out`` are only forecast and scored. No two windows may overlap, so that the filter takes them in order and
each prequential forecast is made before anything of its window is known. ``priors`` names the calibration's
priors: the parameters the particles carry and jitter, within their bounds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from sim.scenario.errors import locate, read_validated
from sim.scenario.loading import ScenarioError
from sim.scenario.references import Reference
from sim.scenario.schema import Scenario
from sim.scenario.strict import Strict
from sim.scenario.yamlsafe import Where
from sim.validation.episode import LoadedEpisode, load_episode
from sim.validation.priors import Priors, load_priors


class AssimilationSpec(Strict):
    scenario: str = Field(description="the history scenario (relative to this file); every window's scenario")
    windows: list[str] = Field(min_length=1, description="window episode files whose targets weigh the particles")
    held_out: list[str] = Field(default_factory=list, description="window episode files forecast and scored only")
    priors: str = Field(description="priors file: the parameters the particles carry, jittered within their bounds")
    baseline: list[str] = Field(default_factory=list,
                                description="more episode files for the climatology only (default: the windows)")
    particles: int = Field(500, ge=2, le=100_000, description="particles")
    ess_threshold: float = Field(0.5, gt=0.0, le=1.0, description="resample when ESS falls below this share of N")
    temperature: float = Field(1.0, gt=0.0, le=100.0,
                               description="likelihood exp(-sum of score ratios / temperature); higher is gentler")
    jitter: float = Field(0.1, ge=0.0, lt=1.0, description="Liu-West h: parameter jitter after resampling (0: none)")
    root_seed: int = Field(0, ge=0, description="seeds every particle, resampling and jitter")
    checkpoints: list[dt.date] = Field(default_factory=list, max_length=100,
                                       description="dates at which the filtered particles are saved (checkpoints/DATE"
                                                   ".parquet): each has run every day before its date")
    present: dt.date | None = Field(None, description="the date the final particles reach after the last window (the "
                                                      "day a forecast from them starts; default: the last window's end)")


@dataclass(frozen=True)
class Assimilation:
    spec: AssimilationSpec
    path: Path
    scenario_path: Path
    windows: tuple[LoadedEpisode, ...]  # every window, in calendar order
    held_out: frozenset[str]  # names of the held-out windows
    priors: Priors
    baseline: tuple[LoadedEpisode, ...] = ()  # more episodes for the climatology
    base_scenario: Scenario | None = None  # the particles' scenario (default: the windows'); a backtest's record
    tag: str = ""  # what else the inputs' fingerprint must hold (a backtest's date)

    @property
    def scenario(self) -> Scenario:
        """The scenario every particle runs (the windows' scenario, unless a backtest gave its own)."""
        return self.base_scenario if self.base_scenario is not None else self.windows[0].scenario

    def offset(self, date: dt.date) -> int:
        """The run's day of a calendar date."""
        return (date - self.scenario.start_date).days

    @property
    def present_day(self) -> int:
        """The day the final particles are at (the next day to run): ``present``, else the last window's end."""
        if self.spec.present is not None:
            return self.offset(self.spec.present)
        return self.windows[-1].run_days if self.windows else 0

    @property
    def climatology_pool(self) -> list[LoadedEpisode]:
        return list(self.windows) + list(self.baseline)

    def weighs(self, loaded: LoadedEpisode) -> bool:
        return loaded.episode.name not in self.held_out


def load_assimilation(path: str | Path) -> Assimilation:
    """Read an assimilation file, its windows and priors; every problem a ScenarioError at its line."""
    path = Path(path)
    spec, _, positions = read_validated(path, AssimilationSpec, "assimilation")
    scenario = Reference.at(positions, ("scenario",), path, spec.scenario, "scenario file")
    scenario.check()

    def named(key: str) -> list[tuple[Reference, LoadedEpisode]]:
        refs = [Reference.at(positions, (key, i), path, name, "episode file") for i, name in enumerate(getattr(spec, key))]
        return [(ref, load_episode(ref.path, ref)) for ref in refs]

    observed, held, extra = named("windows"), named("held_out"), named("baseline")
    problems = []
    for ref, loaded in observed + held:
        if loaded.episode.window is None:
            problems.append((ref.where, ref.key, f"{loaded.path.name} is not a window (it has no window: block)"))
        elif loaded.scenario_path.resolve() != scenario.path.resolve():
            problems.append((ref.where, ref.key, f"{loaded.path.name} is a window of {loaded.scenario_path.name}, "
                                                 f"not of {scenario.path.name}"))
    if problems:
        raise ScenarioError(problems)
    windows = sorted([loaded for _, loaded in observed + held], key=lambda w: w.offset)
    for before, after in zip(windows, windows[1:]):
        if after.offset < before.run_days:
            raise ScenarioError([(Where(str(path), 1, 1), "windows", f"windows {before.episode.name} and {after.episode.name} "
                                                            "overlap: the filter takes windows one after another")])
    priors_ref = Reference.at(positions, ("priors",), path, spec.priors, "priors file")
    asm = Assimilation(spec, path, scenario.path, tuple(windows), frozenset(l.episode.name for _, l in held),
                       load_priors(priors_ref.path, priors_ref), tuple(loaded for _, loaded in extra))
    _check_dates(asm, positions)
    return asm


def _check_dates(asm: Assimilation, positions: dict) -> None:
    """``present`` and every checkpoint within the history's days (present at or after the last window's end)."""
    start, days = asm.scenario.start_date, asm.scenario.days
    last = start + dt.timedelta(days=days)  # the day after the history's last: the latest a particle can reach
    end = asm.windows[-1].start_date + dt.timedelta(days=asm.windows[-1].horizon)
    present = asm.spec.present or end
    fallback = Where(str(asm.path), 1, 1)
    problems = []
    if not end <= present <= last:
        problems.append((locate(positions, ("present",), fallback), "present",
                         f"expected a date from {end} (the last window's end) to {last} (the history's end); found {present}"))
    for i, date in enumerate(asm.spec.checkpoints):
        if not start < date <= present:
            problems.append((locate(positions, ("checkpoints", i), fallback), f"checkpoints[{i}]",
                             f"expected a date after {start} and at most the present ({present}); found {date}"))
    if problems:
        raise ScenarioError(problems)
