"""The page's seats: who holds a place on this server, and what a student finds again after a reload.

A seat is one browser, named by Solara's session cookie (kept by the browser until 2038): a reload, a
second tab or a reconnect after the wifi dropped is the same seat. It keeps what a reload would
otherwise lose: the dials, the Watch run, the played game and its debrief, the class joined and the
name given there.

The server gives at most ``limit`` students' seats a page at once (a page is a Solara kernel: it starts when a
browser opens the page and ends when the browser closes it, or a few minutes after it lost its
connection). A browser beyond the limit gets a message instead of the page; the teacher's link is
always let in and takes no student's place. When the server is full, a seat none of whose pages is still
connected (a browser that vanished without saying so: a laptop put to sleep, a tab killed) does not
count: its place goes to the browser asking for it, and the sleeping one is let back in if it returns. A seat whose pages are all
closed frees its place at once; its game stays here for when the browser comes back, as long as the
server runs.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.analysis.debrief import Debrief
    from sim.app.live_run import LiveRun

DEFAULT_LIMIT = 40  # a class of up to 35 students, their teacher and a few spare tabs


@dataclass(eq=False)
class Seat:
    key: str
    pages: int = 0  # the browser's open pages on this server
    dials: dict | None = None
    watch: LiveRun | None = None  # the Watch tab's run
    game: LiveRun | None = None  # the Play tab's game
    result: Debrief | None = None  # the game's debrief, once over
    class_code: str | None = None
    name: str | None = None
    teacher: bool = False  # the teacher's browser: it never takes a student's place
    restored: bool = False  # asked once whether a restored class had this browser (class_restore.give_back)


class Seats:
    """The seats of one server, safe to use from every session's thread. ``connected()``, when given, names
    the browsers with a page still connected (asked only when the server is full)."""

    def __init__(self, limit: int = DEFAULT_LIMIT, connected=None):
        self.limit = limit
        self.connected = connected
        self._seats: dict[str, Seat] = {}
        self._lock = threading.Lock()

    def open_page(self, key: str, over_limit: bool = False) -> bool:
        """A page of browser ``key`` opens: True if it has a place (a seat already open always has; the
        teacher's page is let in ``over_limit``)."""
        with self._lock:
            seat = self._seats.get(key)
            if seat is None or seat.pages == 0:
                if self._live() >= self.limit and not over_limit and self._live(self._still_there()) >= self.limit:
                    return False
                seat = self._seats.setdefault(key, Seat(key))
            seat.pages += 1
            return True

    def close_page(self, key: str) -> None:
        with self._lock:
            seat = self._seats.get(key)
            if seat is not None and seat.pages > 0:
                seat.pages -= 1

    def seated(self, key: str) -> Seat | None:
        """The seat of browser ``key`` if it holds a place now, else None (the server was full)."""
        with self._lock:
            seat = self._seats.get(key)
            return seat if seat is not None and seat.pages > 0 else None

    def live(self) -> int:
        """Browsers holding a place now."""
        with self._lock:
            return self._live()

    def _live(self, among: set[str] | None = None) -> int:
        return sum(1 for s in self._seats.values()
                   if s.pages > 0 and not s.teacher and (among is None or s.key in among))

    def _still_there(self) -> set[str] | None:
        return self.connected() if self.connected is not None else None

    def mark_teacher(self, key: str) -> None:
        """Browser ``key`` opened the teacher's link: its place goes back to the students."""
        with self._lock:
            if key in self._seats:
                self._seats[key].teacher = True


def full_message(limit: int) -> str:
    return (f"The classroom page is full: {limit} browser{'s have' if limit != 1 else ' has'} it open, the most this server takes "
            "(`escalation app --max-sessions N` sets it). Close the page in another browser, or ask your "
            "teacher, then reload this page.")


SEATS = Seats()
_installed = threading.Event()


def connected_sessions() -> set[str]:
    """The browsers (Solara session ids) with a page connected to this server now, or still connecting: a
    kernel whose page has not connected yet is a browser arriving, not one gone (so two students joining
    at once cannot both take the last place)."""
    from solara.server import kernel_context

    return {c.session_id for c in list(kernel_context.contexts.values())
            if not c.page_status or kernel_context.PageStatus.CONNECTED in tuple(c.page_status.values())}


def install(limit: int) -> None:
    """Count this server's pages from now on (once per process; a later call only sets the limit)."""
    SEATS.limit = limit
    SEATS.connected = connected_sessions
    if _installed.is_set():
        return
    _installed.set()
    import solara.lab

    def on_start():
        key = solara.get_session_id()
        if not SEATS.open_page(key):
            return None
        return lambda: SEATS.close_page(key)

    solara.lab.on_kernel_start(on_start)


def session_key() -> str | None:
    """This page's browser (Solara's session id), or None outside a server (a test's renderer)."""
    import solara

    try:
        return solara.get_session_id()
    except RuntimeError:
        return None


def use_kept(seat: Seat, name: str, make=None):
    """A reactive value (inside a component) that is also kept on ``seat``, so a reload finds it again;
    ``make()`` gives its first value when the seat has none yet."""
    import solara

    if getattr(seat, name) is None and make is not None:
        setattr(seat, name, make())
    return solara.use_reactive(getattr(seat, name), on_change=lambda value: setattr(seat, name, value))
