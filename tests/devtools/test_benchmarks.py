"""The benchmarks run (not timing tests: their goals are read from their last lines elsewhere).

benchmarks/bench_forecast.py on a fresh clone (no out/assimilation: it makes a small one) once failed twice over:
a renamed helper, and the record's event kinds missing when sim.forecast was imported first (tests/test_events.py).
benchmarks/bench_batch.py runs scripts in fresh interpreters from strings; one once held a misindented line."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_forecast_benchmark_runs_without_an_assimilation(tmp_path):
    done = subprocess.run([sys.executable, "benchmarks/bench_forecast.py", "--state", str(tmp_path / "none"),
                           "--particles", "6", "--replicates", "1", "--days", "5", "--workers", "1"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-800:]
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("forecast_s=") and "runs=6 days=5 workers=1" in last


def test_the_batch_benchmarks_child_scripts_compile():
    spec = importlib.util.spec_from_file_location("bench_batch", ROOT / "benchmarks" / "bench_batch.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    children = {name: text for name, text in vars(module).items() if name.endswith("_CHILD")}
    assert children
    for name, text in children.items():
        compile(text, name, "exec")  # a SyntaxError or IndentationError fails the test
