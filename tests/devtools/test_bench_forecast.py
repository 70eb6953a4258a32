"""benchmarks/bench_forecast.py runs on a fresh clone (no out/assimilation: it makes a small one). Its fallback
once failed there twice over: a renamed helper, and the record's event kinds missing when sim.forecast was
imported first (tests/test_events.py). Not a timing test: the goal is read from its last line elsewhere."""

from __future__ import annotations

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
