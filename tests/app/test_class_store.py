"""A class's file (sim/app/class_store.py), its restore (class_restore.py) and its folder (class_folder.py):
what is written comes back, a restored class is the class as it was, and what cannot be kept is said."""

from __future__ import annotations

import sqlite3
import time

import pytest

from sim.app import dials as D
from sim.app import play_tab
from sim.app.class_folder import open_class_folder
from sim.app.class_restore import give_back
from sim.app.class_store import FILE, ClassStore, ClassStoreError
from sim.app.class_table import choices_csv, rows
from sim.app.classroom import Classes
from sim.app.debriefs import student_debrief
from sim.app.seats import Seat
from sim.player import Choice
from tests.app.conftest import play_game

RUNS = 6  # the debriefs' model runs: few, to keep the tests fast


@pytest.fixture(autouse=True)
def few_debrief_runs(monkeypatch):
    monkeypatch.setattr(play_tab, "DEBRIEF_RUNS", RUNS)


def open_class(folder, days: int = 5):
    """The class TEST1 on the toy map, kept in ``folder``, as a server that starts opens it."""
    return Classes().open("TEST1", D.dials_for("classroom"), days=days, folder=folder)


def test_what_is_written_comes_back(tmp_path):
    store = ClassStore(tmp_path)
    assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.set_meta(code="ABCDE", teacher_key="k", dials={"seed": "5"})
    store.joined("s1", "Ayesha")
    store.game_started(1, "s1", "Ayesha", "pakistan")
    store.chose(1, 1, Choice(level=3, call_for_talks=True), {"level_pakistan": 3})
    store.chose(1, 2, Choice(level=0, close_crossings=True, accept_ceasefire=False), {"level_pakistan": 0})
    store.debriefed(1, 2)
    store.served("a note")
    store.close()

    record = ClassStore(tmp_path).record()  # another connection, as a new server has
    assert record.meta["code"] == "ABCDE" and record.meta["dials"] == {"seed": "5"} and record.meta["format"] == 1
    assert record.joins == [("s1", "Ayesha")]
    (game,) = record.games
    assert (game["number"], game["seat"], game["student"], game["side"], game["debriefed"]) == (1, "s1", "Ayesha", "pakistan", 2)
    assert game["choices"] == [
        {"day": 1, "level": 3, "close_crossings": 0, "reopen_crossings": 0, "call_for_talks": 1, "accept_ceasefire": 1,
         "outcome": {"level_pakistan": 3}},
        {"day": 2, "level": 0, "close_crossings": 1, "reopen_crossings": 0, "call_for_talks": 0, "accept_ceasefire": 0,
         "outcome": {"level_pakistan": 0}}]
    assert (record.choices, record.debriefs) == (2, 1)
    assert [note for _, note in record.serves] == ["a note"] and record.last_written <= time.time()


def test_a_choice_is_on_disk_when_the_day_returns(tmp_path):
    classroom = open_class(tmp_path)
    game = play_game(classroom, "s1", "Ayesha", "pakistan", [4])
    reader = sqlite3.connect(tmp_path / FILE)  # what a process started now would read
    assert reader.execute("SELECT game, day, level FROM choices").fetchall() == [(game.number, 1, 4)]
    game.run.play(Choice(level=2))
    assert reader.execute("SELECT count(*) FROM choices").fetchone()[0] == 2


def test_a_class_comes_back_as_it_was(tmp_path):
    before = open_class(tmp_path)
    ayesha = play_game(before, "s1", "Ayesha", "pakistan", [3, 4, 0, 1, 2])  # to its end: 5 days
    before.debriefed(ayesha, student_debrief(ayesha.run.model, RUNS))
    bilal = play_game(before, "s2", "Bilal", "taliban", [5, 5])
    bilal.run.play(Choice(level=1, call_for_talks=True, close_crossings=True))
    before.join("s3", "Chen")  # joined, no game yet
    csv, table = choices_csv(before), rows(before)

    after = open_class(tmp_path)  # the server started again on the same folder
    assert after is not before and after.restored is not None and after.restored.differences == ()
    assert after.names == {"s1": "Ayesha", "s2": "Bilal", "s3": "Chen"}
    assert [(g.number, g.student, g.side, g.seat) for g in after.games] == [(1, "Ayesha", "pakistan", "s1"),
                                                                            (2, "Bilal", "taliban", "s2")]
    assert choices_csv(after) == csv and rows(after) == table
    assert after.games[0].result.student == ayesha.result.student and after.games[1].result is None
    text = after.restored.describe()
    assert f"from {tmp_path / FILE}" in text and "3 students, 2 games replayed to their day (8 choices), 1 debrief" in text

    # the restored class is kept as it goes on: a third server sees the day played after the restore
    after.games[1].run.play(Choice(level=2))
    again = open_class(tmp_path)
    assert choices_csv(again) == choices_csv(after) and len(choices_csv(again).splitlines()) == 1 + 9
    serves = ClassStore(tmp_path).record().serves
    assert [note.split(" at ")[0] for _, note in serves] == ["started a new class", "Restored", "Restored"]


