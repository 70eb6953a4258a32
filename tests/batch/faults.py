"""Faults injected into a batch's runs, in whichever process runs them.

Workers start from a fork server (``sim/batch/start_method.py``), not as copies of the test's process, so a
monkeypatch of the test's process does not reach them. ``inject(monkeypatch, fault)`` patches the model's
step here (for ``--workers 1``) and wraps the payload the runner hands its process pool, which every worker
receives, so that each worker patches its own copy of the model before its first run. A fault is plain data (it is pickled).
"""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass, field

import sim.batch.runner as runner
from sim.model import EscalationModel

_ORIGINAL_STEP = EscalationModel.step


@dataclass(frozen=True)
class StepFault:
    """At the start of a day of the runs it picks: ``raise`` a RuntimeError, ``sigkill`` or ``exit`` the worker,
    or send the worker a ``sigint``. Only ``raise`` acts in the test's own process (``coordinator``)."""

    action: str
    seeds: frozenset
    coordinator: int = field(default_factory=os.getpid)
    restraint_pressure: float | None = None  # with the seed, picks a design point (common random numbers)
    taliban_rule: dict | None = None
    day: int | None = None

    def picks(self, model) -> bool:
        return (model.seed in self.seeds
                and (self.restraint_pressure is None or model.config.restraint_pressure == self.restraint_pressure)
                and (self.taliban_rule is None
                     or model.config.actors.taliban.rule.model_dump(mode="json") == self.taliban_rule)
                and (self.day is None or model.day == self.day))

    def act(self, model) -> None:
        if self.action == "raise":
            raise RuntimeError(f"boom at seed {model.seed}")
        if os.getpid() == self.coordinator:  # never the test's own process
            return
        if self.action == "sigkill":
            os.kill(os.getpid(), signal.SIGKILL)
        if self.action == "sigint":
            os.kill(os.getpid(), signal.SIGINT)
        if self.action == "exit":
            os._exit(1)


def faulty_step(fault: StepFault):
    def step(self):
        if fault.picks(self):
            fault.act(self)
        _ORIGINAL_STEP(self)

    step.fault = fault
    return step


@dataclass(frozen=True)
class FaultyPayload:
    """The runner's payload, with a fault the process running each run installs first."""

    inner: runner.Payload
    fault: StepFault

    def call(self, run) -> dict:
        if getattr(EscalationModel.step, "fault", None) != self.fault:
            EscalationModel.step = faulty_step(self.fault)  # a worker's own copy; it ends with its pool
        return self.inner.call(run)


def inject(monkeypatch, fault: StepFault) -> None:
    on_pool = runner.run_on_pool
    monkeypatch.setattr(EscalationModel, "step", faulty_step(fault))
    monkeypatch.setattr(runner, "run_on_pool", lambda todo, payload, workers, record:
                        on_pool(todo, FaultyPayload(payload, fault), workers, record))
