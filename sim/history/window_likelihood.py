"""How well one particle's run matches a window: the filter's likelihood, built on the proper scores (docs/history.md).

A particle is one run, so its score on a target is the CRPS of a one-member ensemble, the absolute error
|x - y| (the mean over an observed interval's values, or the censored error past a one-sided bound; Brier for
open war: (1 - 1[x = y])). Each is divided by the target's climatology score b_t (the same baseline as ``escalation
score``, built from every window of the assimilation file, leave one crisis out), so that no target's units
decide, and

    log L = - sum over the window's targets of  score_t / (temperature x b_t).

This is a Gibbs (generalised Bayesian) likelihood: the loss is a proper scoring rule, and exp(-loss) updates
beliefs as a likelihood would (Bissiri, Holmes & Walker 2016). ``temperature`` 1 weighs a target missed by its
climatology's typical error as e^-1; the filter's file sets it (an assumption: no source gives one).
"""

from __future__ import annotations

from sim.scoring.climatology import Climatology, records_of
from sim.scoring.outcome_space import days_windows
from sim.scoring.target_score import score_only, score_target
from sim.validation.episode import LoadedEpisode


def baselines(windows: list[LoadedEpisode], pool: list[LoadedEpisode]) -> dict[str, dict[str, float]]:
    """Each window's targets' climatology scores (from the episodes of ``pool``): {window name: {target: b_t}}."""
    climatology = Climatology(list(pool))
    out = {}
    for loaded in windows:
        w = days_windows(loaded)
        records = records_of(loaded)
        climatology.check(records)
        out[loaded.episode.name] = {}
        for r in records:
            values, weights = climatology.ensemble(r, w.get(r.target))
            score = score_target(r.target, r.observed, values, none_at=w.get(r.target), weights=weights).score
            out[loaded.episode.name][r.target] = max(score, 1e-9)
    return out


def log_likelihood(loaded: LoadedEpisode, measures: dict, base: dict[str, float], temperature: float) -> float:
    """log L of one particle's measures of ``loaded``'s targets."""
    w = days_windows(loaded)
    loss = 0.0
    for r in records_of(loaded):
        score = score_only(r.target, r.observed, [measures[r.target]], none_at=w.get(r.target))
        loss += score / base[r.target]
    return -loss / temperature
