import pytest

from tests.forecast.builders import assimilate


@pytest.fixture(scope="session")
def assimilated(tmp_path_factory):
    """A small assimilation's output folder, built once (tests/forecast/builders.py)."""
    return assimilate(tmp_path_factory.mktemp("assimilated"))


@pytest.fixture(scope="session")
def particles(assimilated):
    from sim.forecast.particle_state import read_state

    return read_state(assimilated)


@pytest.fixture(scope="session")
def present(particles):
    """A particle's scenario: what what-ifs are checked against."""
    return particles.first().config
