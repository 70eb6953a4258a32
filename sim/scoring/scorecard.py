"""Every target of every episode scored, with its baseline and skill; per episode and overall (docs/validation.md).

Skill = 1 - score(model) / score(baseline): 1 is perfect, 0 no better than climatology, negative worse.
An episode's skill, and the overall skill, is 1 minus the **geometric mean** of the targets' ratios (as the
forecast hubs summarise relative scores: one target 10 times worse and one 10 times better cancel), over
the targets not decided by the script. With whole-number outcomes an ensemble can be exactly right (a CRPS of
0), so before the mean each ratio is held within [1/``RATIO_BOUND``, ``RATIO_BOUND``]: one exact hit, or one
exact miss of a baseline that happened to be exactly right, counts as a hundredfold and does not decide the mean
alone. A target's own skill (in the tables) is the unbounded 1 - ratio. Coverage at 50/80/90% (how often the observation falls in the ensemble's central interval; a
calibrated ensemble covers about as often as the level says) and sharpness (the 90% interval's width) are
over the numeric targets not scripted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from sim.scoring import ensemble_scores as es
from sim.scoring.climatology import Climatology, records_of
from sim.scoring.outcome_space import days_windows
from sim.scoring.scripted import is_scripted
from sim.scoring.target_score import TargetScore, score_target
from sim.validation.episode import LoadedEpisode

FLOOR = 1e-9  # a score below this is 0
RATIO_BOUND = 100.0


def ratio(row: TargetScore) -> float:
    """score(model) / score(baseline); 1 when both are 0."""
    if row.baseline <= FLOOR:
        return 1.0 if row.score <= FLOOR else math.inf
    return row.score / row.baseline


def bounded_ratio(row: TargetScore) -> float:
    return min(max(ratio(row), 1.0 / RATIO_BOUND), RATIO_BOUND)


def skill_of(rows: list[TargetScore]) -> float | None:
    """1 - the geometric mean of the unscripted targets' bounded score ratios (None when there is none)."""
    ratios = [bounded_ratio(r) for r in rows if not r.scripted and r.baseline is not None]
    return 1.0 - math.exp(float(np.mean(np.log(ratios)))) if ratios else None


@dataclass
class EpisodeScore:
    episode: str
    file: str
    runs: int
    targets: list[TargetScore]
    role: str = ""  # "fitted", "held out" or "" (a calibration's roles, for the scorecard)
    p_open_war: float | None = None
    extra: dict = field(default_factory=dict)

    @property
    def skill(self) -> float | None:
        return skill_of(self.targets)

    def as_dict(self) -> dict:
        targets = [{"target": t.target, "kind": t.kind, "model": t.score, "baseline": t.baseline, "skill": t.skill,
                    "inside90": t.inside90, "scripted": t.scripted, **{k: v for k, v in t.as_dict().items()
                                                                        if k not in ("target", "kind", "score",
                                                                                     "baseline", "skill", "inside90",
                                                                                     "scripted")}}
                   for t in self.targets]
        return {"episode": self.episode, "file": self.file, "role": self.role, "runs": self.runs, "skill": self.skill,
                "p_open_war": self.p_open_war, "targets": targets, **self.extra}


def score_episode(loaded: LoadedEpisode, measures: list[dict], climatology: Climatology, *,
                  script: dict | None = None, weights=None, role: str = "", fair: bool = False,
                  p_open_war: float | None = None) -> EpisodeScore:
    """Score every target of ``loaded`` over the runs' ``measures`` (target -> value, a dict per run).

    ``script``: the targets measured on the script alone (:mod:`sim.scoring.scripted`), to flag scripted ones.
    """
    windows = days_windows(loaded)
    rows = []
    for record in records_of(loaded):
        name, none_at = record.target, windows.get(record.target)
        values = [m[name] for m in measures]
        row = score_target(name, record.observed, values, none_at=none_at, weights=weights, fair=fair)
        base_values, base_weights = climatology.ensemble(record, none_at)
        row.baseline = score_target(name, record.observed, base_values, none_at=none_at, weights=base_weights).score
        row.skill = 1.0 - ratio(row) if math.isfinite(ratio(row)) else None
        if script is not None:
            row.scripted = is_scripted(name, record.observed, script[name], values, loaded.scenario)
        rows.append(row)
    return EpisodeScore(loaded.episode.name, str(loaded.path), len(measures), rows, role, p_open_war)


def overall(episodes: list[EpisodeScore]) -> dict:
    """The figures over all episodes: skill, coverage by level, sharpness, Brier of open war and its baseline."""
    rows = [t for e in episodes for t in e.targets if not t.scripted]
    numeric = [t for t in rows if t.coverage]
    wars = [t for t in rows if t.kind == "open_war"]
    return {
        "skill": skill_of(rows),
        "targets": len(rows), "scripted": sum(t.scripted for e in episodes for t in e.targets),
        "coverage": {str(lv): (float(np.mean([t.coverage[lv] for t in numeric])) if numeric else None)
                     for lv in es.LEVELS},
        "numeric_targets": len(numeric),
        "sharpness": {kind: float(np.median([t.width90 for t in numeric if t.kind == kind]))
                      for kind in sorted({t.kind for t in numeric})},
        "brier_open_war": float(np.mean([t.score for t in wars])) if wars else None,
        "brier_open_war_baseline": float(np.mean([t.baseline for t in wars])) if wars else None,
        "inside90": sum(t.inside90 for t in rows),
    }

