"""A class's record on disk: one SQLite file in the class's folder, written as the class goes.

A class lived only in the server's memory: a laptop put to sleep, a Ctrl-C or a crash lost every game of the
lesson. Now every join, game started, choice and debrief is a row here, committed before the page shows
its result, so that ``escalation app --class-dir DIR`` started again on the same folder brings the class
back (``class_restore.py`` replays the games: a run is a pure function of its scenario, seed and choices).

What is kept: the class's code, the teacher's key and the start every game plays from (the scenario as
data, not a file name, so that a changed file cannot change a replay), then one row per join (browser,
name), per game (number, browser, student, side), per choice (the game, the day, what was chosen, and how
the day ended, to check a replay against) and per debrief; and one row per server start.

SQLite in WAL mode with ``synchronous=FULL``: a commit is on the disk when it returns, a reader never
waits for a writer, and a process killed at any instant leaves the file as of its last commit. One
connection serves every session's thread, behind a lock. Nothing here knows of Solara or of the model.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

FILE = "class.sqlite"
FORMAT = 1  # the layout of the tables below; a file of another format is refused, not misread

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS joins (seat TEXT PRIMARY KEY, name TEXT NOT NULL, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS games (number INTEGER PRIMARY KEY, seat TEXT NOT NULL, student TEXT NOT NULL,
                                  side TEXT NOT NULL, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS choices (game INTEGER NOT NULL REFERENCES games (number), day INTEGER NOT NULL,
                                    level INTEGER NOT NULL, close_crossings INTEGER NOT NULL,
                                    reopen_crossings INTEGER NOT NULL, call_for_talks INTEGER NOT NULL,
                                    accept_ceasefire INTEGER NOT NULL, outcome TEXT NOT NULL, at REAL NOT NULL,
                                    PRIMARY KEY (game, day));
CREATE TABLE IF NOT EXISTS debriefs (game INTEGER PRIMARY KEY REFERENCES games (number),
                                     days_played INTEGER NOT NULL, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS serves (at REAL NOT NULL, note TEXT NOT NULL);
"""
CHOICE_FIELDS = ("level", "close_crossings", "reopen_crossings", "call_for_talks", "accept_ceasefire")


class ClassStoreError(Exception):
    """The folder cannot hold this class: not a class's file, another format, or not readable."""


@dataclass
class Record:
    """Everything a class's file holds, in the order it happened."""

    meta: dict
    joins: list[tuple[str, str]] = field(default_factory=list)  # (browser, name)
    games: list[dict] = field(default_factory=list)  # number, seat, student, side, at, choices, debriefed
    serves: list[tuple[float, str]] = field(default_factory=list)
    last_written: float | None = None

    @property
    def choices(self) -> int:
        return sum(len(g["choices"]) for g in self.games)

    @property
    def debriefs(self) -> int:
        return sum(1 for g in self.games if g["debriefed"] is not None)


class ClassStore:
    """The class file of ``folder`` (made, with the folder, if missing)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.path = self.folder / FILE
        self._lock = threading.Lock()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            with self._db:
                self._db.executescript(_TABLES)
                self._db.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?)", (json.dumps(FORMAT),))
            found = self.meta().get("format")
        except (OSError, sqlite3.OperationalError) as exc:  # a folder that cannot be written, a full disk
            raise ClassStoreError(f"cannot keep the class in {self.folder}: {exc}") from None
        except sqlite3.DatabaseError as exc:
            raise ClassStoreError(f"{self.path} is not a class's file ({exc})") from None
        if found != FORMAT:
            self.close()
            raise ClassStoreError(f"{self.path} holds a class of another format ({found}); this version reads {FORMAT}")

    @staticmethod
    def holds_a_class(folder: str | Path) -> bool:
        return (Path(folder) / FILE).is_file()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # --- writing: each a transaction, committed (on disk) when it returns ---------------------------
    def _write(self, sql: str, *rows) -> None:
        with self._lock, self._db:
            self._db.executemany(sql, rows)

    def set_meta(self, **values) -> None:
        self._write("INSERT OR REPLACE INTO meta VALUES (?, ?)", *((k, json.dumps(v)) for k, v in values.items()))

    def joined(self, seat: str, name: str) -> None:
        self._write("INSERT OR REPLACE INTO joins VALUES (?, ?, ?)", (seat, name, time.time()))

    def game_started(self, number: int, seat: str, student: str, side: str) -> None:
        self._write("INSERT INTO games VALUES (?, ?, ?, ?, ?)", (number, seat, student, side, time.time()))

    def chose(self, game: int, day: int, choice, outcome: dict) -> None:
        """The choice of ``game`` for ``day`` (a ``sim.player.Choice``) and how that day ended."""
        values = tuple(int(getattr(choice, f)) for f in CHOICE_FIELDS)
        self._write("INSERT OR REPLACE INTO choices VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (game, day, *values, json.dumps(outcome, sort_keys=True), time.time()))

    def debriefed(self, game: int, days_played: int) -> None:
        self._write("INSERT OR REPLACE INTO debriefs VALUES (?, ?, ?)", (game, days_played, time.time()))

    def served(self, note: str) -> None:
        """A server started on this class (``note``: what it did, e.g. what it restored)."""
        self._write("INSERT INTO serves VALUES (?, ?)", (time.time(), note))

    # --- reading ------------------------------------------------------------------------------------
    def meta(self) -> dict:
        with self._lock:
            return {k: json.loads(v) for k, v in self._db.execute("SELECT key, value FROM meta")}

    def record(self) -> Record:
        with self._lock:
            db = self._db
            meta = {k: json.loads(v) for k, v in db.execute("SELECT key, value FROM meta")}
            joins = [(s, n) for s, n in db.execute("SELECT seat, name FROM joins ORDER BY at, rowid")]
            games = {n: {"number": n, "seat": s, "student": st, "side": side, "at": at, "choices": [], "debriefed": None}
                     for n, s, st, side, at in db.execute("SELECT number, seat, student, side, at FROM games ORDER BY number")}
            for row in db.execute(f"SELECT game, day, {', '.join(CHOICE_FIELDS)}, outcome FROM choices ORDER BY game, day"):
                game, day, *values, outcome = row
                games[game]["choices"].append({"day": day, **{f: v for f, v in zip(CHOICE_FIELDS, values)},
                                               "outcome": json.loads(outcome)})
            for game, days_played in db.execute("SELECT game, days_played FROM debriefs"):
                games[game]["debriefed"] = days_played
            serves = list(db.execute("SELECT at, note FROM serves ORDER BY at, rowid"))
            last = db.execute("SELECT max(at) FROM (SELECT at FROM joins UNION ALL SELECT at FROM games "
                              "UNION ALL SELECT at FROM choices UNION ALL SELECT at FROM debriefs)").fetchone()[0]
        return Record(meta, joins, list(games.values()), serves, last)