def test_a_restored_class_keeps_its_own_start(tmp_path):
    play_game(open_class(tmp_path), "s1", "Ayesha", "pakistan", [3])
    other = Classes().open("TEST1", {**D.dials_for("classroom"), "seed": "99"}, days=9, folder=tmp_path)
    assert other.dials["seed"] == D.dials_for("classroom")["seed"] and other.days == 5
    with pytest.raises(ClassStoreError, match="holds class TEST1, not OTHER"):
        Classes().open("OTHER", D.dials_for("classroom"), folder=tmp_path)


def test_a_browser_goes_back_to_its_game(tmp_path):
    before = open_class(tmp_path)
    play_game(before, "s1", "Ayesha", "pakistan", [3, 3])
    after = open_class(tmp_path)
    seat, stranger = Seat("s1"), Seat("someone-else")
    give_back(seat, after)
    give_back(stranger, after)
    assert (seat.name, seat.class_code, seat.game) == ("Ayesha", "TEST1", after.games[0].run)
    assert seat.game.model.day == 2 and seat.result is None
    assert (stranger.name, stranger.game) == (None, None)
    seat.game = None  # "Play again": a later look does not bring the old game back
    give_back(seat, after)
    assert seat.game is None


def test_a_replay_that_ends_otherwise_is_told(tmp_path):
    play_game(open_class(tmp_path), "s1", "Ayesha", "pakistan", [3, 3])
    with sqlite3.connect(tmp_path / FILE) as db:
        db.execute("""UPDATE choices SET outcome = '{"level_pakistan": 7}' WHERE day = 2""")
    (difference,) = open_class(tmp_path).restored.differences
    assert difference.startswith("game 1 (Ayesha), day 2: ended otherwise when played again")


def test_a_write_that_fails_is_told_and_the_class_goes_on(tmp_path, monkeypatch):
    classroom = open_class(tmp_path)
    game = play_game(classroom, "s1", "Ayesha", "pakistan", [3])

    def full(*args):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(classroom.store, "chose", full)
    game.run.play(Choice(level=2))
    assert game.run.model.day == 2  # the game went on
    assert "could not be written to" in classroom.store_problem and "database or disk is full" in classroom.store_problem
    monkeypatch.undo()
    assert len(open_class(tmp_path).games[0].run.model.player.choices) == 1  # what the file had


def test_what_is_not_a_class_file_is_refused(tmp_path):
    (tmp_path / FILE).write_bytes(b"not a database at all" * 100)
    with pytest.raises(ClassStoreError, match="is not a class's file"):
        ClassStore(tmp_path)
    other = tmp_path / "other"
    ClassStore(other).set_meta(format=99)
    with pytest.raises(ClassStoreError, match="another format"):
        ClassStore(other)


def test_a_folder_that_cannot_be_made_is_refused(tmp_path):
    (tmp_path / "a-file").write_text("")  # no folder can be made inside a file, whoever runs the test
    with pytest.raises(ClassStoreError, match="cannot keep the class in .*a-file/class"):
        ClassStore(tmp_path / "a-file" / "class")


def test_the_class_folder_new_then_brought_back(tmp_path):
    root = tmp_path / "classes"
    new = open_class_folder(None, "classroom", root=root)
    assert new.folder == (root / new.code).resolve() and len(new.teacher_key) >= 12
    assert any("is written as it goes to" in line and "--class-dir" in line for line in new.lines)
    play_game(Classes().open(new.code, D.dials_for("classroom"), days=5, folder=new.folder), "s1", "A", "pakistan", [1])

    back = open_class_folder(new.folder, "oct2025", root=root)
    assert (back.code, back.teacher_key) == (new.code, new.teacher_key)
    assert back.lines[0].startswith(f"class {new.code} brought back from") and "1 joined, 1 games, 1 choices" in back.lines[0]
    assert "(not oct2025, given to this command)" in back.lines[1]
    another = open_class_folder(None, "classroom", root=root)  # a new class beside a recent one points it out
    assert another.code != new.code and any(f"class {new.code}" in line for line in another.lines)

    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    with pytest.raises(ClassStoreError, match="not an empty folder and holds no class"):
        open_class_folder(tmp_path / "busy", "classroom")
