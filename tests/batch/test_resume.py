"""A killed or interrupted batch loses at most its runs in flight; --resume finishes exactly what is missing,
and the final summary is byte for byte the summary of an uninterrupted batch. Half-written files never count."""

from __future__ import annotations

import os
import shutil
import signal

import pyarrow.parquet as pq

from sim.batch.storage import BatchDir

from .helpers import batch, records, start_batch, wait_for_lines, wait_group_gone


def _interrupt(proc, out, sig, total):
    """Signal the whole process group of a running batch once a fifth of its runs are in the manifest."""
    wait_for_lines(proc, out, total // 5)
    os.killpg(proc.pid, sig)  # the child leads its own group: pgid == pid
    out_text, err_text = proc.communicate(timeout=60)
    left = wait_group_gone(proc.pid)
    assert not left, f"processes of the batch still run after {signal.Signals(sig).name}: {left}"
    return proc.returncode, out_text.decode(), err_text.decode()


def _tmp_files(out):
    return sorted(p.name for folder in ("runs", "events") for p in (out / folder).glob(".*.tmp"))


def _check_resume(sweep, out, plan, clean):
    """Resume ``out``: only the missing runs run, and the summary equals the clean batch's byte for byte."""
    store = BatchDir(out)
    done_before = store.done_ids()
    n_records = len(records(out))
    all_ids = {run.run_id for run in plan.runs()}
    assert done_before < all_ids and done_before, f"{len(done_before)} of {len(all_ids)} runs done before resuming"

    assert batch(sweep, out, "--workers", "2", "--resume") == 0

    fresh = records(out)[n_records:]
    assert len(fresh) == plan.n_runs - len(done_before)
    assert {rec["run_id"] for rec in fresh} == all_ids - done_before
    assert all(rec["status"] == "done" for rec in fresh)
    assert store.done_ids() == all_ids
    assert _tmp_files(out) == []
    assert (out / "summary.parquet").read_bytes() == (clean / "summary.parquet").read_bytes()
    for run_id in all_ids:
        assert (out / "runs" / f"{run_id}.parquet").read_bytes() == (clean / "runs" / f"{run_id}.parquet").read_bytes()
    return done_before


def test_sigkill_of_the_process_group_then_resume_equals_an_uninterrupted_batch(long_sweep, long_plan, long_clean,
                                                                                 tmp_path):
    out = tmp_path / "killed"
    proc = start_batch(long_sweep, out, "--workers", "2")
    status, _, _ = _interrupt(proc, out, signal.SIGKILL, long_plan.n_runs)
    assert status == -signal.SIGKILL

    assert not (out / "summary.parquet").exists()
    store = BatchDir(out)
    done = store.done_ids()
    manifest_done = {rec["run_id"] for rec in records(out) if rec["status"] == "done"}
    assert 0 < len(done) < long_plan.n_runs, "the kill came too late or too early to test anything"
    assert done <= manifest_done  # a file on disk alone never makes a run done
    assert all((out / "runs" / f"{run_id}.parquet").is_file() for run_id in done)
    # leftovers of writes cut short are never results: no done run is known by a temporary file
    assert not {name.split(".")[1] for name in _tmp_files(out)} & done

    # a complete-looking temporary file of a missing run must not count either
    missing = next(run.run_id for run in long_plan.runs() if run.run_id not in done)
    planted = out / "runs" / f".{missing}.parquet.x1y2z3.tmp"
    shutil.copyfile(long_clean / "runs" / f"{missing}.parquet", planted)
    assert missing not in store.done_ids() and missing not in store.finished()

    _check_resume(long_sweep, out, long_plan, long_clean)
    assert not planted.exists()


def test_ctrl_c_exits_with_one_line_then_resume_equals_an_uninterrupted_batch(long_sweep, long_plan, long_clean,
                                                                               tmp_path):
    out = tmp_path / "interrupted"
    proc = start_batch(long_sweep, out, "--workers", "2")
    status, _, stderr = _interrupt(proc, out, signal.SIGINT, long_plan.n_runs)
    assert status != 0
    assert "Traceback" not in stderr and "Error" not in stderr, stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert not (out / "summary.parquet").exists()

    done_before = _check_resume(long_sweep, out, long_plan, long_clean)
    assert len(done_before) < long_plan.n_runs


def test_half_written_files_and_a_torn_manifest_line_never_count(smoke_sweep_copy, smoke_plan, smoke_clean):
    sweep, out = smoke_sweep_copy
    runs = list(smoke_plan.runs())
    garbage, no_file, torn = runs[5].run_id, runs[17].run_id, runs[31].run_id

    # a series file cut short, of a run with no manifest line (the worker died while writing it)
    good = (out / "runs" / f"{garbage}.parquet").read_bytes()
    (out / "runs" / f"{garbage}.parquet").write_bytes(good[: len(good) // 3])
    # a run whose manifest says done but whose series file is gone
    (out / "runs" / f"{no_file}.parquet").unlink()
    # the manifest's last line torn mid-write (the coordinator died while recording the run)
    lines = (out / "manifest.jsonl").read_bytes().splitlines(keepends=True)
    kept = [ln for ln in lines if garbage.encode() not in ln and torn.encode() not in ln]
    torn_line = next(ln for ln in lines if torn.encode() in ln)
    (out / "manifest.jsonl").write_bytes(b"".join(kept) + torn_line[: len(torn_line) // 2])
    (out / "summary.parquet").unlink()

    store = BatchDir(out)
    all_ids = {run.run_id for run in runs}
    assert store.done_ids() == all_ids - {garbage, no_file, torn}
    n_records = len(records(out))

    assert batch(sweep, out, "--workers", "1", "--resume") == 0

    fresh = records(out)[n_records:]
    assert sorted(rec["run_id"] for rec in fresh) == sorted([garbage, no_file, torn])
    assert all(rec["status"] == "done" for rec in fresh)
    assert pq.read_table(out / "runs" / f"{garbage}.parquet").num_rows == smoke_plan.spec.days
    assert store.done_ids() == all_ids
    assert (out / "summary.parquet").read_bytes() == (smoke_clean / "summary.parquet").read_bytes()
