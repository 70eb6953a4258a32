"""A student's debrief, with the model's runs shared by every game from the same start.

``sim.analysis.debrief.debrief`` runs the model on the game's seed and on ``n_runs`` other seeds, from the
game's scenario, for as many days as were played: none of that depends on the student's choices. A
class plays one start, so the first game to finish pays for those runs (about a second for 100 runs of
20 days) and every later game of the same length takes them from here, with only its own path swapped in.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace

from sim.analysis.debrief import Debrief, debrief, levels, outcomes
from sim.app.present import start_for

KEEP = 32  # starts remembered (a class has one; each early "End and debrief" adds a length)
_runs: OrderedDict[tuple, Debrief] = OrderedDict()
_lock = threading.Lock()
_making: dict[tuple, threading.Lock] = {}  # one lock per start being run: a class finishing together runs it once


def _start_key(model, n_runs: int) -> tuple:
    seed = model.seed if model.seed is not None else model.config.seed
    return model.config.model_dump_json(), seed, model.day + 1, n_runs


def _debrief(model, n_runs: int) -> Debrief:
    """The analysis's debrief; a game from the present against its particle's forks (sim/app/present.py)."""
    start = start_for(model)
    return debrief(model, n_runs=n_runs) if start is None else debrief(model, n_runs=n_runs, start=start)


def student_debrief(model, n_runs: int) -> Debrief:
    """``debrief(model, n_runs)``, reusing the model's runs of an earlier game from the same start."""
    if model.player is None or not model.player.choices:
        return _debrief(model, n_runs)  # the same message as the analysis gives
    key = _start_key(model, n_runs)
    with _lock:
        making = _making.setdefault(key, threading.Lock())
    with making:
        with _lock:
            shared = _runs.get(key)
            if shared is not None:
                _runs.move_to_end(key)
        if shared is None:
            result = _debrief(model, n_runs)
            with _lock:
                _runs[key] = result
                while len(_runs) > KEEP:
                    _runs.pop(next(iter(_runs)))
                _making.pop(key, None)
            return result
    return replace(shared, side=model.player.side.key, days_played=len(model.player.choices),
                   student=outcomes(model), student_levels=levels(model),
                   ceasefire=list(model.datacollector.model_vars["ceasefire"]))


def finished_results(classroom, n_runs: int) -> tuple[list, list]:
    """``(games with a debrief, games still playing)``; a game played to its end that has no debrief yet
    gets one here (the model's runs are shared, so this is quick)."""
    done, playing = [], []
    with classroom.lock:
        games = list(classroom.games)
    for game in games:
        if game.result is None and not game.run.model.running:
            with game.run.lock:
                result = student_debrief(game.run.model, n_runs)
            classroom.debriefed(game, result)
        (done if game.result is not None else playing).append(game)
    return done, playing
