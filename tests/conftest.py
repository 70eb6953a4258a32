from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"


@pytest.fixture(scope="session")
def oct2025_path() -> Path:
    return SCENARIOS / "oct2025.yaml"


@pytest.fixture(scope="session")
def oct2025(oct2025_path):
    from sim.loading import load_scenario

    return load_scenario(oct2025_path)
