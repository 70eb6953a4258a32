"""Each side's closures of the crossings, and what follows from them (docs/ODD.md, 7.11).

A crossing's :class:`Closure` tells the map's :class:`ClosureLedger` each time a side sets it; the ledger
keeps what follows from all closures (statuses, trade lost, each side's lost share, who holds a closure) and
recomputes it only after a change: it is read every day, closures change a few times a run
(docs/performance.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.sides import SIDE_KEYS
from sim.submodels import crossings as xings
from sim.submodels.crossings import TRADE_LOST_FRACTION, CrossingStatus


class Closure(dict):
    """Each side's closure of one crossing (side key -> CrossingStatus), with ``top``, the stricter of the
    two, kept up to date as a side changes its own; ``ledger`` is told of every change once the crossing is
    on a map."""

    __slots__ = ("top", "ledger")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.top = max(self.values(), default=CrossingStatus.OPEN)
        self.ledger = None

    def __setitem__(self, side, status) -> None:
        super().__setitem__(side, status)
        self._changed()

    def update(self, *args, **kwargs) -> None:
        super().update(*args, **kwargs)
        self._changed()

    def _changed(self) -> None:
        self.top = max(self.values(), default=CrossingStatus.OPEN)
        # unpickling sets the items before the slots (docs/history.md, checkpoints): no ledger to tell yet
        ledger = getattr(self, "ledger", None)
        if ledger is not None:
            ledger.changes += 1


@dataclass(frozen=True)
class ClosureFacts:
    """What follows from the closures at one moment, in map order where it is a list."""

    statuses: list  # each crossing's stricter status (never changed in place)
    codes: tuple[int, ...]  # the same as plain ints (the day's record)
    trade_lost_usd: float
    share_by: dict[str, float]  # side key -> share of the map's trade lost to its own closures
    closed: list  # the crossings fully closed
    closing: dict[str, bool]  # side key -> whether it holds a closure it could lift (not one from before the run)


class ClosureLedger:
    """Counts the changes of a map's closures and keeps their :class:`ClosureFacts` between changes."""

    def __init__(self, crossings: dict, trading: list, total_trade_usd_per_day: float):
        self.crossings, self.trading, self.total = crossings, trading, total_trade_usd_per_day
        self.changes = 0
        self._facts: ClosureFacts | None = None
        self._facts_at = -1  # the count of changes the facts were computed at
        for c in crossings.values():
            c.closure.ledger = self

    @property
    def facts(self) -> ClosureFacts:
        if self._facts_at != self.changes:
            self._facts, self._facts_at = self._compute(), self.changes
        return self._facts

    def _compute(self) -> ClosureFacts:
        crossings, total = self.crossings.values(), self.total
        statuses = [c.closure.top for c in crossings]
        share_by = {}
        for side in SIDE_KEYS:
            lost = sum([c.trade_usd_per_day * TRADE_LOST_FRACTION[c.closure[side]] for c in self.trading])
            share_by[side] = lost / total if total else 0.0
        return ClosureFacts(
            statuses=statuses, codes=tuple(map(int, statuses)), trade_lost_usd=xings.trade_lost_usd(self.crossings),
            share_by=share_by, closed=[c for c, s in zip(crossings, statuses) if s == CrossingStatus.CLOSED],
            closing={side: any(c.closure[side] != CrossingStatus.OPEN for c in self.trading) for side in SIDE_KEYS})
