"""An agent's own generator, made the first time the agent draws from it (docs/ODD.md, 4.9).

A stream is a function of the run's seed and the agent's name only (``EscalationModel.stream``), so making it
on first use gives the same draws as making it with the agent; most border forces and mediators never draw
in a run, and a generator costs more to make than a day of the model (docs/performance.md).
"""

from __future__ import annotations


class LazyStream:
    """A descriptor for ``own_rng``: ``model.stream(agent.stream_key)`` on first access, the same after."""

    def __set_name__(self, owner, name: str) -> None:
        self.slot = "_" + name

    def __get__(self, agent, owner=None):
        if agent is None:
            return self
        rng = agent.__dict__.get(self.slot)
        if rng is None:
            rng = agent.__dict__[self.slot] = agent.model.stream(agent.stream_key)
        return rng
