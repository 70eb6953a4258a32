"""The processes of this machine as Linux's /proc lists them (used by the tests and benchmarks of worker processes)."""

from __future__ import annotations

from pathlib import Path


def process_stats() -> dict[int, list[str]]:
    """Each live process's /proc/PID/stat fields after its name: state, ppid, pgrp, ..., utime (index 11), stime,
    cutime, cstime. Processes that end while being read are left out; empty where there is no /proc."""
    stats = {}
    root = Path("/proc")
    if not root.is_dir():
        return stats
    for entry in root.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        stats[int(entry.name)] = stat[stat.rindex(")") + 2:].split()
    return stats
