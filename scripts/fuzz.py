"""Fuzz the command line with hostile variants of every shipped input file: ``python -m scripts.fuzz``.

Each case (scripts/fuzz_mutations.py) is written into a copy of scenarios/, episodes/ and calibration/,
beside the file it mutates (so its relative names still point somewhere), and fed to ``validate``, ``run``,
``batch``, ``hindcast`` or ``calibrate`` through the CLI's ``main`` in this process, with small options
(``--workers 1``, ``hindcast --replicates 2``, ``calibrate --max-runs 1``: the calibration's input is
loaded whole and then refused for its budget, so no ABC-SMC runs). Every ``--subprocess-every``-th case
runs again as ``python -m sim`` in a process of its own.

A case passes when it exits 0 or 2 (``hindcast`` may also exit 3, a target outside the interval, when no run
failed) within 10 s, with no traceback on standard error, and, on exit 2, writes nothing. The 10 s are the
case's own CPU time (its process's, for a subprocess case: interpreter start included); the wall clock is
recorded too, and a case still running after 30 s of wall clock is stopped and counted as a hang, so other
work on a shared machine can neither hide a slow case nor fail a quick one. The summary prints the cases
tried, by outcome, and the slowest; the last line is JSON. Exit status 1 if any case failed (each failure's
file is kept under --keep). ``--seed`` makes a run repeatable.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, given, seed as hypothesis_seed, settings

from scripts.fuzz_mutations import KIND_DIRS, ROOT, Case, cases

LIMIT_SECONDS = 10.0  # CPU time a case may take
WALL_LIMIT_SECONDS = 30.0  # wall clock after which a case is stopped as a hang
PASSING = ("exit 0", "exit 2", "exit 3 (hindcast: a target outside)")


class Hang(BaseException):
    """Raised by a timer: a case ran past a limit (BaseException, so the CLI's handlers let it through)."""


@dataclass
class Result:
    outcome: str  # one of PASSING, or: traceback, exit 1, hang, wrote on exit 2, exit N
    seconds: float  # CPU
    stderr: str = ""
    wall: float = 0.0


def _tree(root: Path) -> set:
    return {(str(p.relative_to(root)), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}


def _on_alarm(signum, frame):
    raise Hang()


@dataclass
class Workspace:
    """A copy of the shipped inputs; each case's file goes beside the file it mutates."""

    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="escalation-fuzz-")))

    def __post_init__(self):
        for folder in ("scenarios", "episodes", "calibration"):
            shutil.copytree(ROOT / folder, self.root / folder)
        self.before = _tree(self.root)

    def write(self, case: Case) -> Path:
        """Write the case; return the file the command is given."""
        folder = self.root / Path(case.source).parent
        target = folder / "fuzz_case.yaml"
        if case.kind == "priors":  # a calibration file whose priors are the mutated ones
            (folder / "fuzz_priors.yaml").write_bytes(case.content)
            text = (ROOT / KIND_DIRS["calibration"] / "calibration.yaml").read_text(encoding="utf-8")
            target.write_text(text.replace("priors: priors.yaml", "priors: fuzz_priors.yaml"), encoding="utf-8")
        else:
            target.write_bytes(case.content)
        return target

    def argv(self, case: Case, file: Path, out: Path) -> list[str]:
        tail = {"validate": [], "run": ["--out", str(out), "--no-plot"],
                "batch": ["--out", str(out), "--workers", "1", "--quiet"],
                "hindcast": ["--out", str(out), "--replicates", "2", "--workers", "1"],
                "calibrate": ["--out", str(out), "--posterior", str(out / "p.parquet"), "--max-runs", "1",
                              "--workers", "1"]}[case.command]
        return [case.command, str(file), *tail]

    def clean(self) -> set:
        """Remove what the case left; return the shipped copies it changed (they are restored)."""
        for name in ("fuzz_case.yaml", "fuzz_priors.yaml"):
            for p in self.root.rglob(name):
                p.unlink()
        shutil.rmtree(self.root / "out", ignore_errors=True)
        changed = _tree(self.root) ^ self.before
        if changed:
            shutil.rmtree(self.root)
            self.__post_init__()
        return changed


def classify(case: Case, code, stderr: str, wrote: bool) -> str:
    # exit 1 is the CLI's catch-all: an exception nobody expected, shown in one line instead of its traceback
    if "Traceback (most recent call last)" in stderr or code == "traceback" or "ESCALATION_DEBUG=1" in stderr:
        return "traceback"
    if code == 2 and wrote:
        return "wrote on exit 2"
    if code in (0, 2):
        return f"exit {code}"
    if code == 3 and case.command == "hindcast" and "runs failed" not in stderr:
        return PASSING[2]
    return f"exit {code}"


def run_in_process(case: Case, ws: Workspace) -> Result:
    from sim.cli import main

    file, out = ws.write(case), ws.root / "out" / "case"
    err = io.StringIO()
    old = {sig: signal.signal(sig, _on_alarm) for sig in (signal.SIGALRM, signal.SIGPROF)}
    started, cpu = time.perf_counter(), time.process_time()
    try:
        signal.setitimer(signal.ITIMER_PROF, LIMIT_SECONDS)
        signal.setitimer(signal.ITIMER_REAL, WALL_LIMIT_SECONDS)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            try:
                code = main(ws.argv(case, file, out))
            except SystemExit as exc:
                code = exc.code
            except Hang:
                raise
            except BaseException:  # noqa: BLE001 - anything that escapes main is the failure looked for
                import traceback

                traceback.print_exc()
                code = "traceback"
    except Hang:
        code = "hang"
    finally:
        for timer in (signal.ITIMER_PROF, signal.ITIMER_REAL):
            signal.setitimer(timer, 0)
        for sig, handler in old.items():
            signal.signal(sig, handler)
    seconds, wall = time.process_time() - cpu, time.perf_counter() - started
    wrote = out.exists()
    changed = ws.clean()
    outcome = "hang" if code == "hang" else classify(case, code, err.getvalue(), wrote or bool(changed))
    return Result(outcome, seconds, err.getvalue()[-2000:], wall)


