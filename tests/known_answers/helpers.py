"""Shared by the validation tests: minimal scenarios, paired runs of oct2025 variants, and the statistics.

Known answers (docs/ODD.md, 7.2-7.10) are run through the whole model on minimal scenarios: no TTP cells, no
mediators, restraint_pressure 0, perfect attribution, no misperception, no economic pressure, no
automatic closures, no mobilisation limit; a single scripted provocation starts the exchange.

Model properties are tested over paired seeds (common random numbers: seed s of one setting is compared
with seed s of the other) with one-sided exact sign tests on the discordant pairs.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from scipy import stats

from sim.acts import CASUALTY_GROUPS
from sim.submodels.ladder import Level
from sim.scenario.loading import load_scenario, scenario_from_data
from sim.model import EscalationModel

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
STATES = ("pakistan", "taliban")
DEFAULT_RUNS = 400  # paired seeds per setting in the default versions of the property tests
SLOW_RUNS = 4000  # and in the versions marked slow (run with --slow)


# --- minimal scenarios for known answers -----------------------------------------------------------

def actor(rule: dict, **extra) -> dict:
    """A state that perceives perfectly and feels no restraint: only its rule decides."""
    return {"rule": rule, "attribution": 1.0, "misperception": 0.0, "economic_sensitivity": 0.0,
            "domestic_cost": 0.0, "close_crossings_at": None, "max_step_up": 7, **extra}


def minimal(pakistan: dict, taliban: dict, *, level: int = 5, by: str = "pakistan", province: str | None = None,
            **top) -> dict:
    """Two actors, one scripted provocation on day 0 (``by`` strikes at ``level``), nothing else."""
    province = province or ("Paktika" if by == "pakistan" else "Kurram")
    return {"name": "known_answer", "restraint_pressure": 0.0, "days": 60,
            "actors": {"pakistan": pakistan, "taliban": taliban}, "ttp": {"cells": []}, "mediators": {},
            "events": [{"day": 0, "type": "strike", "actor": by, "level": level, "province": province}], **top}


def state_acts(model, day: int) -> list[tuple[str, int]]:
    """(actor, level) of the rungs the two states took on ``day`` (notes at level 0 left out)."""
    return [(a.actor, a.level) for a in model.log.of("pakistan", day) + model.log.of("taliban", day) if a.level > 0]


# --- statistics --------------------------------------------------------------------------------------

def sign_test_greater(wins: int, losses: int) -> float:
    """One-sided exact sign test: p-value of ``wins`` or more among ``wins + losses`` discordant pairs when
    each pair is equally likely to go either way (Dixon & Mood 1946). Ties carry no information."""
    n = wins + losses
    return 1.0 if n == 0 else float(stats.binomtest(wins, n, 0.5, alternative="greater").pvalue)


def paired_signs(a, b) -> tuple[int, int]:
    """(pairs where a > b, pairs where a < b)."""
    return sum(x > y for x, y in zip(a, b)), sum(x < y for x, y in zip(a, b))


def exact_interval(k: int, n: int, confidence: float) -> tuple[float, float]:
    """Clopper-Pearson (exact binomial) interval of a proportion."""
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=confidence, method="exact")
    return float(ci.low), float(ci.high)


# --- oct2025 variants, run over seeds ----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Outcome:
    """What the property tests read from one run."""

    open_war: bool
    trade_lost_usd: float
    pk_strikes: int  # Pakistani acts at level >= strike, the scripted ones left out
    spiral: bool  # both states act at level >= strike on some day after day 2, scripted acts left out
    casualties: tuple[int, ...]  # killed a day, all groups
    fighting: tuple[bool, ...]  # whether a state took a rung >= skirmish that day


SPIRAL_AFTER_DAY = 2


def measure(model) -> Outcome:
    scripted = {(e.day, e.actor, e.level, e.province) for e in model.config.events if e.type == "strike"}
    acts = [a for a in model.log.acts if a.actor in STATES and (a.day, a.actor, a.level, a.place) not in scripted]
    strikes = [a for a in acts if a.level >= Level.STRIKE]
    late = {a.actor for a in strikes if a.day > SPIRAL_AFTER_DAY}
    v = model.datacollector.model_vars
    days = len(v["day"])
    fighting = [False] * days
    for a in model.log.acts:
        if a.actor in STATES and a.level >= Level.SKIRMISH:
            fighting[a.day] = True
    return Outcome(
        open_war=bool(max(v["level_max"]) >= Level.OPEN_WAR),
        trade_lost_usd=float(model.world.trade_lost_total),
        pk_strikes=sum(a.actor == "pakistan" for a in strikes),
        spiral=late == set(STATES),
        casualties=tuple(sum(v[g][d] for g in CASUALTY_GROUPS) for d in range(days)),
        fighting=tuple(fighting),
    )


def run_chunk(data: dict, seeds: list[int], days: int | None) -> list[Outcome]:
    scenario = scenario_from_data(data)
    return [measure(EscalationModel(scenario, rng=s, days=days).run()) for s in seeds]


def oct2025_data() -> dict:
    return load_scenario(SCENARIOS / "oct2025.yaml").model_dump(mode="json")


def both_sides(data: dict, **fields) -> dict:
    for side in STATES:
        data["actors"][side].update(fields)
    return data


def without_ttp(data: dict) -> dict:
    data["ttp"]["cells"] = []
    return data


CEASEFIRE_DAY = 2  # the first Taliban raid falls on day 2 in most runs: fighting is under way
WINDOW = 30


def with_ceasefire(data: dict) -> dict:
    data["events"].append({"day": CEASEFIRE_DAY, "type": "ceasefire", "days": WINDOW,
                           "note": "validation: a ceasefire imposed during the fighting"})
    return data


# name -> (scenario data, horizon in days or None for the scenario's 120)
VARIANTS = {
    "base": (oct2025_data, None),
    "restraint_0": (lambda: {**oct2025_data(), "restraint_pressure": 0.0}, None),
    "restraint_3": (lambda: {**oct2025_data(), "restraint_pressure": 3.0}, None),
    "no_ttp": (lambda: without_ttp(oct2025_data()), None),
    "misperception_0.25": (lambda: both_sides(oct2025_data(), misperception=0.25), None),
    "attribution_0.5": (lambda: both_sides(oct2025_data(), attribution=0.5), None),
    "crossings_open": (lambda: load_scenario(SCENARIOS / "oct2025_crossings_open.yaml").model_dump(mode="json"), None),
    "ceasefire": (lambda: with_ceasefire(oct2025_data()), CEASEFIRE_DAY + WINDOW),
}


class Runs:
    """Outcomes of each variant for seeds 0..n-1, computed once a session and extended on demand."""

    def __init__(self, workers: int | None = None):
        self.workers = workers or max(1, min(2, len(os.sched_getaffinity(0))))
        self._pool: ProcessPoolExecutor | None = None
        self._done: dict[str, list[Outcome]] = {}
        # every variant read at once, at the start: all comparisons of a session see the same scenario files
        self._data = {name: make() for name, (make, _) in VARIANTS.items()}

    def __call__(self, name: str, n: int) -> list[Outcome]:
        have = self._done.setdefault(name, [])
        if len(have) < n:
            data, days = self._data[name], VARIANTS[name][1]
            seeds = list(range(len(have), n))
            if self.workers == 1 or len(seeds) < 200:
                have.extend(run_chunk(data, seeds, days))
            else:
                if self._pool is None:
                    self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
                size = -(-len(seeds) // (4 * self.workers))
                chunks = [seeds[i:i + size] for i in range(0, len(seeds), size)]
                for part in self._pool.map(run_chunk, [data] * len(chunks), chunks, [days] * len(chunks)):
                    have.extend(part)
        return have[:n]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
