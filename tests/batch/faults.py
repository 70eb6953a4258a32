"""Faults injected into a batch's runs, in whichever process runs them.

Workers start from a fork server (``sim/batch/start_method.py``), not as copies of the test's process, so a
monkeypatch of the test's process does not reach them. ``inject(monkeypatch, fault)`` patches the fault in
here (for ``--workers 1``) and wraps the payload the runner hands its process pool, which every worker
receives, so that each worker patches its own copy before its first run. A fault is plain data (it is pickled).
"""

from __future__ import annotations

import errno
import os
import signal
from dataclasses import dataclass, field

import sim.batch.runner as runner
import sim.batch.worker as worker
from sim.model import EscalationModel

_ORIGINAL_STEP = EscalationModel.step
_ORIGINAL_WRITE = worker._write_parquet


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

    def patch(self, target) -> None:
        """Make the model's step fail so, in this process (``target``: ``setattr``, or a monkeypatch's)."""
        def step(model):
            if self.picks(model):
                self.act(model)
            _ORIGINAL_STEP(model)

        step.fault = self
        target(EscalationModel, "step", step)

    def installed(self) -> bool:
        return getattr(EscalationModel.step, "fault", None) == self


@dataclass(frozen=True)
class DiskFull:
    """The disk fills up: every process running runs can write ``files`` run files (series or events), then
    each write fails with ENOSPC, as Arrow's writes do on a full file system."""

    files: int

    def patch(self, target) -> None:
        written = []

        def write_parquet(table, path, options):
            if len(written) >= self.files:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
            written.append(path)
            _ORIGINAL_WRITE(table, path, options)

        write_parquet.fault = self
        target(worker, "_write_parquet", write_parquet)

    def installed(self) -> bool:
        return getattr(worker._write_parquet, "fault", None) == self


@dataclass(frozen=True)
class FaultyPayload:
    """The runner's payload, with a fault the process running each run installs first."""

    inner: runner.Payload
    fault: StepFault | DiskFull

    def call(self, run) -> dict:
        if not self.fault.installed():
            self.fault.patch(setattr)  # a worker's own copy; it ends with its pool
        return self.inner.call(run)


def inject(monkeypatch, fault) -> None:
    on_pool = runner.run_on_pool
    fault.patch(monkeypatch.setattr)
    monkeypatch.setattr(runner, "run_on_pool", lambda todo, payload, workers, record:
                        on_pool(todo, FaultyPayload(payload, fault), workers, record))
