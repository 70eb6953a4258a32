"""The page's "Play an actor" tab: the student plays one side day by day, then a debrief.

The game starts from the dials as they stand (same scenario, same seed), with day 0 (the scenario's
opening) already run. Each day the student reads what their side can see (``sim.player``) and chooses;
the model plays everything else. The debrief (``sim.analysis.debrief``) sets the student's path against
the model's own runs from the same start.
"""

from __future__ import annotations

import solara

from sim.analysis.debrief import SIDE_NAMES
from sim.app.chart_data import fan_charts
from sim.app.debriefs import student_debrief
from sim.app.join_form import JoinForm
from sim.app.live_run import LiveRun
from sim.app.seats import Seat, use_kept
from sim.app.game_view import GameView
from sim.app.vue_parts import FanCharts, Sealed

SIDE_LABELS = {label: key for key, label in SIDE_NAMES.items()}  # "Pakistan": "pakistan", ...
DEBRIEF_RUNS = 100


def start_game(dials: dict, side: str, days: int) -> LiveRun:
    """A played run for the dials; day 0 is the scenario's opening, not a choice."""
    return LiveRun.start(dials, days + 1, side)


@solara.component
def PlayTab(dials: dict, seat: Seat, classroom=None, code_given: str | None = None):
    """``classroom``: the class this server runs (``escalation app --class``), or None."""
    game = use_kept(seat, "game")  # the LiveRun while playing
    result = use_kept(seat, "result")  # the Debrief once over
    tick = solara.use_reactive(0)

    def begin(run):
        result.set(None)
        game.set(run)
        tick.set(0)

    if game.value is None:
        if classroom is None:
            FreeStart(dials, begin)
        else:
            ClassStart(seat, classroom, code_given, begin)
        return

    run = game.value
    record = classroom.game_of(run) if classroom is not None else None
    if run.problem:
        solara.Error(run.problem)
    if result.value is not None:
        Debriefing(result.value, on_again=lambda: (game.set(None), result.set(None)))
        return

    def finish():  # the game is over or stopped: nothing steps the model any more
        outcome = student_debrief(run.model, n_runs=DEBRIEF_RUNS)
        if record is not None:
            classroom.debriefed(record, outcome)
        result.set(outcome)

    GameView(run, tick, finish, on_day=classroom.changed if record is not None else None)


def _side_choice() -> solara.Reactive:
    return solara.use_reactive("Pakistan")


@solara.component
def FreeStart(dials: dict, on_start):
    side_label = _side_choice()
    days = solara.use_reactive(20)
    solara.Markdown("Play **Pakistan** or the **Taliban administration** against the model. Each day you "
                    "read what your side can see and choose what it does; the model plays everyone else. "
                    f"At the end you see your path against {DEBRIEF_RUNS} of the model's own runs from the "
                    "same start (the seed and dials in the sidebar).")
    solara.ToggleButtonsSingle(value=side_label, values=list(SIDE_LABELS), classes=["side-choice"])
    solara.SliderInt("Days to play", value=days, min=3, max=60)
    solara.Button("Start playing", color="primary", classes=["play-start"],
                  on_click=lambda: on_start(start_game(dials, SIDE_LABELS[side_label.value], days.value)))


@solara.component
def ClassStart(seat: Seat, classroom, code_given: str | None, on_start):
    joined = use_kept(seat, "name")
    side_label = _side_choice()
    if joined.value is None or seat.class_code != classroom.code:
        def on_joined(code, name):
            seat.class_code = code
            joined.set(name)

        JoinForm(seat, code_given, on_joined)
        return
    with solara.Div(classes=["joined-as"]):
        solara.Markdown(f"You are **{joined.value}** in class **{classroom.code}**. Choose your side: each day you "
                        "read what it can see and choose what it does; the model plays everyone else. Your class "
                        f"plays {classroom.days} days from the same start, and your teacher sees every game.")
    solara.ToggleButtonsSingle(value=side_label, values=list(SIDE_LABELS), classes=["side-choice"])
    solara.Button("Start playing", color="primary", classes=["play-start"],
                  on_click=lambda: on_start(classroom.start_game(seat.key, SIDE_LABELS[side_label.value]).run))


@solara.component
def Debriefing(result, on_again):
    with solara.Div(classes=["debrief"]):
        solara.Markdown("## Debrief\n\n" + result.summary_markdown())
        charts = solara.use_memo(lambda: Sealed(fan_charts(result)), [result])
        solara.Markdown(f"**Your game against {len(result.runs)} of the model's runs from the same start**")
        FanCharts(charts)
        solara.Markdown("**Questions.** Why did the spiral start? What stopped it - or why did nothing stop it? "
                        "Where did your choices differ from the model's on your seed (the dashed line), and what "
                        "did that change? What would you do differently?")
    solara.Button("Play again", on_click=on_again, color="primary", classes=["play-again"])
