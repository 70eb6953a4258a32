"""How long a forecast from the present takes: 500 particles x 4 forks x 180 days on 2 workers (2,000 runs).

Goal (issue 25, docs/forecast.md): at most 180 s on 2 cores. The particles are an assimilation's final ones
(``--state``, default out/assimilation: ``escalation assimilate history/assimilation.yaml --out out/assimilation``).
Without that folder a small assimilation (20 particles) is made in a temporary folder and its particles are drawn
500 times, equally weighted: a forecast's cost depends on the day and the model, not on which particles these are.
The forecast is timed as ``escalation forecast`` runs it (resampling, continuations, measures), outputs apart. The
last line is machine-readable: forecast_s=... runs=... days=... workers=... goal_s=... within_goal=...
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

from sim.forecast.forecast_run import run_forecast
from sim.forecast.forecast_spec import ForecastSpec
from sim.forecast.particle_state import ParticleSet, read_state

ROOT = Path(__file__).resolve().parent.parent
GOAL_S = 180.0


def small_present(folder: Path, particles: int) -> ParticleSet:
    """A 20-particle assimilation's final particles, drawn ``particles`` times with equal weights."""
    from sim.history.assimilate_command import with_overrides, write_outputs
    from sim.history.assimilation import run_assimilation
    from sim.history.assimilation_spec import load_assimilation

    asm = with_overrides(load_assimilation(ROOT / "history" / "assimilation.yaml"), 20)
    write_outputs(asm, run_assimilation(asm, folder, workers=2), folder)
    small = read_state(folder)
    picked = np.arange(particles) % len(small.states)
    return ParticleSet(small.source, [small.states[i] for i in picked], np.full(particles, 1.0 / particles),
                       [small.values[i] for i in picked], small.start_day, small.start_date)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state", default=str(ROOT / "out" / "assimilation"), help="an assimilation's output folder")
    parser.add_argument("--particles", type=int, default=500)
    parser.add_argument("--replicates", type=int, default=4)
    parser.add_argument("--days", type=int, default=180)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if (Path(args.state) / "particles.parquet").is_file():
        particles = read_state(args.state)
        source = args.state
    else:
        particles = small_present(Path(tempfile.mkdtemp(prefix="bench-forecast-")), args.particles)
        source = "a 20-particle assimilation drawn 500 times"
    spec = ForecastSpec(days=args.days, replicates=args.replicates, root_seed=1)
    started = time.perf_counter()
    runs = run_forecast(particles, spec, [], workers=args.workers)
    seconds = time.perf_counter() - started
    n = len(runs.picked)
    print(f"forecast from {runs.start_date} ({source}): {n} particles x {spec.replicates} forks x {spec.days} days = "
          f"{runs.runs} runs on {args.workers} workers in {seconds:.1f} s ({runs.runs / seconds:.1f} runs/s)")
    print(f"forecast_s={seconds:.2f} runs={runs.runs} days={spec.days} workers={args.workers} goal_s={GOAL_S:g} "
          f"within_goal={seconds <= GOAL_S}")


if __name__ == "__main__":
    main()
