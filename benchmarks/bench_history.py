"""How long one history run takes (scenarios/history_2021_2026.yaml, 1,697 days), against the October 2025
scenario run for as many days (today's model over the same span), timed in turn in one process.

Goal (docs/history.md): a history run in at most 0.25 s on this machine's kind. Both are timed alternately
(history, oct2025, history, ...) and the medians and the median of the paired ratios reported, so a slow spell
of the machine slows both alike. The last line is machine-readable: history_s=... oct2025_s=... ratio=... goal_s=...
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from sim.model import EscalationModel
from sim.scenario.loading import load_scenario

ROOT = Path(__file__).resolve().parent.parent
GOAL_S = 0.25


def _timed(scenario, seed: int, days: int) -> float:
    started = time.perf_counter()
    EscalationModel(scenario, rng=seed, days=days).run()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    history = load_scenario(ROOT / "scenarios" / "history_2021_2026.yaml")
    october = load_scenario(ROOT / "scenarios" / "oct2025.yaml")
    days = history.days
    for seed in range(3):  # warm up: each posterior row's scenario is built once per process
        _timed(history, seed, days), _timed(october, seed, days)
    h, o = [], []
    for seed in range(args.repeats):
        h.append(_timed(history, 100 + seed, days))
        o.append(_timed(october, 100 + seed, days))
    ratios = [a / b for a, b in zip(h, o)]
    hs, os_, ratio = statistics.median(h), statistics.median(o), statistics.median(ratios)
    print(f"history run ({days} days): median {hs:.3f} s; oct2025 for {days} days: {os_:.3f} s; ratio {ratio:.2f}")
    print(f"history_s={hs:.4f} oct2025_s={os_:.4f} ratio={ratio:.3f} goal_s={GOAL_S} within_goal={hs <= GOAL_S}")


if __name__ == "__main__":
    main()
