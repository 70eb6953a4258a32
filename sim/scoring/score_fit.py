"""The calibration's distance on proper scores: each target's score over its climatology's, summed.

A parameter set's ``replicates`` runs of every calibration episode are one small ensemble per episode; each
target's score is the CRPS of that ensemble (the **fair** estimator, unbiased for the distribution the few runs
are drawn from, Ferro 2014; Brier for open war) divided by the score of the target's climatology
(:mod:`sim.scoring.climatology`, built from every episode the calibration file names, held-out ones
included: observations only, no runs). Two ways to join the ratios: ``log_ratio_total`` (the shipped
calibration's: the sum of their logarithms, the overall skill's own measure) and ``ratio_total`` (their plain
sum, each at most ``RATIO_BOUND``; measured worse: docs/validation.md). Unlike a count of targets inside their
intervals, both prefer an ensemble narrowed around what happened to one that merely covers it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from sim.scoring.climatology import Climatology, records_of
from sim.scoring.outcome_space import days_windows
from sim.scoring.scorecard import RATIO_BOUND
from sim.scoring.target_score import score_only, score_target
from sim.validation.joint_fit import SEED_LIMIT, JointFit
from sim.validation.measures import observed_targets


@dataclass(frozen=True)
class ScoreFit(JointFit):
    """A :class:`JointFit` whose summary statistics are score ratios (target -> score / baseline score)."""

    baselines: dict = field(default_factory=dict)  # "<episode>.<target>" -> the climatology's score

    def __call__(self, sample: dict) -> dict:
        values = self.convert(sample)
        seeds = np.random.randint(0, SEED_LIMIT, size=(len(self.episodes), self.replicates))
        parts = {}
        for loaded, ep_seeds in zip(self.episodes, seeds):
            measures = self.runs(loaded, values, ep_seeds)
            windows = days_windows(loaded)
            for name, observed in observed_targets(loaded).items():
                key = f"{loaded.episode.name}.{name}"
                score = score_only(name, observed, [m[name] for m in measures], none_at=windows.get(name), fair=True)
                parts[key] = score / self.baselines[key]
        return parts


def score_fit(episodes, held_out, replicates: int, convert) -> ScoreFit:
    """The fit of ``episodes``, its baselines from the climatology of ``episodes`` and ``held_out``."""
    climatology = Climatology(list(episodes) + list(held_out))
    baselines = {}
    for loaded in episodes:
        windows = days_windows(loaded)
        records = records_of(loaded)
        climatology.check(records)
        for record in records:
            base_values, base_weights = climatology.ensemble(record, windows.get(record.target))
            baselines[f"{loaded.episode.name}.{record.target}"] = max(
                score_target(record.target, record.observed, base_values, none_at=windows.get(record.target),
                             weights=base_weights).score, 1e-9)
    return ScoreFit(tuple(episodes), replicates, convert, baselines)


def ratio_total(x: dict, x0: dict | None = None) -> float:
    """The ``score_ratio`` distance: the sum of the targets' score ratios, each at most RATIO_BOUND."""
    return float(sum(min(v, RATIO_BOUND) for v in x.values()))


def log_ratio_total(x: dict, x0: dict | None = None) -> float:
    """The ``log_score_ratio`` distance: the sum of the targets' log score ratios, each held within
    [1/RATIO_BOUND, RATIO_BOUND] and shifted by log RATIO_BOUND so that the sum is never negative. Minimising it
    maximises the overall skill the scorecard reports (1 - the geometric mean of the ratios): no one target's
    large ratio can buy the loss of many small ones, as a plain sum lets it (docs/validation.md, calibration v3)."""
    bound = math.log(RATIO_BOUND)
    return float(sum(math.log(min(max(v, 1.0 / RATIO_BOUND), RATIO_BOUND)) + bound for v in x.values()))
