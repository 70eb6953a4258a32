"""The argument parser of the command line (:mod:`sim.cli`): every subcommand, its arguments and their help.

:func:`build_parser` builds it. A numeric option that a file's schema also sets (``--days`` and ``days:``,
``--replicates`` and ``replicates:``, ...) is checked against that field's own bounds, read from the pydantic
model at parse time (:func:`_field_bounded`), so the two can never disagree; the few options no file sets
(``--workers``, ``--port``) have their bounds here. A bad value is one line on standard error and exit
status 2, before anything runs or is written.
"""

from __future__ import annotations

import argparse
import importlib

from annotated_types import Ge, Gt, Le, Lt

from sim import __version__
from sim.app.seats import DEFAULT_LIMIT

MAX_WORKERS = 1024  # local worker processes: more than any one machine has cores; a cluster takes --backend dask
SESSIONS = (1, 1000)  # browsers with the page open at once: one laptop serves a class, not a school
PORTS = (1, 65535)  # TCP's port numbers (0 would let the system choose one that no one was told)

# option -> (the pydantic model that bounds it, as "module:Class"; its field)
SCENARIO = "sim.scenario.schema:Scenario"
SWEEP = "sim.batch.sweep:SweepSpec"
EPISODE = "sim.validation.episode:Episode"
CALIBRATION = "sim.validation.calibrate:CalibrationSpec"
ASSIMILATION = "sim.history.assimilation_spec:AssimilationSpec"
FORECAST = "sim.forecast.forecast_spec:ForecastSpec"


class _Parser(argparse.ArgumentParser):
    """argparse with the tool's own one-line errors (``error: ...``) instead of a usage block."""

    def error(self, message: str):
        self.exit(2, f"error: {message} (see: {self.prog} --help)\n")


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number; found {text!r}") from None


def _check_range(value: int, low: int | None, high: int | None, origin: str = "") -> int:
    if (low is None or value >= low) and (high is None or value <= high):
        return value
    span = f"from {low} to {high}" if low is not None and high is not None else \
        (f">= {low}" if low is not None else f"<= {high}")
    raise argparse.ArgumentTypeError(f"expected a whole number {span}{origin}; found {value}")


def field_bounds(model: str, field: str) -> tuple[int | None, int | None]:
    """The inclusive whole-number bounds (low, high) the pydantic ``model`` sets on ``field`` (low None: unbounded)."""
    from sim.scenario.limits import MAX_MAGNITUDE

    module, name = model.split(":")
    info = getattr(importlib.import_module(module), name).model_fields[field]
    low, high = None, int(MAX_MAGNITUDE)  # what every file's number is held to
    for rule in info.metadata:
        if isinstance(rule, Ge):
            low = rule.ge
        elif isinstance(rule, Gt):
            low = rule.gt + 1
        elif isinstance(rule, Le):
            high = rule.le
        elif isinstance(rule, Lt):
            high = rule.lt - 1
    return low, high


def _field_bounded(model: str, field: str, origin: str | None = None):
    """An argparse type: a whole number inside the bounds of ``field`` in ``model`` (imported only when used);
    ``origin`` says where the bounds come from when no file sets the field (default: ``field:`` in that kind of file)."""
    kind = model.split(":")[1].removesuffix("Spec").lower()
    kind = f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"

    def parse(text: str) -> int:
        return _check_range(_whole(text), *field_bounds(model, field), origin or f" (as {field}: in {kind} file)")

    return parse


def _within(low: int, high: int):
    def parse(text: str) -> int:
        return _check_range(_whole(text), low, high)

    return parse


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number; found {text!r}") from None
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"expected a share in [0, 1); found {value}")
    return value


