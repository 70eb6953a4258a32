"""One oct2025 sweep run three ways: a plain sequential loop, our batch runner on 2 workers, mesa.batch_run.

All three are timed side by side in one process (wall clock, time.perf_counter), on the same sweep: 400
runs (``--runs``) of 365 days of ``oct2025``, the same seeds, a model-level series each day:

  sequential loop   EscalationModel(...).run() per run, keeping only the run summary (what a user keeps)
  our runner        run_batch(plan, dir, workers=2): Parquet series and events per run, manifest, summary;
                    timed twice: first with the fork server its workers start from not yet running (a cold
                    start: the server's start, its imports, are inside the timing), then with it running, as
                    ``escalation batch`` has it: the command starts the server as it begins, so the server's
                    imports run beside the command's own, on the other core (sim/batch/start_method.py)
  mesa.batch_run    number_processes=2, data_collection_period=1: every day's model-level series (the scenario
                    path and days=365 as parameters: without days the model stops at the scenario's 120)
  (and, as a diagnostic, our runner on 1 worker: the same output work without parallelism)

Then the cost of writing a run's results, measured run by run: for ``--write-runs`` runs (default 100), the
model's run and the worker's writing of its files (sim/batch/worker.write_run_files), timed in turn in this
process, so a slow spell of the machine slows both alike; the share is writing / (run + writing).

Then the cost of starting workers, in a fresh process each time (``--start-repeats``, default 5, the median):
the fork server's start with two workers answering (cold), and two more workers from the running server
(warm); and, as before the fork server, two workers forked from the process itself (what ``fork`` cost,
kept as a comparison: forking a process that runs threads can hang a worker, which is why it is gone).

Then the coordinator's peak memory of our runner (its process's own peak RSS, workers excluded) for a
1,000- and a 10,000-run sweep, each in a fresh child process, on a shorter horizon (``--mem-days``, default
30: it measures the coordinator, not the model), without event logs. The peak is VmHWM on Linux, not
ru_maxrss: see _MEMORY_CHILD for why.

Goals (issue "Performance"): parallel efficiency >= 0.90 of the ideal on 2 workers, writing <= 10% of a
run's cost, coordinator memory flat (10k / 1k <= 1.2). mesa.batch_run is kept as a comparison, with no goal:
both are bound by the model's own cost.

The last line is machine-readable:
speedup_vs_batch_run=... parallel_efficiency=... parallel_efficiency_cold=... worker_start_cold_s=...
worker_start_warm_s=... rss_10k_over_1k=... bytes_per_run=... write_share=...
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import mesa

from sim.batch.proc_stat import process_stats
from sim.batch.runner import run_batch
from sim.batch.start_method import worker_context
from sim.batch.sweep import load_sweep
from sim.batch.worker import write_run_files
from sim.model import EscalationModel

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "oct2025.yaml"
DAYS = 365
WORKERS = 2

# Run in a fresh interpreter: run our runner on a sweep file, report the coordinator's peak RSS. On Linux the
# peak is VmHWM (this process's own high-water mark): ru_maxrss of a child started by fork+exec also counts
# the parent's memory at the fork (the exec folds the old address space's high-water mark into it), so it would
# report the benchmark's own footprint (e.g. mesa.batch_run's results), not the coordinator's.
_MEMORY_CHILD = textwrap.dedent("""
    import json, resource, sys
    from sim.batch.runner import run_batch
    from sim.batch.sweep import load_sweep

    def status(key):
        try:
            with open("/proc/self/status") as f:
                return next(int(line.split()[1]) for line in f if line.startswith(key + ":"))
        except (OSError, StopIteration):
            return None

    plan = load_sweep(sys.argv[1])
    rss_before = status("VmRSS")
    outcome = run_batch(plan, sys.argv[2], workers=int(sys.argv[3]), progress=False, write_events=False)
    hwm = status("VmHWM")
    peak = hwm if hwm is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rss_before_kib": rss_before, "rss_after_kib": status("VmRSS"), "peak_kib": peak,
                      "source": "VmHWM" if hwm is not None else "ru_maxrss", "done": outcome.done,
                      "failed": outcome.failed, "seconds": outcome.seconds}))
