from pathlib import Path

import os
import random
import shutil
import subprocess

import pytest
from hypothesis import settings

import sim.model

pytest_plugins = ["tests.fork_guard"]  # a fork from a threaded process fails the test that made it

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
    """oct2025 at the values its file writes, with no posterior draw: tests of mechanisms pin what particular
    seeds do, and a draw per seed would change the parameters under them (the calibrated ensembles are
    checked by the hindcasts, docs/validation.md)."""
    from sim.scenario.loading import load_scenario

    return load_scenario(oct2025_path).model_copy(update={"posterior": None})


@pytest.fixture(scope="session")
def assimilated(tmp_path_factory):
    """A small assimilation's output folder (6 particles at the present, a checkpoint on 1 Jan 2026), built once:
    forecasts from the present and the page from the present start from it (tests/forecast/builders.py)."""
    from tests.forecast.builders import assimilate

    return assimilate(tmp_path_factory.mktemp("assimilated"))


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


def reorder_agents(monkeypatch, order: str) -> list:
    """Make every phase of the model (``sim.model.activate``) call its agents in ``order`` (one of ORDERS) for
    this test. Returns the phases so called with more than one agent (where an order could matter), which a
    test checks covers every phase."""
    other = random.Random(12345)
    calls = []

    def reordered(agents, method):
        agents = list(agents)
        if order == "reversed":
            agents.reverse()
        elif order == "shuffled-other-seed":
            other.shuffle(agents)
        else:
            agents.sort(key=lambda a: a.unique_id)
        if len(agents) > 1:
            calls.append(method)
        for agent in agents:
            getattr(agent, method)()

    monkeypatch.setattr(sim.model, "activate", reordered)
    return calls


# --- Debian's Chromium, for the report's and the classroom page's browser tests -------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium; installed with apt-get (as ``.ci/run`` does) when we are root and it is missing."""
    if CHROMIUM.exists():
        return CHROMIUM
    apt = shutil.which("apt-get")
    if os.geteuid() != 0 or apt is None:
        pytest.fail(f"{CHROMIUM} is missing and cannot be installed here (needs root and apt-get). Install "
                    "Debian's package: `apt-get install chromium`. The browser tests never download a browser "
                    "(no `playwright install`).", pytrace=False)
    log = []
    for cmd in ([apt, "update", "-qq"], [apt, "install", "-y", "-qq", "chromium"]):
        done = subprocess.run(cmd, check=False, capture_output=True, text=True,
                              env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        log.append(f"$ {' '.join(cmd)} -> {done.returncode}\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
        if done.returncode:
            break
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing and `apt-get install chromium` did not provide it:\n" + "\n".join(log),
                    pytrace=False)
    return CHROMIUM
