"""The command line: ``escalation run | validate | schema | batch | summarize | compare | sensitivity | ...`` (also ``python -m sim``).

Exit status: 0 done, 2 bad input (scenario or arguments), 1 anything else.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import socket
import sys
import time
from pathlib import Path

from sim import __version__

EXIT_OK, EXIT_ERROR, EXIT_BAD_INPUT = 0, 1, 2


def _nonneg_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number; found {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a number >= 0; found {value}")
    return value


def _pos_int(text: str) -> int:
    value = _nonneg_int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number >= 1; found {value}")
    return value


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number; found {text!r}") from None
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"expected a share in [0, 1); found {value}")
    return value


def _add_workers(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workers", type=_pos_int, help="worker processes (default: all cores)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="escalation",
        description="Agent-based escalation simulator of the Pakistan-Afghan Taliban border crisis.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="run one seeded run and write its outputs")
    run.add_argument("scenario", help="scenario YAML file")
    run.add_argument("--seed", type=_nonneg_int, help="seed (default: the scenario's seed)")
    run.add_argument("--days", type=_pos_int, help="horizon in days (default: the scenario's days)")
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
    hind.add_argument("--replicates", type=_pos_int, help="runs in the ensemble (default: the episode's replicates)")
    hind.add_argument("--out", help="keep the runs in this folder (reused if it holds the same hindcast; default: a temp dir)")
    _add_workers(hind)
    hind.add_argument("--json", action="store_true", help="print the comparison as JSON on standard output")

    comp = sub.add_parser("compare", help="run scenarios on common random numbers; paired differences against the base")
    comp.add_argument("base", help="base scenario YAML")
    comp.add_argument("variants", nargs="+", metavar="variant", help="variant scenario YAML files")
    comp.add_argument("--replicates", type=_pos_int, default=200, help="paired runs per scenario (default: 200)")
    comp.add_argument("--out", help="results folder (default: out/compare_<base>; a rerun reuses its runs)")
    _add_workers(comp)
    comp.add_argument("--seed", type=_nonneg_int, default=20251009, help="root seed of every scenario (default: 20251009)")
    comp.add_argument("--days", type=_pos_int, help="horizon in days (default: each scenario's days)")
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

    cal = sub.add_parser("calibrate", help="fit uncertain parameters to an episode (ABC rejection on a Latin hypercube)")
    cal.add_argument("episode", help="episode YAML (see episodes/)")
    cal.add_argument("--params", required=True, help="calibration YAML: prior ranges, samples, replicates, accept share")
    cal.add_argument("--out", help="results folder (default: out/calibrate_<episode>; reused by a rerun)")
    _add_workers(cal)
    cal.add_argument("--json", action="store_true", help="print the report as JSON")

    app = sub.add_parser("app", help="the classroom page in a browser (Solara; local only by default)")
    app.add_argument("scenario", nargs="?", default="scenarios/oct2025.yaml", help="scenario YAML (default: oct2025)")
    app.add_argument("--port", type=_pos_int, default=8765, help="port (default: 8765)")
    app.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    return parser


def _print_problems(err) -> None:
    for line in err.lines():
        print(f"error: {line}", file=sys.stderr)


def _cmd_run(args) -> int:
    from sim.scenario.loading import load_scenario
    from sim.model import EscalationModel
    from sim.outputs.run_files import write_run
    from sim.outputs.narration import key_events, text_summary

    scenario = load_scenario(args.scenario, args.overrides)
    seed = scenario.seed if args.seed is None else args.seed
    started = time.perf_counter()
    model = EscalationModel(scenario, rng=seed, days=args.days).run()
    elapsed = time.perf_counter() - started
    out = Path(args.out) if args.out else Path("out") / f"{scenario.name}-seed{seed}"
    paths = write_run(model, out, plot=not args.no_plot)
    summary = model.summary()
    if args.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        print(text_summary(summary, model.config))
        print("\nkey events:")
        for line in key_events(model.log.acts, model.config.start_date):
            print("  " + line)
        print(f"\nran {summary['days']} days in {elapsed:.2f} s; wrote {', '.join(str(p) for p in paths.values())}")
    return EXIT_OK


def _cmd_validate(args) -> int:
    from sim.scenario.loading import ScenarioError, load_scenario

    bad = 0
    for file in args.files:
        try:
            scenario = load_scenario(file, args.overrides)
        except ScenarioError as err:
            _print_problems(err)
            bad += 1
        else:
            print(f"ok: {file} ({scenario.name}: {scenario.days} days, {len(scenario.events)} events, "
                  f"{len(scenario.ttp.cells)} TTP cells, {len(scenario.mediators)} mediators)")
    return EXIT_BAD_INPUT if bad else EXIT_OK


def _cmd_schema(args) -> int:
    from sim.scenario.schema import Scenario

    print(json.dumps(Scenario.model_json_schema(), indent=2))
    return EXIT_OK


EXIT_RUNS_FAILED = 3


def _cmd_batch(args) -> int:
    from sim.batch.runner import run_batch
    from sim.batch.storage import BatchDirError
    from sim.batch.sweep import load_sweep

    plan = load_sweep(args.sweep)
    if args.scheduler and args.backend != "dask":
        raise BadInput("--scheduler goes with --backend dask")
    try:
        outcome = run_batch(plan, args.out, workers=args.workers, backend=args.backend, scheduler=args.scheduler,
                            resume=args.resume, write_events=not args.no_events, progress=not args.quiet)
    except BatchDirError as exc:
        raise BadInput(str(exc)) from None
    fresh = outcome.done + outcome.failed - outcome.already
    print(f"batch {plan.spec.name}: {outcome.done} of {outcome.total} runs done, {outcome.failed} failed"
          f" ({outcome.already} were already done); {fresh} runs in {outcome.seconds:.1f} s"
          f" ({outcome.runs_per_second:.1f} runs/s); summary: {outcome.summary}")
    if outcome.failed:
        print(f"error: {outcome.failed} run(s) failed; their errors are in {Path(args.out) / 'manifest.jsonl'} "
              "and summary.parquet (column error)", file=sys.stderr)
        return EXIT_RUNS_FAILED
    return EXIT_OK


class BadInput(Exception):
    """Wrong input that is not a scenario problem (a folder, a flag): exit 2 with the message."""


def _cmd_summarize(args) -> int:
    from sim.analysis.summarize import summarize_command

    return summarize_command(args)


def _cmd_discover(args) -> int:
    from sim.analysis.discover import discover_command

    return discover_command(args)


def _cmd_hindcast(args) -> int:
    """Exit 0 when every target is inside the simulated 90% interval, 3 when one is not."""
    from sim.batch.storage import BatchDirError
    from sim.validation.hindcast import hindcast_command

    try:
        return hindcast_command(args)
    except BatchDirError as exc:
        raise BadInput(f"{exc} (--out is reused only by the same episode, scenario and --replicates)") from None


def _cmd_compare(args) -> int:
    from sim.analysis.compare import compare_command
    from sim.batch.storage import BatchDirError

    try:
        return compare_command(args)
    except BatchDirError as exc:
        raise BadInput(f"{exc} (the scenario changed since these runs: choose another --out)") from None


def _cmd_sensitivity(args) -> int:
    from sim.analysis.sensitivity import SensitivityError, sensitivity_command
    from sim.batch.storage import BatchDirError

    try:
        return sensitivity_command(args)
    except (BatchDirError, SensitivityError) as exc:
        raise BadInput(str(exc)) from None


def _cmd_report(args) -> int:
    from sim.analysis.report import NotAReport, report_command

    try:
        return report_command(args)
    except NotAReport as exc:
        raise BadInput(str(exc)) from None


def _cmd_calibrate(args) -> int:
    from sim.validation.calibrate import calibrate_command

    return calibrate_command(args)


def _cmd_app(args) -> int:
    from sim.app.assets import ensure_installed
    from sim.scenario.loading import load_scenario

    load_scenario(args.scenario)  # a bad scenario fails here, with file:line:column
    try:
        with socket.socket() as probe:
            probe.bind((args.host, args.port))
    except OSError as exc:
        hint = " (another page running? choose another with --port N)" if exc.errno == errno.EADDRINUSE else ""
        print(f"error: cannot serve the page on {args.host}:{args.port}: {exc.strerror or exc}{hint}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not ensure_installed():
        print("warning: the page's JavaScript and CSS are not installed; the page needs the internet until "
              "`python -m sim.app.assets` succeeds (see docs/classroom.md)", file=sys.stderr)
    page = Path(__file__).parent / "app" / "page.py"
    env = {**os.environ, "ESCALATION_SCENARIO": str(Path(args.scenario).resolve()),
           # a classroom page phones no one: no usage statistics, no online check
           "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
           # Solara warns about cookies on every page load over plain http, which loopback always is
           "PYTHONWARNINGS": "ignore:Cookies with samesite:UserWarning"}
    cmd = [sys.executable, "-m", "solara", "run", str(page), "--host", args.host, "--port", str(args.port),
           "--production", "--no-open"]
    print(f"classroom page: http://{args.host}:{args.port}/  (Ctrl-C stops it)", flush=True)
    os.execve(sys.executable, cmd, env)  # the server replaces this process: stopping it leaves nothing behind
    return EXIT_ERROR  # not reached


COMMANDS = {"app": _cmd_app, "run": _cmd_run, "validate": _cmd_validate, "schema": _cmd_schema, "batch": _cmd_batch,
            "summarize": _cmd_summarize, "calibrate": _cmd_calibrate, "hindcast": _cmd_hindcast,
            "compare": _cmd_compare, "sensitivity": _cmd_sensitivity, "discover": _cmd_discover,
            "report": _cmd_report}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from sim.scenario.loading import ScenarioError

    try:
        return COMMANDS[args.command](args)
    except ScenarioError as err:
        _print_problems(err)
        return EXIT_BAD_INPUT
    except BadInput as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # anything else: one line, or the traceback with ESCALATION_DEBUG=1
        if os.environ.get("ESCALATION_DEBUG"):
            raise
        print(f"error: {type(exc).__name__}: {exc} (set ESCALATION_DEBUG=1 for the traceback)", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
