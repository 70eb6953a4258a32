import pytest

# assimilated (a small assimilation's output folder, built once) is in tests/conftest.py: the page's tests use it too


@pytest.fixture(scope="session")
def particles(assimilated):
    from sim.forecast.particle_state import read_state

    return read_state(assimilated)


@pytest.fixture(scope="session")
def present(particles):
    """A particle's scenario: what what-ifs are checked against."""
    return particles.first().config