""")

# Run in a fresh interpreter: the cost of starting two workers (argv[1]: "forkserver" or "fork"), the model
# already imported here as in a batch's coordinator. For the fork server: its start and two workers answering,
# then two more from the running server.
_START_CHILD = textwrap.dedent("""
    import json, multiprocessing, sys, time, warnings
    from concurrent.futures import ProcessPoolExecutor
    import sim.batch.worker
    from sim.batch.start_method import worker_context

    def two_workers(context):
        started = time.perf_counter()
        with ProcessPoolExecutor(2, mp_context=context) as pool:
            list(pool.map(abs, [1, 2]))
        return time.perf_counter() - started

    if sys.argv[1] == "fork":
        warnings.simplefilter("ignore", DeprecationWarning)  # the warning this project no longer earns
        print(json.dumps({"fork": two_workers(multiprocessing.get_context("fork"))}))
    else:
        cold = two_workers(worker_context())
        print(json.dumps({"cold": cold, "warm": two_workers(worker_context())}))
""")


class CpuWatch:
    """CPU seconds the rest of the machine used while a section ran (Linux; None elsewhere).

    Busy time of all CPUs (/proc/stat) minus this process's, its reaped children's (os.times) and its live
    descendants' (/proc/PID/stat: their own time and that of the children they reaped): the workers are the
    fork server's children, reaped by it, not by this process. A timing is only fair if this stays near zero,
    since the 2-worker runs need both cores to themselves.
    """

    def __init__(self):
        self.other_s = 0.0 if Path("/proc/stat").exists() else None
        self._start = None

    @staticmethod
    def _busy() -> float:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        idle = fields[3] + fields[4]  # idle + iowait
        return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")

    @staticmethod
    def _own() -> float:
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system + CpuWatch._descendants()

    @staticmethod
    def _descendants() -> float:
        """CPU seconds of this process's live descendants, with the children each of them reaped."""
        stats = process_stats()
        parent = {pid: int(fields[1]) for pid, fields in stats.items()}
        ticks = {pid: sum(int(x) for x in fields[11:15]) for pid, fields in stats.items()}  # utime ... cstime
        mine, total = {os.getpid()}, 0
        changed = True  # a child's pid may be lower than its parent's: walk until nothing is added
        while changed:
            changed = False
            for pid, ppid in parent.items():
                if ppid in mine and pid not in mine:
                    mine.add(pid)
                    changed = True
        for pid in mine - {os.getpid()}:
            total += ticks[pid]
        return total / os.sysconf("SC_CLK_TCK")

    def __enter__(self):
        if self.other_s is not None:
            self._start = (self._busy(), self._own())
        return self

    def __exit__(self, *exc):
        if self.other_s is not None:
            busy, own = self._busy(), self._own()
            self.other_s += max(0.0, (busy - self._start[0]) - (own - self._start[1]))


def write_sweep(folder: Path, name: str, runs: int, days: int) -> Path:
    """A sweep with no axes: one design point (oct2025) and ``runs`` replicates."""
    path = folder / f"{name}.yaml"
    path.write_text(
        f"name: {name}\n"
        f"description: benchmark sweep, {runs} replicates of oct2025 over {days} days\n"
        f"base: {json.dumps(str(SCENARIO))}\n"
        f"days: {days}\n"
        f"replicates: {runs}\n"
        f"root_seed: 0\n",
        encoding="utf-8",
    )
    return path


def time_sequential(plan) -> tuple[float, dict]:
    """A plain loop over the plan's runs (same seeds), the scenario loaded once; keeps each run's summary."""
    scenario, days = plan.scenarios[0], plan.spec.days
    started = time.perf_counter()
    summaries = {run.run_id: EscalationModel(scenario, rng=run.seed, days=days).run().summary() for run in plan.runs()}
    return time.perf_counter() - started, summaries


