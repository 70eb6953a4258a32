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

**Blocks.** The terms are a composite likelihood (a product of component likelihoods whether or not they are
independent, which then behaves as a misspecified likelihood: Varin, Reid & Firth 2011, Statistica Sinica 21:
5-42), and counting correlated components as independent evidence makes it overconfident. A window's crossings
are one decision (a side closes them together, and the record's counts are alike: three crossings closed all 87
days of November 2025), and its casualty groups one fight; so the targets of one block - a window's or a
phase's crossings, its casualties - weigh as one observation, the mean of their terms (weights 1/n: an
assumption, perfect correlation within the block), and the other targets each as one:

    log L = - sum over blocks B of  mean over t in B of  score_t / b_t,   divided by the temperature.

Before 2026-12-08 each target weighed one, and the filter kept 2-6 ancestors through November 2025
(docs/FINDINGS.md 10).
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


BLOCKS = ("crossing_closed_days", "casualties")  # targets named under these weigh together (module docstring)


def target_block(name: str) -> str:
    """The block a target weighs in: ``nov2025.crossing_closed_days.Chaman`` -> ``nov2025.crossing_closed_days``;
    a target outside every block is its own (``strike.days_to_first_retaliation``)."""
    parts = name.split(".")
    for i, part in enumerate(parts):
        if part in BLOCKS:
            return ".".join(parts[:i + 1])
    return name


def log_likelihood(loaded: LoadedEpisode, measures: dict, base: dict[str, float], temperature: float) -> float:
    """log L of one particle's measures of ``loaded``'s targets."""
    w = days_windows(loaded)
    blocks: dict[str, list[float]] = {}
    for r in records_of(loaded):
        score = score_only(r.target, r.observed, [measures[r.target]], none_at=w.get(r.target))
        blocks.setdefault(target_block(r.target), []).append(score / base[r.target])
    return -sum(sum(terms) / len(terms) for terms in blocks.values()) / temperature
