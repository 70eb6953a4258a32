"""The command line: ``escalation run | validate | schema | batch | summarize | compare | sensitivity | ...`` (also ``python -m sim``).

Exit status: 0 done, 2 bad input (scenario or arguments), 1 anything else (a disk that cannot be written
included: ``OutputWriteError``, one line saying where, what is kept and the command that goes on).
"""

from __future__ import annotations

import errno
import json
import os
import shlex
import socket
import sys
import time
from pathlib import Path

from sim.cli_args import build_parser
from sim.outputs.write_errors import OutputWriteError

EXIT_OK, EXIT_ERROR, EXIT_BAD_INPUT = 0, 1, 2


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


def _run_or_bad_input(command, args, errors, hint: str = "") -> int:
    """``command(args)``, with an error of ``errors`` (the user's input: a folder, a state, a baseline) made a
    ``BadInput`` with ``hint`` after its message."""
    try:
        return command(args)
    except errors as exc:
        raise BadInput(f"{exc}{hint}") from None


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

    return _run_or_bad_input(hindcast_command, args, BatchDirError,
                             hint=" (--out is reused only by the same episode, scenario and --replicates)")


def _cmd_score(args) -> int:
    from sim.scoring.climatology import NoBaseline
    from sim.scoring.score_command import score_command

    return _run_or_bad_input(score_command, args, NoBaseline)


def _cmd_assimilate(args) -> int:
    from sim.history.assimilate_command import assimilate_command
    from sim.history.assimilation import AssimilationStateError
    from sim.scoring.climatology import NoBaseline

    return _run_or_bad_input(assimilate_command, args, (AssimilationStateError, NoBaseline))


def _cmd_forecast(args) -> int:
    from sim.forecast.forecast_command import forecast_command
    from sim.forecast.particle_state import ForecastInputError

    return _run_or_bad_input(forecast_command, args, ForecastInputError)


def _cmd_backtest(args) -> int:
    from sim.forecast.backtest_command import backtest_command
    from sim.history.assimilation import AssimilationStateError
    from sim.scoring.climatology import NoBaseline

    return _run_or_bad_input(backtest_command, args, (AssimilationStateError, NoBaseline))


def _cmd_compare(args) -> int:
    from sim.analysis.compare import compare_command
    from sim.batch.storage import BatchDirError

    return _run_or_bad_input(compare_command, args, BatchDirError,
                             hint=" (the scenario changed since these runs: choose another --out)")


def _cmd_sensitivity(args) -> int:
    from sim.analysis.sensitivity import SensitivityError, sensitivity_command
    from sim.batch.storage import BatchDirError

    return _run_or_bad_input(sensitivity_command, args, (BatchDirError, SensitivityError))


def _cmd_report(args) -> int:
    from sim.analysis.report import NotAReport, report_command

    return _run_or_bad_input(report_command, args, NotAReport)


def _cmd_calibrate(args) -> int:
    from sim.validation.calibrate import CalibrationInputError, calibrate_command

    return _run_or_bad_input(calibrate_command, args, CalibrationInputError)


def _cmd_app(args) -> int:
    from sim.app.assets import ensure_installed
    from sim.scenario.loading import load_scenario

    if args.from_state and (args.class_mode or args.class_dir):
        raise BadInput("--from goes without --class or --class-dir: a class plays one start, and the present is "
                       "many particles")
    if args.scenario is None:
        args.scenario = "scenarios/history_2021_2026.yaml" if args.from_state else "scenarios/oct2025.yaml"
    load_scenario(args.scenario)  # a bad scenario fails here, with file:line:column
    if args.from_state:
        from sim.app.present import check
        from sim.forecast.particle_state import ForecastInputError

        try:
            check(args.from_state)
        except ForecastInputError as exc:
            raise BadInput(str(exc)) from None
    try:
        with socket.socket() as probe:
            # as the server binds: a port left in TIME_WAIT by a server that just died (a restart after a
            # crash) is free, one another server listens on is not
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((args.host, args.port))
    except OSError as exc:
        hint = " (another page running? choose another with --port N)" if exc.errno == errno.EADDRINUSE else ""
        print(f"error: cannot serve the page on {args.host}:{args.port}: {exc.strerror or exc}{hint}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not ensure_installed():
        print("warning: the page's JavaScript and CSS are not installed; the page needs the internet until "
              "`python -m sim.app.assets` succeeds (see docs/classroom.md)", file=sys.stderr)
    from sim.app.serving import server_env

    klass = None
    if args.class_mode or args.class_dir:
        from sim.app.class_folder import open_class_folder
        from sim.app.class_store import ClassStoreError

        try:
            klass = open_class_folder(args.class_dir, Path(args.scenario).stem)
        except ClassStoreError as exc:
            raise BadInput(f"--class-dir: {exc}") from None
    page = Path(__file__).parent / "app" / "page.py"
    serving, notes = server_env(args.host, args.port, args.max_sessions, klass)
    env = {**os.environ, **serving, "ESCALATION_SCENARIO": str(Path(args.scenario).resolve()),
           **({"ESCALATION_FROM_STATE": str(Path(args.from_state).resolve())} if args.from_state else {}),
           # a classroom page phones no one: no usage statistics, no online check
           "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
           # Solara warns about cookies on every page load over plain http, which loopback always is
           "PYTHONWARNINGS": "ignore:Cookies with samesite:UserWarning"}
    cmd = [sys.executable, "-m", "solara", "run", str(page), "--host", args.host, "--port", str(args.port),
           "--production", "--no-open", "--no-check-version"]  # the version check would ask pypi.org
    print(f"classroom page: http://{args.host}:{args.port}/  (Ctrl-C stops it)", *notes, sep="\n", flush=True)
    os.execve(sys.executable, cmd, env)  # the server replaces this process: stopping it leaves nothing behind
    return EXIT_ERROR  # not reached


COMMANDS = {"app": _cmd_app, "run": _cmd_run, "validate": _cmd_validate, "schema": _cmd_schema, "batch": _cmd_batch,
            "summarize": _cmd_summarize, "calibrate": _cmd_calibrate, "hindcast": _cmd_hindcast, "score": _cmd_score, "assimilate": _cmd_assimilate,
            "forecast": _cmd_forecast, "backtest": _cmd_backtest,
            "compare": _cmd_compare, "sensitivity": _cmd_sensitivity, "discover": _cmd_discover,
            "report": _cmd_report}


def _going_on(args, argv: list[str] | None) -> str:
    """The command that goes on after a write failed: the same command (a rerun of hindcast, compare,
    sensitivity, calibrate or assimilate reuses what is on disk), with ``--resume`` for a batch, and a
    folder to keep the runs in for a hindcast that had none."""
    words = list(sys.argv[1:] if argv is None else argv)
    if args.command == "batch" and "--resume" not in words:
        words.append("--resume")
    if args.command == "hindcast" and not args.out:
        words += ["--out", f"out/hindcast_{Path(args.episode).stem}"]
    return "escalation " + shlex.join(words)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if hasattr(args, "workers") and getattr(args, "backend", "local") == "local":
        from sim.batch.start_method import start_early

        start_early(args.workers)  # the workers' fork server imports the model while this process does
    from sim.scenario.loading import ScenarioError

    try:
        return COMMANDS[args.command](args)
    except ScenarioError as err:
        _print_problems(err)
        return EXIT_BAD_INPUT
    except BadInput as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OutputWriteError as err:  # a full disk, a forbidden folder: where, what is kept, how to go on
        print(f"error: {err.with_resume(_going_on(args, argv))}", file=sys.stderr)
        return EXIT_ERROR
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
