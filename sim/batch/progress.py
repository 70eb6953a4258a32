"""Progress of a batch: a bar with runs done, runs per second and time left on a terminal; plain lines otherwise."""

from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, total: int, done_before: int = 0, label: str = "batch", stream=None, interval_s: float = 10.0):
        self.total, self.done, self.failed = total, done_before, 0
        self.label, self.stream = label, stream or sys.stderr
        self.started = time.perf_counter()
        self.fresh = 0  # runs finished in this session (for the rate)
        self.interval_s = interval_s
        self.last_line = self.started
        self.bar = None
        if getattr(self.stream, "isatty", lambda: False)():
            from tqdm import tqdm

            self.bar = tqdm(total=total, initial=done_before, unit="run", desc=label, file=self.stream,
                            dynamic_ncols=True, smoothing=0.1)

    def update(self, record: dict) -> None:
        self.done += 1
        self.fresh += 1
        if record.get("status") == "failed":
            self.failed += 1
        if self.bar is not None:
            self.bar.update(1)
            if self.failed:
                self.bar.set_postfix(failed=self.failed, refresh=False)
            return
        now = time.perf_counter()
        if now - self.last_line >= self.interval_s or self.done == self.total:
            self.last_line = now
            print(self.line(), file=self.stream, flush=True)

    def rate(self) -> float:
        elapsed = time.perf_counter() - self.started
        return self.fresh / elapsed if elapsed > 0 else 0.0

    def line(self) -> str:
        rate = self.rate()
        left = (self.total - self.done) / rate if rate > 0 else float("nan")
        failed = f", {self.failed} failed" if self.failed else ""
        return f"{self.label}: {self.done}/{self.total} runs{failed}, {rate:.1f} runs/s, {left:.0f} s left"

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
