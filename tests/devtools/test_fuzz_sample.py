"""A 300-case sample of the fuzz harness (scripts/fuzz.py; its 10,000-case run is in docs/robustness.md).

With CI=true the same 300 cases are drawn every run (tests/conftest.py loads Hypothesis's derandomized
profile); locally each run draws new ones. The harness itself is checked to catch what it looks for.
"""

from __future__ import annotations

import pytest

from scripts import fuzz
from scripts.fuzz_mutations import SHIPPED, Case


def test_every_shipped_input_file_is_fuzzed():
    kinds = {kind for kind, _ in SHIPPED}
    assert kinds == {"scenario", "sweep", "episode", "calibration", "priors"}
    assert len(SHIPPED) >= 30


def test_a_sample_of_300_cases_exits_cleanly():
    tally = fuzz.fuzz(300, subprocess_every=150)
    summary = tally.summary()
    assert summary["cases"] == 300 and summary["subprocess_cases"] == 2
    assert tally.failures == [], tally.failures[:5]
    assert summary["tracebacks"] == 0 and summary["hangs"] == 0
    # the sample reaches the runs, not only the refusals
    assert summary["by_outcome"].get("exit 0", 0) > 0 and summary["by_outcome"].get("exit 2", 0) > 0


def _case(command: str, text: str, source: str = "scenarios/classroom.yaml", kind: str = "scenario") -> Case:
    return Case(kind, source, command, "by hand", "", text.encode())


@pytest.fixture(scope="module")
def workspace():
    ws = fuzz.Workspace()
    yield ws
    import shutil

    shutil.rmtree(ws.root, ignore_errors=True)


def test_the_harness_tells_a_clean_run_from_a_clean_refusal(workspace):
    assert fuzz.run_in_process(_case("run", "extends: classroom.yaml\nname: c\ndays: 3\n"), workspace).outcome == "exit 0"
    assert fuzz.run_in_process(_case("run", "extends: classroom.yaml\ndays: -3\n"), workspace).outcome == "exit 2"


def test_the_harness_catches_a_traceback_a_hang_and_a_write_on_refusal(workspace, monkeypatch):
    import sim.cli

    case = _case("validate", "extends: classroom.yaml\nname: c\n")
    monkeypatch.setitem(sim.cli.COMMANDS, "validate", lambda args: 1 / 0)
    assert fuzz.run_in_process(case, workspace).outcome == "traceback"

    def spin(args):
        while True:
            pass

    monkeypatch.setitem(sim.cli.COMMANDS, "validate", spin)
    monkeypatch.setattr(fuzz, "LIMIT_SECONDS", 0.2)
    assert fuzz.run_in_process(case, workspace).outcome == "hang"
    monkeypatch.setattr(fuzz, "LIMIT_SECONDS", 10.0)

    def write_then_refuse(args):
        (workspace.root / "scenarios" / "classroom.yaml").write_text("changed")
        return 2

    monkeypatch.setitem(sim.cli.COMMANDS, "validate", write_then_refuse)
    assert fuzz.run_in_process(case, workspace).outcome == "wrote on exit 2"
    assert (workspace.root / "scenarios" / "classroom.yaml").read_text() != "changed"  # the copy was restored
