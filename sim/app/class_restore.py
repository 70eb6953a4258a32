"""Bringing a class back from its file when the server starts again (after a crash, a Ctrl-C, a laptop that
slept), and each student's browser back into its game.

Nothing of a game's model is stored: a run is a pure function of its scenario, seed and the choices played
in it, so each game is started again from the class's start (kept in the file as data) and its choices
are played again, day by day. Each replayed day is checked against how the file says that day ended; a
difference (a model or posterior changed since the class was played) is told on the teacher's page, never
hidden. Debriefs are made again (the model's runs they compare with are shared by the whole class, so this
costs one ensemble). A student's browser is known by its Solara session cookie, which the browser keeps
across the restart: it finds its name, its class and its latest game again.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from sim.app.class_store import ClassStore, ClassStoreError, Record
from sim.app.class_table import day_outcome
from sim.app.live_run import LiveRun
from sim.player import Choice
from sim.scenario.schema import Scenario


@dataclass(frozen=True)
class Restored:
    """What a server brought back from a class's file when it started."""

    at: float
    source: Path
    students: int
    games: int
    choices: int
    debriefs: int
    last_written: float | None
    differences: tuple[str, ...] = ()

    def describe(self) -> str:
        when = time.strftime("%H:%M:%S", time.localtime(self.at))
        written = (f", last written at {time.strftime('%H:%M:%S', time.localtime(self.last_written))}"
                   if self.last_written else "")
        return (f"Restored at {when} from {self.source}{written}: {_n(self.students, 'student')}, "
                f"{_n(self.games, 'game')} replayed to their day ({_n(self.choices, 'choice')}), "
                f"{_n(self.debriefs, 'debrief')}.")


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def keep(classroom, folder) -> None:
    """Keep ``classroom`` in the class file of ``folder``: a class found there is brought back first (its
    own start replaces the one given), else the class's start is written."""
    store = ClassStore(folder)
    record = store.record()
    held = record.meta.get("code")
    if held is not None and held != classroom.code:
        store.close()
        raise ClassStoreError(f"{store.path} holds class {held}, not {classroom.code}")
    if "scenario" in record.meta:
        meta = record.meta
        classroom.dials, classroom.days = meta["dials"], meta["days"]
        classroom._built = (Scenario.model_validate(meta["scenario"]), meta["seed"], meta["problem"])
    else:
        config, seed, problem = classroom._start()
        store.set_meta(code=classroom.code, dials=classroom.dials, days=classroom.days,
                       scenario=config.model_dump(mode="json"), seed=seed, problem=problem)
    if record.joins or record.games:
        classroom.restored = replay(classroom, record, store.path)
    classroom.store = store  # from here on, every change is written
    store.served(classroom.restored.describe() if classroom.restored else "started a new class")


def replay(classroom, record: Record, source: Path) -> Restored:
    """The students and games of ``record`` into ``classroom`` (which has none yet), each game to its day."""
    from sim.app import play_tab
    from sim.app.debriefs import student_debrief

    differences: list[str] = []
    classroom.names = dict(record.joins)
    for kept in record.games:
        run = LiveRun.from_built(classroom._start(), classroom.days + 1, kept["side"])
        game = _game(classroom, kept, run)
        told = False
        for chosen in kept["choices"]:
            problem, stop = _play_again(run, chosen)
            if problem and not told:  # the first difference of a game: the later days follow from it
                differences.append(f"game {game.number} ({game.student}), day {chosen['day']}: {problem}")
                told = True
            if stop:
                break
        if kept["debriefed"] is not None:
            game.result = student_debrief(run.model, play_tab.DEBRIEF_RUNS)
        classroom.games.append(game)
        classroom.follow(game)
    classroom.changed()
    return Restored(time.time(), source, len(record.joins), len(record.games), record.choices, record.debriefs,
                    record.last_written, tuple(differences))


def _game(classroom, kept: dict, run: LiveRun):
    from sim.app.classroom import Game

    return Game(kept["number"], kept["student"], kept["seat"], run, started=kept["at"])


def _play_again(run: LiveRun, chosen: dict) -> tuple[str | None, bool]:
    """Play one recorded choice again: (what differs from the record, if anything; whether the game stops)."""
    try:
        run.play(Choice(level=chosen["level"], close_crossings=bool(chosen["close_crossings"]),
                        reopen_crossings=bool(chosen["reopen_crossings"]),
                        call_for_talks=bool(chosen["call_for_talks"]),
                        accept_ceasefire=bool(chosen["accept_ceasefire"])))
    except (ValueError, RuntimeError) as exc:
        return f"could not be played again ({exc}); the game stops at the day before", True
    day = run.model.player.choices[-1][0]
    if day != chosen["day"]:
        return f"played again as day {day}", False
    now = day_outcome(run.model, day)
    if now != chosen["outcome"]:
        return ("ended otherwise when played again than in the class (the model or its posterior changed "
                f"since?): recorded {chosen['outcome']}, now {now}"), False
    return None, False


def give_back(seat, classroom) -> None:
    """A browser that was in a restored class finds its name and its latest game (and debrief) again; asked
    once per browser and server."""
    if seat.restored or classroom is None:
        return
    seat.restored = True
    if classroom.restored is None or seat.key not in classroom.names:
        return
    seat.class_code, seat.name = classroom.code, classroom.names[seat.key]
    game = classroom.latest_game(seat.key)
    if game is not None and seat.game is None:
        seat.game, seat.result = game.run, game.result
