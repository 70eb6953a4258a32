"""Helpers of the batch tests: sweep paths, running a batch here or as a child process, reading its folder."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from sim.batch.proc_stat import process_stats
from sim.batch.storage import BatchDir
from sim.cli import main

ROOT = Path(__file__).resolve().parents[2]
SMOKE = ROOT / "scenarios" / "sweeps" / "smoke.yaml"
OCT2025 = ROOT / "scenarios" / "oct2025.yaml"

# A sweep long enough to interrupt (a few seconds with two workers): the smoke design over a year.
LONG_REPLICATES = 50
LONG_SWEEP = f"""\
name: long
description: the smoke design over a year, long enough to interrupt
base: {OCT2025}
days: 365
design: full_factorial
replicates: {LONG_REPLICATES}
root_seed: 11
axes:
  restraint_pressure: {{values: [0.5, 2.0]}}
  actors.taliban.rule:
    values:
      - {{name: threshold, theta: 10.0, grievance_per_level: 8.0}}
      - {{name: escalate, step: 1}}
"""

# Start the command as ``python -m sim`` would, but with Python's own Ctrl-C handler whatever this process
# inherited (a shell may start tests with SIGINT ignored, and an ignored signal stays ignored across exec).
LAUNCH = ("import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
          "runpy.run_module('sim', run_name='__main__', alter_sys=True)")


def batch(sweep, out, *extra) -> int:
    """``escalation batch`` in this process (quiet)."""
    return main(["batch", str(sweep), "--out", str(out), "--quiet", *map(str, extra)])


def records(out) -> list[dict]:
    """Every complete manifest record, in file order."""
    return [rec for _, rec in BatchDir(out).records()]


def start_batch(sweep, out, *extra) -> subprocess.Popen:
    """``escalation batch`` as a child process leading its own process group (so the test can signal all of it)."""
    return subprocess.Popen(
        [sys.executable, "-c", LAUNCH, "batch", str(sweep), "--out", str(out), "--quiet", *map(str, extra)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def manifest_lines(out) -> int:
    try:
        return (Path(out) / "manifest.jsonl").read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def wait_for_lines(proc: subprocess.Popen, out, at_least: int, timeout: float = 60.0) -> int:
    """Poll until the manifest holds ``at_least`` lines; fail if the batch ends or stalls first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        n = manifest_lines(out)
        if n >= at_least:
            return n
        if proc.poll() is not None:
            _, err = proc.communicate()
            pytest.fail(f"the batch ended (status {proc.returncode}) before {at_least} runs: {err.decode()}")
        time.sleep(0.01)
    pytest.fail(f"no {at_least} manifest lines after {timeout} s")


def live_members(pgid: int) -> list[int]:
    """Processes of group ``pgid`` that still run (zombies excluded), from /proc."""
    return [pid for pid, fields in process_stats().items()  # fields: state, ppid, pgrp, ...
            if int(fields[2]) == pgid and fields[0] not in ("Z", "X")]


def wait_group_gone(pgid: int, timeout: float = 15.0) -> list[int]:
    """Wait until no process of the group runs; return those still running at the timeout."""
    deadline = time.monotonic() + timeout
    while True:
        alive = live_members(pgid)
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.05)
