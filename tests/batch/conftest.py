"""Fixtures of the batch tests: the smoke sweep's clean results, and a longer sweep to interrupt with its clean results."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sim.batch.sweep import load_sweep

from .helpers import LONG_SWEEP, SMOKE, batch


@pytest.fixture(scope="session")
def smoke_plan():
    return load_sweep(SMOKE)


@pytest.fixture(scope="session")
def smoke_clean(tmp_path_factory) -> Path:
    """The smoke sweep run uninterrupted in this process: the reference results."""
    out = tmp_path_factory.mktemp("smoke") / "clean"
    assert batch(SMOKE, out, "--workers", "1") == 0
    return out


@pytest.fixture(scope="session")
def long_sweep(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sweeps") / "long.yaml"
    path.write_text(LONG_SWEEP, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def long_plan(long_sweep):
    return load_sweep(long_sweep)


@pytest.fixture(scope="session")
def long_clean(long_sweep, tmp_path_factory) -> Path:
    """The long sweep run uninterrupted with two workers: what every interrupted-then-resumed batch must equal."""
    out = tmp_path_factory.mktemp("long") / "clean"
    assert batch(long_sweep, out, "--workers", "2") == 0
    return out


@pytest.fixture
def smoke_sweep_copy(smoke_clean, tmp_path) -> tuple[Path, Path]:
    """(the smoke sweep, a private copy of its clean results folder) for tests that damage a folder."""
    out = tmp_path / "copy"
    shutil.copytree(smoke_clean, out)
    return SMOKE, out