def _add_workers(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workers", type=_within(1, MAX_WORKERS), help="worker processes (default: all cores)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="escalation",
        description="Agent-based escalation simulator of the Pakistan-Afghan Taliban border crisis.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="run one seeded run and write its outputs")
    run.add_argument("scenario", help="scenario YAML file")
    run.add_argument("--seed", type=_field_bounded(SCENARIO, "seed"), help="seed (default: the scenario's seed)")
    run.add_argument("--days", type=_field_bounded(SCENARIO, "days"),
                     help="horizon in days (default: the scenario's days)")
    run.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                     help="override a scenario field, e.g. actors.taliban.rule.step=2 (repeatable)")
    run.add_argument("--out", help="output folder (default: out/<scenario>-seed<seed>)")
    run.add_argument("--json", action="store_true", help="print the summary as JSON on standard output")
    run.add_argument("--no-plot", action="store_true", help="skip the PNG")

    val = sub.add_parser("validate", help="check scenario files; report every problem with file:line:column")
    val.add_argument("files", nargs="+", help="scenario YAML files")
    val.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE")

    sub.add_parser("schema", help="print the scenario JSON Schema")

    batch = sub.add_parser("batch", help="run a sweep: many seeded runs in parallel, results streamed to disk")
    batch.add_argument("sweep", help="sweep YAML file (see scenarios/sweeps/)")
    batch.add_argument("--out", required=True, help="results folder (created; refused if it holds another sweep)")
    _add_workers(batch)
    batch.add_argument("--backend", choices=("local", "dask"), default="local", help="where runs execute")
    batch.add_argument("--scheduler", metavar="ADDR", help="dask scheduler, e.g. tcp://10.0.0.5:8786 (default: a local cluster)")
    batch.add_argument("--resume", action="store_true", help="finish only the runs missing from --out")
    batch.add_argument("--no-events", action="store_true", help="do not write each run's event log")
    batch.add_argument("--quiet", action="store_true", help="no progress bar or lines")

    summ = sub.add_parser("summarize", help="means, 95%% intervals and probabilities of a finished batch; CSV and plots")
    summ.add_argument("dir", help="a batch's results folder (holds summary.parquet)")
    summ.add_argument("--by", help="group by this axis only (default: by design point and by each axis)")
    summ.add_argument("--out", help="where to write CSV and PNG files (default: DIR/analysis)")

    disc = sub.add_parser("discover", help="scenario discovery: the axis values under which an outcome is likely (PRIM, tree)")
    disc.add_argument("dir", help="a batch's results folder (holds summary.parquet)")
    disc.add_argument("--outcome", required=True,
                      help="a true/false summary column (open_war) or METRIC>VALUE, e.g. days_at_or_above_strike>10")
    disc.add_argument("--threshold", type=_share, default=0.8,
                      help="density the PRIM box must exceed: share of its runs with the outcome (default: 0.8)")
    disc.add_argument("--out", help="where to write JSON and PNG files (default: DIR/analysis)")

    hind = sub.add_parser("hindcast", help="run an episode's ensemble; is what really happened inside its 90%% interval?")
    hind.add_argument("episode", help="episode YAML file (see episodes/ and docs/episodes.md)")
    hind.add_argument("--replicates", type=_field_bounded(EPISODE, "replicates"),
                      help="runs in the ensemble (default: the episode's replicates)")
    hind.add_argument("--out", help="keep the runs in this folder (reused if it holds the same hindcast; default: a temp dir)")
    _add_workers(hind)
    hind.add_argument("--json", action="store_true", help="print the comparison as JSON on standard output")

    score = sub.add_parser("score", help="proper scores of episodes' ensembles against climatology: skill, coverage")
    score.add_argument("episodes", nargs="+", metavar="episode", help="episode YAML files to score (docs/episodes.md)")
    score.add_argument("--baseline", nargs="+", metavar="episode", default=[],
                       help="more episode files for the climatology only (not scored; default: the files scored)")
    score.add_argument("--replicates", type=_field_bounded(EPISODE, "replicates"),
                       help="runs in each ensemble (default: each episode's replicates)")
    _add_workers(score)
    score.add_argument("--json", action="store_true", help="print the scores as JSON on standard output")

    comp = sub.add_parser("compare", help="run scenarios on common random numbers; paired differences against the base")
    comp.add_argument("base", help="base scenario YAML")
    comp.add_argument("variants", nargs="+", metavar="variant", help="variant scenario YAML files")
    comp.add_argument("--replicates", type=_field_bounded(SWEEP, "replicates"), default=200,
                      help="paired runs per scenario (default: 200)")
    comp.add_argument("--out", help="results folder (default: out/compare_<base>; a rerun reuses its runs)")
    _add_workers(comp)
    comp.add_argument("--seed", type=_field_bounded(SWEEP, "root_seed"), default=20251009,
                      help="root seed of every scenario (default: 20251009)")
    comp.add_argument("--days", type=_field_bounded(SWEEP, "days"), help="horizon in days (default: each scenario's days)")
    comp.add_argument("--quiet", action="store_true", help="no progress bar or lines")

    sens = sub.add_parser("sensitivity", help="global sensitivity of an outcome to a sweep's axes (Morris or Sobol, SALib)")
    sens.add_argument("sweep", help="sweep YAML whose design is the method (see scenarios/sweeps/sensitivity_*.yaml)")
    sens.add_argument("--method", required=True, choices=("morris", "sobol"),
                      help="morris: elementary effects (screening); sobol: first and total order indices")
    sens.add_argument("--outcome", default="open_war",
                      help="run-summary column averaged over each point's replicates (default: open_war, i.e. P(open war))")
    sens.add_argument("--out", help="results folder (default: out/sensitivity_<sweep name>; a rerun reuses its runs)")
    _add_workers(sens)
    sens.add_argument("--quiet", action="store_true", help="no progress bar or lines")

    rep = sub.add_parser("report", help="one self-contained HTML page (plots inside) of a batch, comparison, "
                         "sensitivity or discovery folder")
    rep.add_argument("dir", help="a results folder (batch, comparison, sensitivity or discovery)")
    rep.add_argument("--out", help="the HTML file to write (default: DIR/report.html)")

    cal = sub.add_parser("calibrate", help="fit the uncertain parameters to several episodes at once (ABC-SMC, pyabc)")
    cal.add_argument("calibration", nargs="?", default="calibration/calibration.yaml",
                     help="calibration YAML: priors, episodes, held-out episodes, replicates, population, seed "
                          "(default: calibration/calibration.yaml)")
    cal.add_argument("--out", help="folder of the History database and report (default: out/calibration; a rerun resumes)")
    cal.add_argument("--posterior", help="posterior file to write (default: posterior.parquet beside the calibration file)")
    cal.add_argument("--population-size", type=_field_bounded(CALIBRATION, "population_size"),
                     help="particles per generation (overrides the file)")
    cal.add_argument("--generations", type=_field_bounded(CALIBRATION, "generations"),
                     help="generations (overrides the file)")
    cal.add_argument("--max-runs", type=_field_bounded(CALIBRATION, "max_runs"),
                     help="budget of model runs in all (overrides the file)")
    _add_workers(cal)
    cal.add_argument("--json", action="store_true", help="print the report as JSON")

    asm = sub.add_parser("assimilate", help="filter the history through its windows (particle filter; docs/history.md)")
    asm.add_argument("file", nargs="?", default="history/assimilation.yaml",
                     help="assimilation YAML: the history scenario, its windows, the filter's settings "
                          "(default: history/assimilation.yaml)")
    asm.add_argument("--particles", type=_field_bounded(ASSIMILATION, "particles"), help="particles (overrides the file)")
    asm.add_argument("--root-seed", type=_field_bounded(ASSIMILATION, "root_seed"),
                     help="root seed of every draw (overrides the file): rerun with others to see the filter's spread")
    asm.add_argument("--out", help="output folder (default: out/assimilation; a rerun resumes)")
    _add_workers(asm)
    asm.add_argument("--json", action="store_true", help="print the report as JSON")

    fc = sub.add_parser("forecast", help="forecasts from the present: an assimilation's particles continued, with "
                        "what-ifs (docs/forecast.md)")
    fc.add_argument("state", nargs="+", help="an assimilation's output folder (its final particles) or FOLDER/DATE of "
                                             "a checkpoint it saved; several (say one per --root-seed) are pooled, "
                                             "each weighing alike")
    fc.add_argument("--days", required=True, type=_field_bounded(FORECAST, "days", " (a forecast's days)"),
                    help="days to forecast (1 to 730)")
    fc.add_argument("--replicates", type=_field_bounded(FORECAST, "replicates", " (forks of each particle)"),
                    help="forks of each particle (default: 4)")
    fc.add_argument("--what-if", dest="what_if", nargs="+", action="extend", default=[], metavar="FILE",
                    help="what-if files (scenario fields and events from day 0; see scenarios/present/)")
    fc.add_argument("--seed", type=_field_bounded(FORECAST, "root_seed", " (a forecast's root seed)"),
                    help="root seed of the resampling and every fork (default: 20260408)")
    fc.add_argument("--major-attacks", dest="major_attacks", choices=("cells", "record"), default="cells",
                    help="who makes the future's major militant attacks: the TTP cells (default) or copies of the "
                         "record's last year's, at its rate")
    fc.add_argument("--out", help="output folder (default: out/forecast)")
    _add_workers(fc)
    fc.add_argument("--json", action="store_true", help="print the forecast as JSON")

    bt = sub.add_parser("backtest", help="forecasts from the filtered past, scored against what happened and against "
                        "climatology (docs/forecast.md)")
    bt.add_argument("file", nargs="?", default="history/backtests.yaml",
                    help="backtest YAML: the assimilation, the forecasts' dates and days, particles "
                         "(default: history/backtests.yaml)")
    bt.add_argument("--out", help="output folder (default: out/backtests; a rerun resumes its filters)")
    _add_workers(bt)
    bt.add_argument("--json", action="store_true", help="print the report as JSON")

    app = sub.add_parser("app", help="the classroom page in a browser (Solara; local only by default)")
    app.add_argument("scenario", nargs="?", help="scenario YAML (default: oct2025; with --from, "
                                                 "scenarios/history_2021_2026.yaml)")
    app.add_argument("--port", type=_within(*PORTS), default=8765, help="port (default: 8765)")
    app.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only; "
                     "0.0.0.0: every device on the network, and the join link for students is printed)")
    app.add_argument("--class", dest="class_mode", action="store_true",
                     help="run a class: students join with a code, the teacher's link shows every game and the class debrief")
    app.add_argument("--class-dir", metavar="DIR",
                     help="the class's folder (implies --class): every join, choice and debrief is written there as it "
                          "happens, and a folder that holds a class brings it back (default: a new out/classes/CODE)")
    app.add_argument("--from", dest="from_state", metavar="STATE",
                     help="open on a particle of the present: an assimilation's output folder or FOLDER/DATE "
                          "(the seed dial chooses the particle; scenario default: the history's)")
    app.add_argument("--max-sessions", type=_within(*SESSIONS), default=DEFAULT_LIMIT,
                     help=f"most browsers with the page open at once; one more gets a message (default: {DEFAULT_LIMIT})")
    return parser
