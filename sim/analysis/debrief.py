"""The debrief after a student played one side: their path against the model's own runs from the same start.

``debrief(played)`` re-runs the played run's scenario for as many days as were played: once on the very
same seed with the model playing both sides (same luck: every other agent draws the same numbers), and on
``n_runs`` replicate seeds for the fan. It compares peak level, deaths and trade lost, and places the
student's values within the model's distribution.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.outputs.mpl_backend import use_agg_unless_chosen

use_agg_unless_chosen()
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from sim.analysis.plots import BAND, _level_axis  # noqa: E402
from sim.batch.sweep import run_seed  # noqa: E402
from sim.model import EscalationModel  # noqa: E402
from sim.sides import SIDES  # noqa: E402
from sim.outputs.run_plot import SIDE_COLOURS, _shade_ceasefires  # noqa: E402

METRICS = (  # (key, label, display format)
    ("peak_level", "peak level (0-7)", "{:.0f}"),
    ("killed", "people killed", "{:.0f}"),
    ("trade_lost_usd_m", "trade lost (US$ m)", "{:.1f}"),
)
SIDE_NAMES = {s.key: s.display_name.removeprefix("the ").capitalize() for s in SIDES}  # titles (sim/sides.py)


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def replicate_seeds(seed: int, n_runs: int) -> list[int]:
    """The fan's seeds: the batch runner's replicate seeds for root ``seed`` (point 0)."""
    return [run_seed(seed, 0, r, True) for r in range(n_runs)]


def outcomes(model) -> dict:
    """The debrief's numbers for one run so far."""
    levels = model.datacollector.model_vars["level_max"]
    return {
        "peak_level": int(max(levels, default=0)),
        "killed": int(sum(model.log.casualties_total.values())),
        "trade_lost_usd_m": round(model.world.trade_lost_total / 1e6, 2),
    }


def levels(model) -> dict[str, np.ndarray]:
    v = model.datacollector.model_vars
    return {side: np.asarray(v[f"level_{side}"], dtype=float) for side in SIDE_NAMES}


@dataclass
class Debrief:
    side: str
    days: int  # days compared, the scenario's opening day(s) included
    days_played: int  # days the student chose
    seed: int
    student: dict
    same_seed: dict
    runs: pd.DataFrame  # one row per replicate: the METRICS
    student_levels: dict[str, np.ndarray]
    same_seed_levels: dict[str, np.ndarray]
    fan_levels: dict[str, np.ndarray]  # side -> (runs, days)
    ceasefire: list

    def table(self) -> pd.DataFrame:
        """One row per metric: you, the model on your seed, the model's median and 90% range, and the share
        of the model's runs that came out lower than yours."""
        rows = []
        for key, label, _ in METRICS:
            values = self.runs[key].to_numpy(dtype=float)
            you = self.student[key]
            rows.append({
                "metric": label, "you": you, "model_same_seed": self.same_seed[key],
                "model_median": float(np.median(values)), "model_q05": float(np.quantile(values, 0.05)),
                "model_q95": float(np.quantile(values, 0.95)),
                "model_runs_lower_pct": round(100.0 * float(np.mean(values < you)), 1),
            })
        return pd.DataFrame(rows)

    def summary_markdown(self) -> str:
        """The table as Markdown, with one sentence a student can read first."""
        t = self.table()
        opening = self.days - self.days_played
        lines = [f"You played **{SIDE_NAMES[self.side]}** for {_days(self.days_played)} (seed {self.seed}"
                 + (f", after {_days(opening).replace('day', 'opening day')} run by the scenario" if opening else "")
                 + f"); the model played the same start {len(self.runs)} times.", "",
                 "| | you | model, your seed | model median [90% range] | model runs below you |",
                 "|---|---:|---:|---:|---:|"]
        for r, (_, _, fmt) in zip(t.itertuples(), METRICS):
            f = fmt.format
            lines.append(f"| {r.metric} | {f(r.you)} | {f(r.model_same_seed)} | {f(r.model_median)} "
                         f"[{f(r.model_q05)}, {f(r.model_q95)}] | {r.model_runs_lower_pct:g}% |")
        return "\n".join(lines)

    def figure(self) -> Figure:
        """Both sides' levels: the model's fan (50% and 90% of runs, median), the model on the student's seed,
        and the student's game."""
        fig = Figure(figsize=(10, 6.2), layout="constrained")
        axes = fig.subplots(2, 1, sharex=True)
        days = np.arange(self.days)
        for ax, side in zip(axes, SIDE_NAMES):
            fan = self.fan_levels[side]
            q = np.quantile(fan, [0.05, 0.25, 0.5, 0.75, 0.95], axis=0)
            _shade_ceasefires(ax, days, self.ceasefire)
            ax.fill_between(days, q[0], q[4], step="mid", color=BAND, alpha=0.15, lw=0, label="model: 90% of runs")
            ax.fill_between(days, q[1], q[3], step="mid", color=BAND, alpha=0.3, lw=0, label="model: 50% of runs")
            ax.step(days, q[2], where="mid", color=BAND, lw=1.5, label="model: median")
            ax.step(days, self.same_seed_levels[side], where="mid", color="0.35", lw=1.5, ls="--",
                    label="model on your seed")
            played = side == self.side
            ax.step(days, self.student_levels[side], where="mid", color=SIDE_COLOURS[side], lw=2.6,
                    label="you" if played else "in your game")
            ax.set_title(f"{SIDE_NAMES[side]}" + (" (played by you)" if played else " (played by the model)"),
                         fontsize=10)
            _level_axis(ax)
            ax.grid(alpha=0.3)
            ax.legend(loc="upper right", fontsize=7, ncol=2)
        axes[-1].set_xlabel("day")
        axes[-1].xaxis.set_major_locator(MaxNLocator(integer=True))
        fig.suptitle(f"Debrief: your {_days(self.days_played)} against {len(self.runs)} model runs from the same start",
                     fontsize=11)
        return fig


def debrief(played: EscalationModel, n_runs: int = 100, start=None) -> Debrief:
    """Compare a played run (``played.player`` set, at least one day played) with the model's own runs.

    ``start``: seed -> the model at the game's start, for a game that did not begin as a new run of its scenario (the
    classroom page from the present: a particle's forks, sim/app/present.py); by default a new run of the scenario."""
    if played.player is None:
        raise ValueError("this run has no played side (use model.set_player)")
    days = played.day + 1
    if not played.player.choices:
        raise ValueError("play at least one day before the debrief")
    if n_runs < 1:
        raise ValueError(f"n_runs must be at least 1; found {n_runs}")
    seed = played.seed if played.seed is not None else played.config.seed

    def run(s: int) -> EscalationModel:
        if start is None:
            return EscalationModel(played.config, rng=s, days=days).run()
        model = start(s)
        model.horizon, model.running = days, True
        return model.run()

    same = run(seed)
    rows, fan = [], {side: [] for side in SIDE_NAMES}
    for s in replicate_seeds(seed, n_runs):
        m = run(s)
        rows.append(outcomes(m))
        for side, series in levels(m).items():
            fan[side].append(series)
    days -= getattr(played, "present_day", 0)  # the days compared
    return Debrief(
        side=played.player.side.key, days=days, days_played=len(played.player.choices), seed=seed,
        student=outcomes(played), same_seed=outcomes(same),
        runs=pd.DataFrame(rows), student_levels=levels(played), same_seed_levels=levels(same),
        fan_levels={side: np.vstack(v) for side, v in fan.items()},
        ceasefire=list(played.datacollector.model_vars["ceasefire"]),
    )
