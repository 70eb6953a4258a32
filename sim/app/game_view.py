"""A played game's day on the page: what the side sees, the decision form, and the levels, events and map.

The day is one browser-drawn view (``game_day.vue``) holding the form: after a day is played the server
sends that view's data (one update) and touches nothing in the form but its buttons, when they change.
"""

from __future__ import annotations

import solara

from sim.app.batching import use_batched
from sim.app.live_run import LiveRun
from sim.app.vue_parts import GameDay
from sim.player import Choice, options


@solara.component
def GameView(run: LiveRun, tick, on_finish, on_day=None):
    tick.value  # noqa: B018 - read so that the day is drawn again after every day played
    GameDay(run.geometry, run.game_day(), DecisionForm(run, tick, on_finish=on_finish, on_day=on_day))


@solara.component
def DecisionForm(run: LiveRun, tick, on_finish, on_day=None):
    side = run.model.player.side.key
    labels = solara.use_memo(lambda: [label for _, label in options(side)], [side])
    act = solara.use_reactive(labels[0])
    close = solara.use_reactive(False)
    reopen = solara.use_reactive(False)
    talks = solara.use_reactive(False)
    accept = solara.use_reactive(True)
    error = solara.use_reactive(None)
    # what the buttons depend on, (a day was played, the game goes on): it changes twice a game, not daily
    status = solara.use_reactive((run.model.day >= 1, run.model.running))

    @use_batched
    def play_day():
        if not run.model.running:  # a second click that left before the button was disabled
            return
        try:
            choice = Choice(level=labels.index(act.value), close_crossings=close.value, reopen_crossings=reopen.value,
                            call_for_talks=talks.value, accept_ceasefire=accept.value)
        except ValueError as exc:
            error.set(str(exc))
            return
        error.set(None)
        run.play(choice)
        close.set(False), reopen.set(False), talks.set(False)
        tick.set(tick.value + 1)
        status.set((run.model.day >= 1, run.model.running))
        if on_day is not None:
            on_day()
        if not run.model.running:
            on_finish()

    with solara.Card("Your decision"):
        solara.Select("Your act today (rung of the ladder)", values=labels, value=act, classes=["act-choice"])
        solara.Checkbox(label="Close all trade crossings", value=close)
        solara.Checkbox(label="Reopen the crossings you closed", value=reopen)
        solara.Checkbox(label="Call for talks (ask a mediator to host them)", value=talks)
        solara.Checkbox(label="Accept a ceasefire if one is offered", value=accept)
        if error.value:
            solara.Error(error.value, classes=["play-problem"])
        DayButtons(status, play_day, on_finish)


@solara.component
def DayButtons(status, on_play, on_finish):
    played, going_on = status.value
    with solara.Row():
        solara.Button("Play this day", on_click=on_play, color="primary", classes=["play-day"], disabled=not going_on)
        solara.Button("End and debrief", on_click=on_finish, disabled=not played, classes=["play-end"])
