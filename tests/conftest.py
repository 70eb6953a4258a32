from pathlib import Path

import os

import pytest
from hypothesis import settings

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
