"""A run on the page (the Watch tab's, or a student's game) and what the browser is sent of it each day.

The run is stepped by its page (a click, or Play's own thread) and read by others (the same page drawing
it, a teacher's table in another session), so every step and every read holds ``lock``: nothing is drawn
from a day half-run. What the browser is sent of a day is worked out once per day, whoever asks first.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from sim.app import dials as D
from sim.app import present
from sim.app.chart_data import levels_chart
from sim.app.map_data import ProvinceHistory, map_layout, map_state
from sim.app.model_view import counters_view, event_feed
from sim.app.vue_parts import Sealed
from sim.model import EscalationModel
from sim.player import Choice, describe_view, what_side_sees

FEED_LINES = 12


@dataclass(frozen=True)
class DayView:
    """One day of a run as the browser draws it, as small JSON-able data."""

    day: int
    map: dict
    chart: dict
    counters: dict
    feed: list[str]


def briefing_lines(markdown: str) -> dict:
    """``sim.player.describe_view``'s Markdown (a bold first line, then one item a line) as the browser's
    ``briefing.vue`` shows it: ``{"title": ..., "items": [...]}``."""
    first, *rest = markdown.splitlines()
    return {"title": first.strip("*"), "items": [line.removeprefix("- ") for line in rest if line.strip()]}


@dataclass(eq=False)
class LiveRun:
    model: EscalationModel
    problem: str | None = None
    lock: threading.RLock = field(default_factory=threading.RLock)
    days_run: int = 0  # steps taken on the page (changes whenever the model does)
    on_play: Callable | None = None  # told (day, choice, model) of each day played, inside the step's lock
    _history: ProvinceHistory | None = None
    _geometry: Sealed | None = None
    _view: DayView | None = None
    _sealed: dict = field(default_factory=dict)  # (what, day) -> the Sealed data sent for it

    @classmethod
    def start(cls, dials: dict, days: int | None = None, side: str | None = None) -> LiveRun:
        """The run the dials make, day 0 (the scenario's opening) run; ``side`` is played by a person."""
        return cls.from_built(D.build(dials), days, side)

    @classmethod
    def from_built(cls, built: tuple, days: int | None = None, side: str | None = None) -> LiveRun:
        """The same from what ``dials.build`` made of the dials (``(scenario, seed, problem)``): a page that
        opens many runs of one start reads and checks its scenario once."""
        config, seed, problem = built
        if present.active():  # escalation app --from STATE: a particle of the present (sim/app/present.py)
            model = present.opened(config, seed, days, D.load(D.name_of(config)))
        else:
            model = D.opened(config, seed, days)
        if side is not None:
            model.set_player(side)
        return cls(model, problem)

    @property
    def geometry(self) -> Sealed:
        """The map's fixed drawing (the same all run long)."""
        if self._geometry is None:
            self._geometry = Sealed(map_layout(self.model.world))
        return self._geometry

    def step(self) -> bool:
        """Run one day if the run is not over; True if it ran one."""
        with self.lock:
            if not self.model.running:
                return False
            self.model.step()
            self.days_run += 1
            return True

    def play(self, choice: Choice) -> None:
        """Run one day with the person's ``choice`` for their side (``on_play`` is told before this returns,
        so before any page draws the day)."""
        with self.lock:
            self.model.play(choice)
            self.days_run += 1
            if self.on_play is not None:
                day, chosen = self.model.player.choices[-1]
                self.on_play(day, chosen, self.model)

    def view(self) -> DayView:
        """The latest day as the browser draws it."""
        with self.lock:
            if self._view is None or self._view.day != self.days_run:
                m = self.model
                if self._history is None:
                    self._history = ProvinceHistory(m.config.start_date)
                self._view = DayView(day=self.days_run, map=map_state(m, self._history), chart=levels_chart(m),
                                     counters=counters_view(m), feed=event_feed(m, FEED_LINES))
            return self._view

    def watch_day(self) -> Sealed:
        """The Watch tab's ``watch_day.vue`` data for the latest day (the same box all day long)."""
        return self._once("watch", lambda v: {"map": v.map, "counters": v.counters, "chart": v.chart, "feed": v.feed})

    def game_day(self) -> Sealed:
        """A played game's ``game_day.vue`` data for the latest day: the day counter and the played side's
        briefing, besides the levels, the events and the map."""
        def make(v: DayView) -> dict:
            m = self.model
            side = m.player.side.key
            first = present.first_day(m)  # day 0 (the scenario's opening, or today's) was run before any choice
            return {"counter": f"Days played: {m.day - first} of {m.horizon - 1 - first}",
                    "briefing": briefing_lines(describe_view(what_side_sees(m, side), side)),
                    "chart": v.chart, "feed": v.feed, "map": v.map}

        return self._once("game", make)

    def _once(self, what: str, make) -> Sealed:
        with self.lock:
            key = (what, self.days_run)
            if key not in self._sealed:
                kept = {k: v for k, v in self._sealed.items() if k[1] == self.days_run}  # the latest day's only
                self._sealed = {**kept, key: Sealed(make(self.view()))}
            return self._sealed[key]
