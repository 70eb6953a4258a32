"""The teacher's live table and the CSV of every choice."""

from __future__ import annotations

import csv
import io

from sim.app.class_table import CHOICE_FIELDS, COLUMNS, choices_csv, rows, status
from sim.app.debriefs import student_debrief
from tests.app.conftest import play_game


def test_a_row_per_game_with_what_the_teacher_follows(small_class):
    a = play_game(small_class, "s1", "Ayesha", "pakistan", [3, 3])
    play_game(small_class, "s2", "Bilal", "taliban", [])
    table = rows(small_class)
    assert [list(r) for r in table] == [list(COLUMNS)] * 2
    first, second = table
    m = a.run.model
    assert first["student"] == "Ayesha" and first["side"] == "Pakistan" and first["day"] == "2 of 5"
    assert first["own level"] == m.pakistan.level and first["other level"] == m.taliban.level
    assert first["killed"] == sum(m.log.casualties_total.values()) and first["status"] == "playing"
    assert second["side"] == "Taliban administration" and second["day"] == "0 of 5"


def test_a_games_status_follows_it(small_class):
    g = play_game(small_class, "s1", "A", "pakistan", [1, 1])
    assert status(g, small_class.days) == "playing"
    g.result = student_debrief(g.run.model, n_runs=3)
    assert status(g, small_class.days) == "ended on day 2"
    h = play_game(small_class, "s2", "B", "pakistan", [1] * small_class.days)
    assert status(h, small_class.days) == "finished"
    h.result = student_debrief(h.run.model, n_runs=3)
    assert status(h, small_class.days) == "debriefed"


def test_every_choice_with_how_its_day_ended(small_class):
    a = play_game(small_class, "s1", "Ayesha", "pakistan", [4, 0, 2])
    play_game(small_class, "s2", "Bilal", "taliban", [1])
    table = list(csv.DictReader(io.StringIO(choices_csv(small_class))))
    assert list(table[0]) == list(CHOICE_FIELDS)
    assert [(r["student"], int(r["day"]), int(r["level"])) for r in table] == [
        ("Ayesha", 1, 4), ("Ayesha", 2, 0), ("Ayesha", 3, 2), ("Bilal", 1, 1)]
    v = a.run.model.datacollector.model_vars
    last = table[2]
    assert int(last["level_pakistan"]) == v["level_pakistan"][3] and int(last["level_taliban"]) == v["level_taliban"][3]
    assert int(last["killed_so_far"]) == sum(a.run.model.log.casualties_total.values())
    assert float(last["trade_lost_usd_m_so_far"]) == round(v["trade_lost_usd_cumulative"][3] / 1e6, 3)
    assert table[0]["act"].startswith("4 - ") and {r["class"] for r in table} == {"TEST1"}


def test_an_empty_class_has_a_header_only(small_class):
    assert choices_csv(small_class) == ",".join(CHOICE_FIELDS) + "\n" and rows(small_class) == []
