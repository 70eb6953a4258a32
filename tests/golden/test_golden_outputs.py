"""Every run's outputs stay identical for the same scenario and seed (kept: the next changes to the model's
speed must not change a result either). After a change meant to alter results, rewrite the reference with
``scripts/golden`` in the same commit, and say so in its message."""

import json

import pytest

from tests.golden.runs import FILES, GOLDEN, golden_runs, run_all

REFERENCE = json.loads(GOLDEN.read_text())


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    return run_all(tmp_path_factory.mktemp("golden"))


def test_the_reference_covers_every_golden_run():
    assert sorted(REFERENCE) == sorted(name for name, _ in golden_runs())


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_outputs_match_the_reference(outputs, name):
    got, want = outputs[name], REFERENCE[name]
    for f in FILES:
        assert got[f] == want[f], f"{name}/{f} changed: rewrite tests/golden/outputs.json only if that was meant"
        if got["pyarrow"] == want["pyarrow"]:
            assert got[f + ":bytes"] == want[f + ":bytes"], f"{name}/{f}: same content, other bytes"
