"""A class on one server: its code, the start every student plays from, and every student's games.

The registry lives in the server process, shared by every session: students join a class by its code
and a name, each game they start is recorded in it, and the teacher's view reads them all. A class's
start (scenario, seed, dials) and its length are fixed when the class is made, so that every game and
the model's ensemble it is compared with start alike.

A class with a folder (``escalation app --class``) also writes every join, game, choice and debrief to
its file as it happens (``class_store.py``; a choice from inside the step that plays it, before the page
shows the day), and is brought back from it when the server starts again (``class_restore.py``). A write
that fails (a full disk) does not stop the lesson: the games go on in memory, and the teacher's page says
from when the file stopped following.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass, field
from functools import partial

from sim.app import dials as D
from sim.app.class_table import day_outcome
from sim.app.live_run import LiveRun

NAME_LENGTH = 40
CLASS_DAYS = 20  # days each student plays (the 45-minute plan's Play an actor part)


@dataclass(eq=False)
class Game:
    number: int  # in the order the class's games started, from 1
    student: str
    seat: str
    run: LiveRun
    started: float = field(default_factory=time.time)
    result: object = None  # the game's Debrief, once over

    @property
    def side(self) -> str:
        return self.run.model.player.side.key


@dataclass(eq=False)
class Classroom:
    code: str
    dials: dict  # the start every game plays from
    days: int = CLASS_DAYS
    games: list[Game] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # seat -> the name it joined with
    version: int = 0  # goes up with every change the teacher's table shows
    lock: threading.RLock = field(default_factory=threading.RLock)
    store: object = None  # the class's file (a ClassStore), if it has a folder
    restored: object = None  # what was brought back from the file when the server started (a Restored)
    store_problem: str | None = None  # why the file stopped following the class, once it did
    _built: tuple | None = None

    def join(self, seat: str, name: str) -> str:
        """The name ``seat`` plays under (a seat that joined before keeps its name); a bad or taken name
        is a ValueError whose message says so."""
        name = " ".join(str(name).split())
        with self.lock:
            if seat in self.names:
                return self.names[seat]
            if not name:
                raise ValueError("Type your name (or your pair's names) to join.")
            if len(name) > NAME_LENGTH:
                raise ValueError(f"A name of at most {NAME_LENGTH} characters, please.")
            if name.casefold() in {n.casefold() for n in self.names.values()}:
                raise ValueError(f"Someone in this class already joined as {name!r}: add an initial.")
            self.names[seat] = name
            self._save(lambda store: store.joined(seat, name))
            self.changed()
            return name

    def start_game(self, seat: str, side: str) -> Game:
        """A new game for a student who joined, from the class's start."""
        with self.lock:
            if seat not in self.names:
                raise ValueError("join the class first")
            game = Game(len(self.games) + 1, self.names[seat], seat, LiveRun.from_built(self._start(), self.days + 1, side))
            self.games.append(game)
            self._save(lambda store: store.game_started(game.number, seat, game.student, side))
            self.follow(game)
            self.changed()
            return game

    def follow(self, game: Game) -> None:
        """Write each day ``game`` plays to the class's file, from inside the step (before the page shows it)."""
        game.run.on_play = partial(self._chose, game)

    def _chose(self, game: Game, day: int, choice, model) -> None:
        outcome = day_outcome(model, day)
        self._save(lambda store: store.chose(game.number, day, choice, outcome))

    def debriefed(self, game: Game, result) -> None:
        """``game`` is over and ``result`` is its debrief."""
        game.result = result
        self._save(lambda store: store.debriefed(game.number, result.days_played))
        self.changed()

    def latest_game(self, seat: str) -> Game | None:
        """The last game ``seat`` started (what a student's browser goes back to)."""
        with self.lock:
            return next((g for g in reversed(self.games) if g.seat == seat), None)

    def _save(self, write) -> None:
        if self.store is None:
            return
        try:
            write(self.store)
        except (sqlite3.Error, OSError) as exc:
            if self.store_problem is None:
                self.store_problem = (f"Since {time.strftime('%H:%M:%S')} the class could not be written to "
                                      f"{self.store.path} ({exc}): the games go on, but a restart of the server "
                                      "would bring back only what came before.")
                self.changed()

    def game_of(self, run: LiveRun) -> Game | None:
        with self.lock:
            return next((g for g in self.games if g.run is run), None)

    def changed(self) -> None:
        with self.lock:
            self.version += 1

    def problem(self) -> str | None:
        """What was wrong with the class's dials (the class then plays the scenario's own values)."""
        return self._start()[2]

    def _start(self) -> tuple:
        """What ``dials.build`` makes of the class's dials, ``(scenario, seed, problem)``: read and checked once."""
        with self.lock:
            if self._built is None:
                self._built = D.build(self.dials)
            return self._built


class Classes:
    """Every class this server runs, by code."""

    def __init__(self):
        self._classes: dict[str, Classroom] = {}
        self._lock = threading.Lock()

    def open(self, code: str, dials: dict, days: int = CLASS_DAYS, folder=None) -> Classroom:
        """The class ``code``, made with this start the first time it is asked for; with a ``folder``, kept in
        its file, and first brought back from it if it holds the class (its own start then applies)."""
        with self._lock:
            if code not in self._classes:
                classroom = Classroom(code, dials, days)
                if folder is not None:
                    from sim.app.class_restore import keep

                    keep(classroom, folder)
                self._classes[code] = classroom
            return self._classes[code]

    def get(self, code: str) -> Classroom | None:
        with self._lock:
            return self._classes.get(str(code).strip().upper())


CLASSES = Classes()
