"""How long one 365-day oct2025 run takes, against a bare Mesa model with as many agents doing nothing.

Both are timed in turn in one process (bare, ours, bare, ours, ...; the median of the paired ratios), so the
ratio is robust to a noisy machine. The last line is machine-readable: run_s=... bare_mesa_s=... ratio=...
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import mesa

from sim.scenario.loading import load_scenario
from sim.model import EscalationModel

ROOT = Path(__file__).resolve().parent.parent
DAYS = 365


class _Idle(mesa.Agent):
    def step(self):
        pass


class BareModel(mesa.Model):
    """The floor: Mesa's own cost of stepping ``n`` agents that do nothing."""

    def __init__(self, n: int, rng=None):
        super().__init__(rng=rng)
        for _ in range(n):
            _Idle(self)

    def step(self):
        self.agents.shuffle_do("step")


def _one(make, i: int) -> float:
    start = time.perf_counter()
    model = make(i)
    for _ in range(DAYS):
        model.step()
    return time.perf_counter() - start


def _paired(make_ours, make_bare, repeats: int) -> tuple[float, float, float]:
    """Median times of ours and of the bare model, and the median of their ratios, the two timed in turn
    (bare, ours, bare, ours, ...) so that a slow spell of the machine slows both alike."""
    ours, bare = [], []
    for i in range(repeats):
        bare.append(_one(make_bare, i))
        ours.append(_one(make_ours, i))
    ratios = [o / b for o, b in zip(ours, bare)]
    return statistics.median(ours), statistics.median(bare), statistics.median(ratios)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--scenario", default=str(ROOT / "scenarios" / "oct2025.yaml"))
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    n_agents = len(EscalationModel(scenario, rng=0, days=DAYS).agents)
    _paired(lambda i: EscalationModel(scenario, rng=i, days=DAYS), lambda i: BareModel(n_agents, rng=i), 2)  # warm-up
    ours, bare, ratio = _paired(lambda i: EscalationModel(scenario, rng=i, days=DAYS),
                                lambda i: BareModel(n_agents, rng=i), args.repeats)
    print(f"scenario {scenario.name}: {n_agents} agents, {DAYS} days, median of {args.repeats} runs "
          f"(scenario loaded once, as a batch worker does), timed in turn with the bare model")
    print(f"  escalation model  {ours * 1000:8.1f} ms per run")
    print(f"  bare Mesa model   {bare * 1000:8.1f} ms per run")
    print(f"  ratio (median of the paired ratios) {ratio:.2f}")
    print(f"run_s={ours:.4f} bare_mesa_s={bare:.4f} ratio={ratio:.1f}")


if __name__ == "__main__":
    main()
