"""The classroom page: ``escalation app [SCENARIO]`` (or ``solara run sim/app/page.py``).

Two tabs. **Watch**: the province map, both sides' levels, counters and the event feed of one run, with
Step, Play/Pause (speed), Reset and the dials in the sidebar (dials take effect on Reset). **Play an
actor**: the student plays Pakistan or the Taliban administration day by day (``play_tab.py``).

The page opens on day 0 already run (the scenario's opening acts), so the first view shows something.
We build our own layout from Solara parts rather than Mesa's ``SolaraViz``: its draggable grid gives
every panel the same fixed height (the 15-row map overflowed it), its parameter panel cannot show a
rule's parameters for the rule chosen in another control, and it has no place for a played side.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from dataclasses import dataclass, field

import solara
import solara.lab

from sim.app import dials as D
from sim.app.figure import Figure
from sim.app.model_view import counters_markdown, event_feed, levels_figure, province_map_figure
from sim.app.play_tab import PlayTab
from sim.model import EscalationModel
from sim.rules import RULES

TITLE = "Durand Line escalation - classroom"
INTRO = ("The October 2025 border crisis between Pakistan and the Taliban administration, as an agent-based "
         "model. **Step** runs one day; **Play** runs on. Turn the dials in the sidebar and press **Reset** to "
         "run again. Each colour on the map is recent violence; diamonds are the border crossings.")


@dataclass(eq=False)
class Live:
    """The run on the Watch tab. Play runs days in a thread of its own while the page draws in another, so
    both hold ``lock``: nothing is drawn from a day half-run."""

    model: EscalationModel
    problem: str | None
    lock: threading.RLock = field(default_factory=threading.RLock)

    @classmethod
    def start(cls, dials: dict) -> Live:
        return cls(*D.opening(dials))


def day_headline(model) -> str:
    date = model.config.start_date
    when = f" ({date + dt.timedelta(days=model.day):%d %b %Y})" if date else ""
    return f"Day {model.day}{when} of {model.horizon}"


@solara.component
def WatchView(live: Live, tick: int):
    if live.problem:
        solara.Error(live.problem, classes=["page-problem"])
    solara.Markdown(INTRO)
    with live.lock:
        counts, lines = counters_markdown(live.model), event_feed(live.model, 12)
    with solara.Columns([5, 7]):
        with solara.Column():
            Figure(province_map_figure, live.model, tick, "province-map", live.lock)
        with solara.Column():
            solara.Markdown(counts)
            Figure(levels_figure, live.model, tick, "levels-chart", live.lock)
            with solara.Div(classes=["event-feed"]):
                solara.Markdown("**Latest events** (newest first)\n\n"
                                + ("\n".join(f"- {line}" for line in lines) if lines else "_none yet_"))


@solara.component
def RunControls(live: Live, tick, playing, speed, on_reset):
    tick.value  # noqa: B018 - read so that the headline is drawn again after every step
    model = live.model
    with live.lock:
        headline = day_headline(model)
    solara.Text(headline, classes=["day-counter"], style={"font-size": "1.2em", "font-weight": "bold"})

    def step():
        with live.lock:
            if model.running:
                model.step()
        tick.set(tick.value + 1)

    with solara.Row():
        solara.Button("Step", on_click=step, color="primary", disabled=playing.value or not model.running,
                      classes=["step-button"])
        solara.Button("Pause" if playing.value else "Play", color="primary", disabled=not model.running,
                      on_click=lambda: playing.set(not playing.value), classes=["play-button"])
        solara.Button("Reset", on_click=on_reset, color="secondary", classes=["reset-button"])
    solara.SliderInt("Speed (days per second)", value=speed, min=1, max=10)
    if not model.running:
        solara.Info("The run is over: press Reset to start again.")


@solara.component
def DialControls(dials):
    d = dials.value

    def put(**changes):
        dials.set({**dials.value, **changes})

    def pick_scenario(name):
        dials.set(D.dials_for(name))

    solara.Select("Scenario", values=list(D.SCENARIOS), value=d["scenario_name"], on_value=pick_scenario)
    seed_error = _problem(lambda: D.parse_seed(d["seed"]))
    solara.InputText("Seed (whole number)", value=d["seed"], on_value=lambda v: put(seed=v),
                     error=seed_error or False, message=seed_error or "", classes=["seed-input"])
    solara.SliderFloat("Restraint pressure (mediators)", value=d["restraint_pressure"], min=0.0, max=3.0, step=0.1,
                       on_value=lambda v: put(restraint_pressure=v))
    for side, label in (("pakistan", "Pakistan's rule"), ("taliban", "Taliban's rule")):
        RuleDials(dials, side, label)
    solara.Text("Mediators active")
    for key, on in d["mediators"].items():
        solara.Checkbox(label=key.replace("_", " ").title(), value=on,
                        on_value=lambda v, key=key: put(mediators={**dials.value["mediators"], key: v}))


@solara.component
def RuleDials(dials, side, label):
    rule = dials.value["rules"][side]
    solara.Select(label, values=sorted(RULES), value=rule["name"],
                  on_value=lambda name: dials.set(D.with_rule(dials.value, side, name)))

    def set_param(key, text):
        rules = {**dials.value["rules"], side: {**dials.value["rules"][side], key: text}}
        dials.set({**dials.value, "rules": rules})

    problems = D.rule_problems(rule)
    for key in D.rule_parameters(rule["name"]):
        message = problems.get(key, "")
        solara.InputText(f"  {key}", value=rule[key], on_value=lambda v, key=key: set_param(key, v),
                         error=bool(message), message=message, classes=[f"param-{side}-{key}"])


def _problem(check) -> str | None:
    try:
        check()
    except ValueError as exc:
        return str(exc)
    return None


@solara.component
def Page():
    start = solara.use_memo(lambda: D.dials_for(_startup_name()), [])
    dials = solara.use_reactive(start)
    first = solara.use_memo(lambda: Live.start(start), [])
    live = solara.use_reactive(first)
    tick = solara.use_reactive(0)
    playing = solara.use_reactive(False)
    speed = solara.use_reactive(3)
    # set once the page has drawn the latest day: Play waits for it, so it never runs ahead of the drawing
    drawn = solara.use_memo(threading.Event, [])
    solara.use_effect(drawn.set, [tick.value, live.value])

    def reset():
        playing.set(False)
        live.set(Live.start(dials.value))
        tick.set(0)

    def loop(cancel: threading.Event):
        run = live.value
        while playing.value and run.model.running and live.value is run:
            started = time.monotonic()
            while not drawn.wait(0.1):
                if cancel.is_set() or not playing.value:
                    return
            drawn.clear()
            with run.lock:
                run.model.step()
            tick.set(tick.value + 1)
            time.sleep(max(0.0, 1.0 / max(1, speed.value) - (time.monotonic() - started)))
        if not run.model.running:
            playing.set(False)

    # not intrusive: a cancel must never interrupt a day half-run
    solara.use_thread(loop, dependencies=[playing.value, live.value], intrusive_cancel=False)

    solara.Title(TITLE)
    with solara.AppBar():
        solara.AppBarTitle(TITLE)
    with solara.Sidebar():
        with solara.Card("Run"):
            RunControls(live.value, tick, playing, speed, reset)
        with solara.Card("Dials (take effect on Reset)"):
            DialControls(dials)
    with solara.lab.Tabs():
        with solara.lab.Tab("Watch"):
            WatchView(live.value, tick.value)
        with solara.lab.Tab("Play an actor"):
            PlayTab(dials.value)


def _startup_name() -> str:
    """The scenario given to ``escalation app`` (any file; it joins the picker), else oct2025."""
    path = os.environ.get("ESCALATION_SCENARIO")
    return D.register(path) if path else "oct2025"
