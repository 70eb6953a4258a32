"""The classroom page: ``escalation app [SCENARIO]`` (or ``solara run sim/app/page.py``).

Two tabs. **Watch**: the province map, both sides' levels, counters and the event feed of one run, with
Step, Play/Pause (speed), Reset and the dials in the sidebar (dials take effect on Reset; ``watch_tab.py``).
**Play an actor**: the student plays Pakistan or the Taliban administration day by day (``play_tab.py``).
With ``escalation app --class`` students join a class first, and the teacher's link (``?teacher=KEY``)
adds a third tab, **Teacher** (``teacher_tab.py``).

The page opens on day 0 already run (the scenario's opening acts), so the first view shows something.
Everything a student would lose on a reload lives on their seat (``seats.py``), so a reload finds it
again. We build our own layout from Solara parts rather than Mesa's ``SolaraViz``: its draggable grid
gives every panel the same fixed height (the 15-row map overflowed it), its parameter panel cannot show a
rule's parameters for the rule chosen in another control, and it has no place for a played side.
"""

from __future__ import annotations

import copy
import functools
import os
import threading
from urllib.parse import parse_qs

import solara
import solara.lab

from sim.app import dials as D
from sim.app import seats, serving
from sim.app.class_restore import give_back
from sim.app.classroom import CLASSES
from sim.app.dial_controls import DialControls
from sim.app.live_run import LiveRun
from sim.app.play_tab import PlayTab
from sim.app.seats import SEATS, Seat, use_kept
from sim.app.teacher_tab import TeacherTab
from sim.app.watch_tab import RunControls, WatchView, use_play_loop

TITLE = "Durand Line escalation - classroom"
SETTINGS = serving.settings()
seats.install(SETTINGS.max_sessions)  # Solara runs this file once per server: count its pages from here


@functools.cache
def startup() -> tuple[dict, tuple]:
    """The dials of the scenario given to the command, and what ``dials.build`` makes of them: read once,
    since every browser opens on this run."""
    dials = D.dials_for(_startup_name())
    return dials, D.build(dials)


def _startup_name() -> str:
    """The scenario given to ``escalation app`` (any file; it joins the picker), else oct2025."""
    path = os.environ.get("ESCALATION_SCENARIO")
    return D.register(path) if path else "oct2025"


def the_class():
    """The class this server runs (``--class``), or None; it starts from the command's scenario, or is brought
    back from its folder's file."""
    if not SETTINGS.class_code:
        return None
    return CLASSES.open(SETTINGS.class_code, startup()[0], folder=SETTINGS.class_dir)


def _query(search: str | None) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(search or "").items()}


@solara.component
def Page():
    key = seats.session_key()
    query = _query(solara.use_router().search)
    teacher = SETTINGS.teacher_key is not None and query.get("teacher") == SETTINGS.teacher_key
    seat, borrowed = solara.use_memo(lambda: _seat_for(key, teacher), [])
    # the teacher's page is let in over the limit; its place is given back with the page
    solara.use_effect(lambda: (lambda: SEATS.close_page(key)) if borrowed else None, [])
    solara.Title(TITLE)
    with solara.AppBar():
        solara.AppBarTitle(TITLE)
    if seat is None:
        solara.Error(seats.full_message(SEATS.limit), classes=["page-full"])
        return
    classroom = the_class()
    give_back(seat, classroom)  # after a restart: the browser's name and game in the restored class
    SeatPage(seat, classroom, query.get("class"), teacher)


def _seat_for(key: str | None, teacher: bool) -> tuple[Seat | None, bool]:
    """``(seat, let in over the limit)`` for this page's browser."""
    if key is None:  # no server (a test's renderer): a seat of its own
        return Seat("this-page"), False
    seat = SEATS.seated(key)
    if teacher:
        borrowed = seat is None and SEATS.open_page(key, over_limit=True)
        SEATS.mark_teacher(key)
        return SEATS.seated(key), borrowed
    return seat, False


@solara.component
def SeatPage(seat: Seat, classroom, code_given: str | None, teacher: bool):
    start_dials, built = startup()
    dials = use_kept(seat, "dials", lambda: copy.deepcopy(start_dials))
    live = use_kept(seat, "watch", lambda: LiveRun.from_built(built))
    tick = solara.use_reactive(0)  # read only by the parts drawn again each day, not by this page
    over = solara.use_reactive(not live.value.model.running)
    playing = solara.use_reactive(False)
    speed = solara.use_reactive(3)
    # set once the page has drawn the latest day: Play waits for it, so it never runs ahead of the drawing
    drawn = solara.use_memo(threading.Event, [])
    use_play_loop(live.value, tick, over, playing, speed, drawn)

    def reset():
        playing.set(False)
        live.set(LiveRun.start(dials.value))
        over.set(not live.value.model.running)
        tick.set(0)

    with solara.Sidebar():
        with solara.Card("Run"):
            RunControls(live.value, tick, over, playing, speed, reset)
        with solara.Card("Dials (take effect on Reset)"):
            DialControls(dials)
    with solara.lab.Tabs():
        if teacher and classroom is not None:
            with solara.lab.Tab("Teacher"):
                TeacherTab(classroom, SETTINGS.join_url)
        with solara.lab.Tab("Watch"):
            WatchView(live.value, tick, drawn)
        with solara.lab.Tab("Play an actor"):
            PlayTab(dials.value, seat, classroom, code_given)