def run_subprocess(case: Case, ws: Workspace) -> Result:
    file, out = ws.write(case), ws.root / "out" / "case"
    started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        done = subprocess.run([sys.executable, "-m", "sim", *ws.argv(case, file, out)], capture_output=True,
                              text=True, timeout=WALL_LIMIT_SECONDS, cwd=ws.root,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        code, stderr = done.returncode, done.stderr
    except subprocess.TimeoutExpired:
        code, stderr = "hang", ""
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    wall = time.perf_counter() - started
    wrote = out.exists()
    changed = ws.clean()
    if code != "hang" and seconds > LIMIT_SECONDS:
        code = "hang"
    outcome = "hang" if code == "hang" else classify(case, code, stderr, wrote or bool(changed))
    return Result(outcome, seconds, stderr[-2000:], wall)


@dataclass
class Tally:
    by_outcome: Counter = field(default_factory=Counter)
    subprocess: Counter = field(default_factory=Counter)
    slowest: tuple = (0.0, 0.0, "")  # (CPU s, wall s, case)
    slowest_wall: tuple = (0.0, 0.0, "")
    failures: list = field(default_factory=list)

    def add(self, case: Case, result: Result, where: str, keep: Path | None) -> None:
        (self.subprocess if where == "subprocess" else self.by_outcome)[result.outcome] += 1
        label = f"{where} {case.command} {case.source} {case.mutation} {case.detail}"[:160]
        if result.seconds > self.slowest[0]:
            self.slowest = (result.seconds, result.wall, label)
        if result.wall > self.slowest_wall[1]:
            self.slowest_wall = (result.seconds, result.wall, label)
        if result.outcome not in PASSING:
            self.failures.append((result.outcome, label, result.stderr.strip().splitlines()[-1:]))
            print(f"FAIL {result.outcome}: {label}", file=sys.stderr, flush=True)
            if keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
                name = f"failure{len(self.failures)}-{case.command}-{Path(case.source).name}"
                (keep / name).write_bytes(case.content)

    def summary(self) -> dict:
        total = sum(self.by_outcome.values())
        return {"cases": total, "by_outcome": dict(self.by_outcome.most_common()),
                "subprocess_cases": sum(self.subprocess.values()), "subprocess_by_outcome": dict(self.subprocess),
                "tracebacks": self.by_outcome["traceback"] + self.subprocess["traceback"],
                "hangs": self.by_outcome["hang"] + self.subprocess["hang"], "failures": len(self.failures),
                "slowest_cpu_seconds": round(self.slowest[0], 2), "slowest_wall_seconds": round(self.slowest[1], 2),
                "slowest_case": self.slowest[2], "slowest_by_wall": [round(self.slowest_wall[0], 2),
                                                                      round(self.slowest_wall[1], 2), self.slowest_wall[2]]}


def fuzz(n: int, subprocess_every: int = 0, seed: int | None = None, keep: Path | None = None,
         progress: bool = False) -> Tally:
    """Try ``n`` cases (Hypothesis draws them; with ``seed`` the same ones every time)."""
    ws, tally = Workspace(), Tally()
    try:
        @settings(max_examples=n, deadline=None, database=None, phases=["generate"],
                  suppress_health_check=list(HealthCheck))
        @given(cases())
        def one(case: Case) -> None:
            tally.add(case, run_in_process(case, ws), "in-process", keep)
            tried = sum(tally.by_outcome.values())
            if subprocess_every and tried % subprocess_every == 0:
                tally.add(case, run_subprocess(case, ws), "subprocess", keep)
            if progress and tried % 100 == 0:
                print(f"{tried} cases, {len(tally.failures)} failures", file=sys.stderr, flush=True)

        (hypothesis_seed(seed)(one) if seed is not None else one)()
    finally:
        shutil.rmtree(ws.root, ignore_errors=True)
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.fuzz", description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1000, help="cases to try (default: 1000)")
    parser.add_argument("--subprocess-every", type=int, default=25, help="every Nth case also as a process (0: none)")
    parser.add_argument("--seed", type=int, help="Hypothesis seed: the same cases every run")
    parser.add_argument("--keep", type=Path, default=Path("out/fuzz"), help="where failing cases are saved")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    tally = fuzz(args.cases, args.subprocess_every, args.seed, args.keep, progress=True)
    summary = {**tally.summary(), "seed": args.seed, "wall_seconds": round(time.perf_counter() - started, 1)}
    print(f"cases tried: {summary['cases']} in-process (+{summary['subprocess_cases']} as processes) "
          f"in {summary['wall_seconds']} s")
    for outcome, count in tally.by_outcome.most_common():
        print(f"  {outcome:40} {count}")
    print(f"as processes: {dict(tally.subprocess)}")
    print(f"tracebacks {summary['tracebacks']}, hangs {summary['hangs']}, failures {summary['failures']}")
    print(f"slowest: {summary['slowest_cpu_seconds']} s CPU, {summary['slowest_wall_seconds']} s wall "
          f"({summary['slowest_case']}); by wall clock: {summary['slowest_by_wall']}")
    for outcome, label, last in tally.failures[:30]:
        print(f"FAIL {outcome}: {label}: {' '.join(last)}")
    print(json.dumps(summary))
    return 1 if tally.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
