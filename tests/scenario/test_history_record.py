"""The shipped record (record/): it reads, every row is sourced and placed on the map, the tempo periods tile
15 Aug 2021 - 15 Apr 2026, and the counts match ../shared/facts/RECORD_STRIKES_ATTACKS.md (sim/scenario/history_record.py)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from sim.scenario.errors import ScenarioError
from sim.scenario.history_record import FILES, read_record
from sim.scenario.loading import load_scenario, resolve_geography

ROOT = Path(__file__).resolve().parents[2]
RECORD = ROOT / "record"
START, END = dt.date(2021, 8, 15), dt.date(2026, 4, 15)

# RECORD_STRIKES_ATTACKS.md, "Counts (derived)": Table 2 has 28 core, 5 ambiguous and 10 excluded attacks,
# and Table 1 lists 17 strike nights (12 episodes before the war, 5 nights inside it).
STATUS_COUNTS = {"core": 28, "ambiguous": 5, "excluded": 10}
STRIKE_NIGHTS = 17

# The levels the record's observations use for each act (record/observations.yaml, "Conventions").
ACT_LEVELS = {"strike": {5}, "deep_strike": {6}, "raid": {5, 6}, "offensive": {6}, "border_fire": {3},
              "shelling": {4}, "closure": {2}, "reopening": {0}, "ceasefire": {0}, "talks": {0}, "open_war": {7}}
MEDIATORS = {"qatar", "turkiye", "saudi_arabia", "china", "iran"}


@pytest.fixture(scope="module")
def record():
    return read_record(RECORD)


@pytest.fixture(scope="module")
def map_provinces() -> set[str]:
    geography = resolve_geography(load_scenario(ROOT / "scenarios" / "oct2025.yaml"))
    return {p.name for p in geography.provinces}


def test_every_file_is_shipped_and_has_rows(record):
    for name in FILES:
        assert (RECORD / f"{name}.yaml").is_file(), name
        assert getattr(record, name), f"{name}.yaml has no rows"


def test_every_row_has_a_source_and_a_date_in_the_window(record):
    for name, row in record.rows():
        assert row.source.strip(), (name, row.date)
        assert START <= row.date <= END, (name, row.date)
        end = getattr(row, "end_date", None)
        assert end is None or end <= END, (name, row.date, end)


def test_rows_are_in_date_order(record):
    for name in FILES:
        dates = [row.date for row in getattr(record, name)]
        assert dates == sorted(dates), name


@pytest.mark.parametrize("source_line", [None, 'source: " "'], ids=["missing", "blank"])
def test_a_row_without_a_source_is_refused_at_its_line(tmp_path, source_line):
    lines = ["# a record with one bad row", "rows:",
             "  - date: 2022-06-22", "    kind: disaster", '    what: "an earthquake"',
             '    source: "Geo (Reuters), 2022-06-22"',
             "  - date: 2022-08-25", "    kind: disaster", '    what: "floods"']
    if source_line is not None:
        lines.append("    " + source_line)
    path = tmp_path / "shocks.yaml"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ScenarioError) as caught:
        read_record(tmp_path)
    message = str(caught.value)
    # the missing key is reported at its row (line 7, "- date: 2022-08-25"); the blank one at its value (line 10)
    line = 7 if source_line is None else 10
    assert f"{path}:{line}:" in message, message
    assert "rows[1].source" in message, message


def test_every_province_is_on_the_map(record, map_provinces):
    placed = [("attacks", r) for r in record.attacks] + [("disputes", r) for r in record.disputes]
    placed += [("observations", r) for r in record.observations if r.province is not None]
    assert placed
    for name, row in placed:
        assert row.province in map_provinces, (name, row.date, row.province)


def test_tempo_periods_tile_the_window(record):
    periods = sorted(record.tempo, key=lambda r: r.date)
    assert periods[0].date == START
    assert periods[-1].end_date == END
    for before, after in zip(periods, periods[1:]):
        assert after.date == before.end_date + dt.timedelta(days=1), (before.end_date, after.date)
    assert {r.series for r in periods} == {"PICSS"}


def test_tempo_factor_is_the_rate_over_2025s(record):
    base = 1063 / 365
    for row in record.tempo:
        days = (row.end_date - row.date).days + 1
        assert row.factor == pytest.approx(row.attacks / days / base, abs=0.001), row.date
    assert [r.factor for r in record.tempo if r.date == dt.date(2025, 1, 1)] == [1.0]


def test_attack_counts_match_the_facts_file(record):
    assert len(record.attacks) == sum(STATUS_COUNTS.values()) == 43
    assert Counter(r.status for r in record.attacks) == STATUS_COUNTS
    for row in record.attacks:
        if row.status == "core":
            assert row.blamed_on_afghanistan, row.date
        else:
            assert not row.blamed_on_afghanistan, row.date


def test_the_strike_nights_of_table_1(record):
    strikes = [r for r in record.observations if r.actor == "pakistan" and r.act in ("strike", "deep_strike")]
    assert len(strikes) == STRIKE_NIGHTS
    assert [int(r.note.split("Table 1 row ")[1].split(".")[0]) for r in strikes] == list(range(1, STRIKE_NIGHTS + 1))
    assert all(r.acknowledged is not None and r.province is not None for r in strikes)


def test_observation_levels_follow_the_ladder(record):
    for row in record.observations:
        assert row.level in ACT_LEVELS[row.act], (row.date, row.act, row.level)
        if row.act == "talks":
            assert row.actor in MEDIATORS, (row.date, row.actor)
        else:
            assert row.actor in {"pakistan", "taliban", "both"}, (row.date, row.actor)
    wars = [r for r in record.observations if r.act == "open_war"]
    assert [(w.date, w.end_date, w.actor) for w in wars] == [(dt.date(2026, 2, 27), dt.date(2026, 3, 18), "both")]


def test_the_iran_war_names_the_mediators_it_took(record):
    wars = {r.date: r for r in record.shocks if r.kind == "regional_war"}
    assert {"qatar", "saudi_arabia", "turkiye"} <= set(wars[dt.date(2026, 2, 28)].mediators)


def test_record_files_stay_small():
    for name in FILES:
        assert (RECORD / f"{name}.yaml").stat().st_size < 1_000_000, name
