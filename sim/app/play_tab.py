"""The page's "Play an actor" tab: the student plays one side day by day, then a debrief.

The game starts from the dials as they stand (same scenario, same seed), with day 0 (the scenario's
opening) already run. Each day the student reads what their side can see (``sim.player``) and chooses;
the model plays everything else. The debrief (``sim.analysis.debrief``) sets the student's path against
the model's own runs from the same start.
"""

from __future__ import annotations

import solara

from sim.analysis.debrief import debrief
from sim.app import dials as D
from sim.app.figure import Figure
from sim.app.model_view import event_feed, levels_figure, province_map_figure
from sim.player import Choice, describe_view, options, what_side_sees

SIDE_LABELS = {"Pakistan": "pakistan", "Taliban administration": "taliban"}
DEBRIEF_RUNS = 100


def start_game(dials: dict, side: str, days: int):
    """A played run for the dials: ``(model, problem)``; day 0 is the scenario's opening, not a choice."""
    model, problem = D.opening(dials, days + 1)
    model.set_player(side)
    return model, problem


@solara.component
def PlayTab(dials: dict):
    game = solara.use_reactive(None)  # (model, problem) while playing
    result = solara.use_reactive(None)  # the Debrief once over
    tick = solara.use_reactive(0)
    side_label = solara.use_reactive("Pakistan")
    days = solara.use_reactive(20)

    if game.value is None:
        solara.Markdown("Play **Pakistan** or the **Taliban administration** against the model. Each day you "
                        "read what your side can see and choose what it does; the model plays everyone else. "
                        f"At the end you see your path against {DEBRIEF_RUNS} of the model's own runs from the "
                        "same start (the seed and dials in the sidebar).")
        solara.ToggleButtonsSingle(value=side_label, values=list(SIDE_LABELS), classes=["side-choice"])
        solara.SliderInt("Days to play", value=days, min=3, max=60)

        def begin():
            result.set(None)
            game.set(start_game(dials, SIDE_LABELS[side_label.value], days.value))
            tick.set(0)

        solara.Button("Start playing", on_click=begin, color="primary", classes=["play-start"])
        return

    model, problem = game.value
    if problem:
        solara.Error(problem)
    if result.value is not None:
        Debriefing(result.value, on_again=lambda: (game.set(None), result.set(None)))
        return

    def finish():
        result.set(debrief(model, n_runs=DEBRIEF_RUNS))

    with solara.Columns([5, 7]):
        with solara.Column():
            with solara.Div(classes=["briefing"]):
                side = model.player.side.key
                solara.Markdown(describe_view(what_side_sees(model, side), side))
            DecisionForm(model, tick, on_finish=finish)
        with solara.Column():
            Figure(levels_figure, model, tick.value, "play-levels-chart")
            lines = event_feed(model, 8)
            with solara.Div(classes=["play-event-feed"]):
                solara.Markdown("**Latest events**\n\n" + "\n".join(f"- {line}" for line in lines))
            Figure(province_map_figure, model, tick.value, "play-map")


@solara.component
def DecisionForm(model, tick, on_finish):
    tick.value  # noqa: B018 - read so that the form is drawn again after every day
    side = model.player.side.key
    labels = [label for _, label in options(side)]
    act = solara.use_reactive(labels[0])
    close = solara.use_reactive(False)
    reopen = solara.use_reactive(False)
    talks = solara.use_reactive(False)
    accept = solara.use_reactive(True)
    error = solara.use_reactive(None)
    played = model.day  # days played by the student (day 0 was the opening)
    to_play = model.horizon - 1

    def play_day():
        try:
            choice = Choice(level=labels.index(act.value), close_crossings=close.value, reopen_crossings=reopen.value,
                            call_for_talks=talks.value, accept_ceasefire=accept.value)
        except ValueError as exc:
            error.set(str(exc))
            return
        error.set(None)
        model.play(choice)
        close.set(False), reopen.set(False), talks.set(False)
        tick.set(tick.value + 1)
        if not model.running:
            on_finish()

    with solara.Card(f"Your decision for day {model.day + 1}"):
        solara.Text(f"Days played: {played} of {to_play}", classes=["play-day-counter"])
        solara.Select("Your act today (rung of the ladder)", values=labels, value=act, classes=["act-choice"])
        solara.Checkbox(label="Close all trade crossings", value=close)
        solara.Checkbox(label="Reopen the crossings you closed", value=reopen)
        solara.Checkbox(label="Call for talks (ask a mediator to host them)", value=talks)
        solara.Checkbox(label="Accept a ceasefire if one is offered", value=accept)
        if error.value:
            solara.Error(error.value, classes=["play-problem"])
        with solara.Row():
            solara.Button("Play this day", on_click=play_day, color="primary", classes=["play-day"],
                          disabled=not model.running)
            solara.Button("End and debrief", on_click=on_finish, disabled=played < 1, classes=["play-end"])


@solara.component
def Debriefing(result, on_again):
    with solara.Div(classes=["debrief"]):
        solara.Markdown("## Debrief\n\n" + result.summary_markdown())
        fig = solara.use_memo(result.figure, [result])
        solara.FigureMatplotlib(fig, format="png")
        solara.Markdown("**Questions.** Why did the spiral start? What stopped it - or why did nothing stop it? "
                        "Where did your choices differ from the model's on your seed (the dashed line), and what "
                        "did that change? What would you do differently?")
    solara.Button("Play again", on_click=on_again, color="primary", classes=["play-again"])
