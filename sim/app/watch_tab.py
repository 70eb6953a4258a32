"""The Watch tab: one run's map, counters, levels and events, and the sidebar's Step, Play/Pause and Reset.

Play runs days in a thread of its own; it waits until the page has drawn a day before it runs the next,
so it never runs ahead of the drawing, and it never stops a day half-run.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

import solara

from sim.app import present
from sim.app.batching import use_batched
from sim.app.live_run import LiveRun
from sim.app.vue_parts import WatchDay

INTRO = ("The October 2025 border crisis between Pakistan and the Taliban administration, as an agent-based "
         "model. **Step** runs one day; **Play** runs on. Turn the dials in the sidebar and press **Reset** to "
         "run again. Each colour on the map is recent violence; diamonds are the border crossings. Point at a "
         "province for its posts, deaths and latest acts, or at the chart for a day's levels.")


INTRO_PRESENT = ("**From the present.** This run starts today, from one of the model's states consistent with "
                 "everything observed since 2021 (the history's particle filter): the crossings, both sides' postures "
                 "and grievances as that state has them. **Step** runs one day; **Play** runs on. The seed chooses the "
                 "state and its future; the other dials change what happens from today, on Reset. Counters count from "
                 "today.")


def day_headline(model) -> str:
    date = model.config.start_date
    first = present.first_day(model)
    when = f" ({date + dt.timedelta(days=model.day):%d %b %Y})" if date else ""
    return f"Day {model.day - first}{when} of {model.horizon - first}"


@solara.component
def WatchView(live: LiveRun, tick, drawn: threading.Event):
    if live.problem:
        solara.Error(live.problem, classes=["page-problem"])
    solara.Markdown(INTRO_PRESENT if present.active() else INTRO)
    WatchToday(live, tick)
    Drawn(live, tick, drawn)


@solara.component
def WatchToday(live: LiveRun, tick):
    tick.value  # noqa: B018 - read so that the day is drawn again after every step
    WatchDay(live.geometry, live.watch_day())


@solara.component
def Drawn(live: LiveRun, tick, drawn: threading.Event):
    """Sets ``drawn`` once the page has drawn the latest day (Play waits for it); draws nothing itself."""
    solara.use_effect(drawn.set, [live, tick.value])


def advance(live: LiveRun, tick, over) -> None:
    """One more day of ``live`` unless it is over (Step's, and Play's each day): the day is drawn, and
    ``over`` learns whether that was the last."""
    if live.step():
        tick.set(tick.value + 1)
        over.set(not live.model.running)


@solara.component
def RunControls(live: LiveRun, tick, over, playing, speed, on_reset):
    """``over``: a reactive True once the run is over (it changes once a run, so the buttons are not drawn
    again every day)."""

    step = use_batched(lambda: advance(live, tick, over))
    Headline(live, tick)
    with solara.Row():
        solara.Button("Step", on_click=step, color="primary", disabled=playing.value or over.value,
                      classes=["step-button"])
        solara.Button("Pause" if playing.value else "Play", color="primary", disabled=over.value,
                      on_click=lambda: playing.set(not playing.value), classes=["play-button"])
        solara.Button("Reset", on_click=on_reset, color="secondary", classes=["reset-button"])
    solara.SliderInt("Speed (days per second)", value=speed, min=1, max=10)
    if over.value:
        solara.Info("The run is over: press Reset to start again.")


@solara.component
def Headline(live: LiveRun, tick):
    tick.value  # noqa: B018 - read so that the headline is drawn again after every step
    with live.lock:
        headline = day_headline(live.model)
    solara.Text(headline, classes=["day-counter"], style={"font-size": "1.2em", "font-weight": "bold"})


def use_play_loop(live: LiveRun, tick, over, playing, speed, drawn: threading.Event) -> None:
    """While ``playing``, run ``live`` on at ``speed`` days a second, a day only once the last one is drawn."""

    next_day = use_batched(lambda: advance(live, tick, over))

    def loop(cancel: threading.Event):
        run = live
        while playing.value and run.model.running:
            started = time.monotonic()
            while not drawn.wait(0.1):
                if cancel.is_set() or not playing.value:
                    return
            drawn.clear()
            if cancel.is_set():
                return
            next_day()
            time.sleep(max(0.0, 1.0 / max(1, speed.value) - (time.monotonic() - started)))
        if not run.model.running:
            playing.set(False)

    # not intrusive: a cancel must never interrupt a day half-run
    solara.use_thread(loop, dependencies=[playing.value, live], intrusive_cancel=False)
