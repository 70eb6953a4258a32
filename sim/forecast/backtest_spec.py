"""A backtest file (``history/backtests.yaml``): which forecasts to make from the past, and how many particles.

``assimilation`` names the filter (its scenario, record, windows, priors and settings; sim/history); ``forecasts``
lists (start, days) pairs; ``rolling`` adds a forecast every ``every_months`` months from ``first`` (to the last
whose days the record covers, or ``last``). Every forecast must end within the record: what happened is read from
the record's observations. Each distinct start date is one filter replay (sim/forecast/record_as_of.py), the costly
part: ``particles`` sets its size, ``replicates`` the forks of each particle. Problems at their file:line:column.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field

from sim.forecast.forecast_spec import DEFAULT_SEED
from sim.history.assimilation_spec import Assimilation, load_assimilation
from sim.scenario.errors import ScenarioError, locate, read_validated
from sim.scenario.references import Reference
from sim.scenario.strict import Strict
from sim.scenario.yamlsafe import Where


class OneForecast(Strict):
    start: dt.date = Field(description="the forecast's first day: it knows only what was observed before it")
    days: int = Field(ge=1, le=730, description="days forecast (scored at 30, 90 and 180 days, those within)")


class Rolling(Strict):
    first: dt.date = Field(description="the first forecast's start")
    every_months: int = Field(3, ge=1, le=24, description="months between starts (on the same day of the month)")
    days: int = Field(90, ge=1, le=730, description="days each forecasts")
    last: dt.date | None = Field(None, description="the last start (default: the last whose days the record covers)")


class BacktestSpec(Strict):
    assimilation: str = Field(description="the assimilation file (relative to this file): scenario, windows, settings")
    forecasts: list[OneForecast] = Field(default_factory=list, description="forecasts at chosen dates")
    rolling: Rolling | None = Field(None, description="a forecast every few months")
    particles: int = Field(200, ge=2, le=100_000, description="particles of each replay (the filter's own by default)")
    replicates: int = Field(2, ge=1, le=100, description="forks of each particle")
    root_seed: int = Field(DEFAULT_SEED, ge=0, le=2**63 - 1, description="seeds each forecast's resampling and forks")
    major_attacks: Literal["cells", "record"] = Field(
        "cells", description="who makes the future's major attacks: the TTP cells, or the record's last year before "
                             "each start (sim/forecast/major_attacks.py)")


@dataclass(frozen=True)
class Backtests:
    spec: BacktestSpec
    path: Path
    assimilation: Assimilation
    forecasts: tuple[tuple[dt.date, int], ...]  # (start, days), by start; a start asked twice keeps its longest

    @property
    def record_end(self) -> dt.date:
        """The first day past the record: the history scenario's last day + 1."""
        s = self.assimilation.scenario
        return s.start_date + dt.timedelta(days=s.days)


def _months_later(date: dt.date, months: int) -> dt.date:
    month = date.month - 1 + months
    return dt.date(date.year + month // 12, month % 12 + 1, min(date.day, 28))


def _rolling(rolling: Rolling, end: dt.date) -> list[tuple[dt.date, int]]:
    out, start = [], rolling.first
    while start + dt.timedelta(days=rolling.days) <= end and (rolling.last is None or start <= rolling.last):
        out.append((start, rolling.days))
        start = _months_later(start, rolling.every_months)
    return out


def load_backtests(path: str | Path) -> Backtests:
    """Read a backtest file and its assimilation; every problem a ScenarioError at its line."""
    path = Path(path)
    spec, _, positions = read_validated(path, BacktestSpec, "backtest")
    ref = Reference.at(positions, ("assimilation",), path, spec.assimilation, "assimilation file")
    ref.check()
    asm = load_assimilation(ref.path)
    start = asm.scenario.start_date
    end = start + dt.timedelta(days=asm.scenario.days)
    fallback = Where(str(path), 1, 1)
    problems = []
    for i, f in enumerate(spec.forecasts):
        if not start < f.start or f.start + dt.timedelta(days=f.days) > end:
            problems.append((locate(positions, ("forecasts", i), fallback), f"forecasts[{i}]",
                             f"expected a forecast after {start} that ends by {end} (the record's end: what happened "
                             f"is read from it); found {f.start} for {f.days} days"))
    if spec.rolling is not None and not start < spec.rolling.first:
        problems.append((locate(positions, ("rolling", "first"), fallback), "rolling.first",
                         f"expected a date after {start} (the history's start); found {spec.rolling.first}"))
    if problems:
        raise ScenarioError(problems)
    asked = [(f.start, f.days) for f in spec.forecasts] + (_rolling(spec.rolling, end) if spec.rolling else [])
    if not asked:
        raise ScenarioError([(fallback, "forecasts", "expected at least one forecast (forecasts: or rolling:)")])
    longest: dict[dt.date, int] = {}
    for when, days in asked:
        longest[when] = max(days, longest.get(when, 0))
    return Backtests(spec, path, asm, tuple(sorted(longest.items())))
