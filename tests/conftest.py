from pathlib import Path

import os
import random

import pytest
from hypothesis import settings
from mesa.agent import AgentSet

# In CI the property tests draw the same examples every run (a red CI then means a real change, not a new
# random example); locally they keep exploring new ones.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"


@pytest.fixture(scope="session")
def oct2025_path() -> Path:
    return SCENARIOS / "oct2025.yaml"


@pytest.fixture(scope="session")
def oct2025(oct2025_path):
    from sim.loading import load_scenario

    return load_scenario(oct2025_path)


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", default=False,
                     help="also run the tests marked slow (heavier statistical versions)")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: heavy test, skipped unless --slow is given")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow")
    for item in items:
        if item.get_closest_marker("slow") is not None:
            item.add_marker(skip)


# --- running agents in another order than Mesa's shuffle (order must never change a result) ---------

ORDERS = ("reversed", "shuffled-other-seed", "sorted-by-id")


def reorder_agents(monkeypatch, order: str) -> None:
    """Make every ``AgentSet.shuffle_do`` call its agents in ``order`` (one of ORDERS) for this test."""
    other = random.Random(12345)

    def reordered(self, method, *args, **kwargs):
        agents = list(self)
        if order == "reversed":
            agents.reverse()
        elif order == "shuffled-other-seed":
            other.shuffle(agents)
        else:
            agents.sort(key=lambda a: a.unique_id)
        for agent in agents:
            getattr(agent, method)(*args, **kwargs)
        return self

    monkeypatch.setattr(AgentSet, "shuffle_do", reordered)
