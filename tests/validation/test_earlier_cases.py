"""The dyad's offensives before the record (sim/validation/earlier_cases.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from sim.scenario.errors import ScenarioError
from sim.validation.earlier_cases import FILE, earlier_offensive_cases
from tests.conftest import ROOT


def test_the_shipped_cases_are_the_two_disputes_of_the_source():
    cases = earlier_offensive_cases(ROOT / "record", 0.5)
    assert [c.date for c in cases] == [dt.date(1950, 6, 17), dt.date(1960, 9, 1)]
    assert not any(c.open_war or c.failed_settlement for c in cases)  # both answered short of war
    assert all(c.weight == 0.5 for c in cases)


def test_a_record_without_the_file_has_no_earlier_cases(tmp_path):
    assert earlier_offensive_cases(tmp_path, 0.5) == []


def test_a_row_without_a_source_is_refused_at_its_line(tmp_path):
    path = tmp_path / FILE
    path.parent.mkdir()
    path.write_text("rows:\n  - date: 1950-06-17\n    end_date: 1950-10-05\n    what: x\n"
                    "    failed_settlement: false\n    open_war: false\n    source: ''\n")
    with pytest.raises(ScenarioError, match=r"offensives.yaml:\d+"):
        earlier_offensive_cases(tmp_path, 0.5)
