"""The model that a calibration fits: a parameter set -> its distance to several episodes at once.

Each episode's scenario gets the parameter set (dotted paths); ``replicates`` seeded runs of each are
measured in memory as a hindcast measures them (sim.validation.measures), and each target's distance is
``target_distance``: how far the runs' median falls outside the observed value or interval, in units of
that interval (booleans: twice the share of runs that disagree). These distances are the summary
statistics, each observed as 0, and ``bounded_total`` joins them into one distance. Run seeds come from numpy's global generator, which the seeded
sampler sets for each evaluation (sim.validation.seeded_sampler): a calibration is reproducible.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from sim.model import EscalationModel
from sim.record import events_table
from sim.scenario.values import with_values
from sim.validation.episode import LoadedEpisode
from sim.validation.measures import EVENT_COLUMNS, measure_run, observed_targets
from sim.validation.target_distance import target_distance

SEED_LIMIT = 2**31 - 1


def measure_model(loaded: LoadedEpisode, model: EscalationModel) -> dict:
    """Every target of ``loaded`` measured on a finished run held in memory (no files)."""
    events = events_table(model.log.acts).select(EVENT_COLUMNS).to_pylist()
    series = model.datacollector.to_table().to_pydict() if loaded.episode.phases or loaded.episode.window else None
    return measure_run(loaded, model.summary(), events, series)


@dataclass(frozen=True)
class JointFit:
    """The calibration episodes, each with its observed targets; called on a parameter set."""

    episodes: tuple[LoadedEpisode, ...]
    replicates: int
    convert: Callable[[dict], dict] = dict  # the engine's sample -> the scenario's values (Priors.as_values)

    def runs(self, loaded: LoadedEpisode, values: dict, seeds) -> list[dict]:
        scenario = with_values(loaded.scenario, values, posterior=None)  # the particle, not a posterior draw
        return [measure_model(loaded, EscalationModel(scenario, rng=int(s), days=loaded.run_days).run())
                for s in seeds]

    def names(self) -> list[str]:
        """Every target of every episode, as ``<episode>.<target>``: the summary statistics."""
        return [f"{loaded.episode.name}.{name}" for loaded in self.episodes for name in observed_targets(loaded)]

    def observed(self) -> dict:
        """What the statistics are compared with: a distance of 0 from every target."""
        return dict.fromkeys(self.names(), 0.0)

    def __call__(self, sample: dict) -> dict:
        values = self.convert(sample)
        seeds = np.random.randint(0, SEED_LIMIT, size=(len(self.episodes), self.replicates))
        parts = {}
        for loaded, ep_seeds in zip(self.episodes, seeds):
            measures = self.runs(loaded, values, ep_seeds)
            for name, observed in observed_targets(loaded).items():
                parts[f"{loaded.episode.name}.{name}"] = target_distance(observed, [m[name] for m in measures],
                                                                         loaded.horizon)
        return parts


def bounded_total(x: dict, x0: dict | None = None) -> float:
    """The calibration's distance: each target's distance d counts d / (1 + d), so a target met counts 0,
    one missed by an interval's width 0.5, and none more than 1, whatever its units: the total reads as
    the number of targets missed, weighted by how badly (docs/validation.md, calibration)."""
    return float(sum(d / (1.0 + d) for d in x.values()))