def time_ours(plan, out: Path, workers: int = WORKERS):
    started = time.perf_counter()
    outcome = run_batch(plan, out, workers=workers, progress=False)
    return time.perf_counter() - started, outcome


def _busy_loop(n: int = 2_000_000) -> float:
    started = time.perf_counter()
    x = 0
    for i in range(n):
        x += i * i % 7
    return time.perf_counter() - started


def machine_scaling(repeats: int = 5) -> float:
    """How well this machine runs two CPU-bound Python processes at once: a pure loop's time alone over its
    time beside another (median of ``repeats``; 1.0 is two real cores). The runner cannot scale better."""
    ratios = []
    with worker_context().Pool(WORKERS) as pool:
        for _ in range(repeats):
            alone = _busy_loop()
            together = pool.map(_busy_loop, [2_000_000] * WORKERS)
            ratios.append(alone / max(together))
    return sorted(ratios)[len(ratios) // 2]


def start_costs(repeats: int) -> dict:
    """Median seconds to start two workers, each time in a fresh process: ``cold`` (the fork server's start
    included), ``warm`` (from the running server), ``fork`` (forked from the process itself)."""
    samples: dict[str, list[float]] = {}
    for _ in range(repeats):
        for method in ("forkserver", "fork"):
            proc = subprocess.run([sys.executable, "-c", _START_CHILD, method], capture_output=True, text=True,
                                  check=False, cwd=ROOT)
            if proc.returncode != 0:
                raise SystemExit(f"the start-cost child ({method}) failed:\n{proc.stderr}")
            for key, value in json.loads(proc.stdout.strip().splitlines()[-1]).items():
                samples.setdefault(key, []).append(value)
    return {key: sorted(values)[len(values) // 2] for key, values in samples.items()}


def time_writing(plan, folder: Path, runs: int) -> tuple[float, float]:
    """(seconds running, seconds writing) over ``runs`` runs, each run then its writing, as a worker does."""
    (folder / "runs").mkdir(parents=True)
    (folder / "events").mkdir()
    scenario, days = plan.scenarios[0], plan.spec.days
    run_s = write_s = 0.0
    for run in itertools.islice(plan.runs(), runs):
        started = time.perf_counter()
        model = EscalationModel(scenario, rng=run.seed, days=days).run()
        model.summary()
        written = time.perf_counter()
        write_run_files(model, folder, run.run_id, write_events=True)
        run_s += written - started
        write_s += time.perf_counter() - written
    return run_s, write_s


def time_batch_run(seeds: list[int], days: int) -> tuple[float, int]:
    # ``days`` is passed too: without it the model stops at the scenario's own horizon (120 days), not 365
    started = time.perf_counter()
    results = mesa.batch_run(EscalationModel, {"scenario": [str(SCENARIO)], "days": [days]}, rng=seeds,
                             max_steps=days, number_processes=WORKERS, data_collection_period=1,
                             display_progress=False)
    return time.perf_counter() - started, len(results)


def folder_bytes(folder: Path) -> tuple[int, int]:
    """(apparent bytes, allocated bytes) of the files directly in ``folder`` (or of one file)."""
    if folder.is_file():
        st = folder.stat()
        return st.st_size, st.st_blocks * 512
    size = blocks = 0
    with os.scandir(folder) as it:
        for entry in it:
            if entry.is_file():
                st = entry.stat()
                size += st.st_size
                blocks += st.st_blocks * 512
    return size, blocks


def coordinator_peak(folder: Path, runs: int, days: int) -> dict:
    sweep = write_sweep(folder, f"mem{runs}", runs, days)
    out = folder / f"mem{runs}-out"
    proc = subprocess.run([sys.executable, "-c", _MEMORY_CHILD, str(sweep), str(out), str(WORKERS)],
                          capture_output=True, text=True, check=False, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"memory run of {runs} runs failed:\n{proc.stderr}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    if result["done"] != runs:
        raise SystemExit(f"memory run of {runs} runs finished only {result['done']} ({result['failed']} failed)")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=None, help="runs in the timed sweep (default 400; 40 with --quick)")
    parser.add_argument("--quick", action="store_true", help="a small smoke check: 40 runs, 200 and 2,000 for memory")
    parser.add_argument("--mem-days", type=int, default=30, help="horizon of the memory sweeps (default 30)")
    parser.add_argument("--write-runs", type=int, default=None, help="runs timed for the cost of writing (default 100; 20 with --quick)")
    parser.add_argument("--start-repeats", type=int, default=5, help="fresh processes timed for the cost of starting workers (default 5)")
    args = parser.parse_args()
    runs = args.runs or (40 if args.quick else 400)
    mem_small, mem_large = (200, 2_000) if args.quick else (1_000, 10_000)
    write_runs = args.write_runs or (20 if args.quick else 100)

    with tempfile.TemporaryDirectory(prefix="bench_batch_") as tmp:
        tmp = Path(tmp)
        plan = load_sweep(write_sweep(tmp, "bench", runs, DAYS))
        seeds = [run.seed for run in plan.runs()]
        for seed in seeds[:2]:  # warm-up: imports and caches, outside every timing
            EscalationModel(plan.scenarios[0], rng=seed, days=DAYS).run().summary()

        watch = CpuWatch()
        with watch:
            seq_s, summaries = time_sequential(plan)
            ours_cold_s, _ = time_ours(plan, tmp / "ours-cold")  # the fork server starts inside the timing
            ours_s, outcome = time_ours(plan, tmp / "ours")  # the server running, as `escalation batch` has it
            mesa_s, mesa_rows = time_batch_run(seeds, DAYS)
            ours1_s, _ = time_ours(plan, tmp / "ours1", workers=1)  # a diagnostic: the same work in one process
            run_s, write_s = time_writing(plan, tmp / "writing", min(write_runs, runs))
            scaling = machine_scaling()

        if outcome.done != runs or outcome.failed:
            raise SystemExit(f"our runner finished {outcome.done} of {runs} runs ({outcome.failed} failed)")
        if mesa_rows != runs * DAYS:
            raise SystemExit(f"mesa.batch_run returned {mesa_rows} rows, expected {runs * DAYS}")
        ours_dir = outcome.summary.parent
        written = {}
        with open(ours_dir / "manifest.jsonl", encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                written[rec["run_id"]] = rec.get("summary")
        same = written == summaries

        parts = {name: folder_bytes(ours_dir / name) for name in ("runs", "events", "manifest.jsonl")}
        disk = sum(p[0] for p in parts.values())
        disk_alloc = sum(p[1] for p in parts.values())
        bytes_per_run = disk / runs

        starts = start_costs(args.start_repeats)
        small = coordinator_peak(tmp, mem_small, args.mem_days)
        large = coordinator_peak(tmp, mem_large, args.mem_days)

    seq_rate, ours_rate, mesa_rate = runs / seq_s, runs / ours_s, runs / mesa_s
    speedup = ours_rate / mesa_rate
    efficiency = ours_rate / (WORKERS * seq_rate)
    efficiency_cold = (runs / ours_cold_s) / (WORKERS * seq_rate)
    rss_ratio = large["peak_kib"] / small["peak_kib"]
    mib = 1024  # VmHWM and ru_maxrss are in KiB on Linux

    print(f"sweep: {runs} runs of oct2025 x {DAYS} days, one design point, model-level series each day; "
          f"{WORKERS} workers; {os.cpu_count()} CPUs; mesa {mesa.__version__}")
    def line(label: str, seconds: float, note: str) -> None:
        print(f"  {label:<24}{seconds:7.2f} s {runs / seconds:7.1f} runs/s  ({note})")

    line("sequential loop", seq_s, "summary kept per run")
    line(f"our runner, {WORKERS} workers", ours_s, "Parquet series + events per run, manifest, summary.parquet")
    line(f"  the same, cold", ours_cold_s, "the fork server's start inside the timing")
    line("our runner, 1 worker", ours1_s, "same output, in-process")
    line(f"mesa.batch_run, {WORKERS} procs", mesa_s, f"{mesa_rows:,} rows of daily model data, in memory")
    print(f"  our results match the sequential loop's summaries: {'yes' if same else 'NO'}")
    if watch.other_s is not None:
        timed = seq_s + ours_cold_s + ours_s + mesa_s + ours1_s + run_s + write_s
        busy = watch.other_s > 0.05 * timed
        print(f"  other processes used {watch.other_s:.1f} CPU-s during the {timed:.1f} s of timing"
              + (" -- WARNING: the machine was busy, the timings are not fair; run again on a quiet machine"
                 if busy else " (quiet machine)"))
    n_write = min(write_runs, runs)
    write_share = write_s / (run_s + write_s)
    print(f"writing a run's results: {write_s / n_write * 1000:.1f} ms of {(run_s + write_s) / n_write * 1000:.1f} ms "
          f"per run, {write_share:.1%} ({n_write} runs, each run then its writing; goal: 10% or less)")
    print(f"speed-up over mesa.batch_run: {speedup:.1f}x (a comparison, no goal: both are bound by the model's cost)")
    print(f"parallel efficiency vs the sequential loop: {efficiency:.2f} of the ideal {WORKERS}x "
          f"(speed-up {ours_rate / seq_rate:.2f}x; goal: 0.90 or more)")
    print(f"  our runner's own scaling, {WORKERS} workers vs 1 worker doing the same work: "
          f"{ours_rate * ours1_s / runs / WORKERS:.2f} of the ideal; the machine's, a pure Python loop alone vs "
          f"{WORKERS} at once: {scaling:.2f} (the most any runner can reach here)")
    print(f"parallel efficiency with the fork server's start inside the timing: {efficiency_cold:.2f}")
    print(f"starting {WORKERS} workers (median of {args.start_repeats} fresh processes): {starts['cold']:.2f} s with the "
          f"fork server's start, {starts['warm'] * 1000:.0f} ms from the running server; forked from the process "
          f"itself (no longer done) {starts['fork'] * 1000:.0f} ms")
    print(f"coordinator peak RSS ({small['source']}, workers excluded; {args.mem_days}-day runs, no event logs):")
    for n, r in ((mem_small, small), (mem_large, large)):
        before = f"{r['rss_before_kib'] / mib:.1f} MiB" if r["rss_before_kib"] is not None else "?"
        print(f"  {n:>6,} runs   {r['peak_kib'] / mib:7.1f} MiB peak  "
              f"(RSS {before} after imports and load_sweep, before run_batch; {n / r['seconds']:.0f} runs/s)")
    print(f"  ratio {mem_large:,} / {mem_small:,} runs: {rss_ratio:.2f} (goal: flat, 1.2 or less)")
    print(f"on disk per run ({runs}-run batch, runs/ + events/ + manifest): {bytes_per_run:,.0f} bytes "
          f"(series {parts['runs'][0] / runs:,.0f} B, events {parts['events'][0] / runs:,.0f} B, "
          f"manifest {parts['manifest.jsonl'][0] / runs:,.0f} B; {disk_alloc / runs:,.0f} B allocated in blocks)")
    if args.quick:
        print(f"(--quick: {runs} runs; memory at {mem_small:,} and {mem_large:,} runs, the ratio key keeps its name)")
    print(f"speedup_vs_batch_run={speedup:.1f} parallel_efficiency={efficiency:.2f} "
          f"parallel_efficiency_cold={efficiency_cold:.2f} worker_start_cold_s={starts['cold']:.3f} "
          f"worker_start_warm_s={starts['warm']:.3f} rss_10k_over_1k={rss_ratio:.2f} bytes_per_run={bytes_per_run:.0f} write_share={write_share:.3f}")


if __name__ == "__main__":
    main()
