"""Fixtures of the validation tests: the oct2025 variants' outcomes over paired seeds, shared by the tests.

Every variant is run once a session for seeds 0..n-1 (in a pool of up to two worker processes), so the
settings a property compares always share their seeds (common random numbers), and the base scenario's
runs serve every comparison.
"""

import pytest

from .helpers import Runs


@pytest.fixture(scope="session")
def outcomes():
    runs = Runs()
    yield runs
    runs.close()
