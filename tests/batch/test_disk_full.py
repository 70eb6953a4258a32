"""A batch whose disk fills up stops with one line saying which folder, how much is kept and the command to
go on; the folder, copied to a disk with room and resumed there, gives the uninterrupted batch's summary.

The disk is a real small file system where the test may mount one (a tmpfs, as root), and a simulated one
(every run file written after the first few fails with ENOSPC, as Arrow's writes do) everywhere.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sim.batch.storage import BatchDir
from sim.cli import main

from .faults import DiskFull, inject
from .helpers import SMOKE, batch, records

RUNS = 40  # the smoke sweep


def _allocated(folder: Path) -> int:
    """Bytes a tmpfs gives ``folder``'s files: whole 4 KiB pages each."""
    return sum(-(-p.stat().st_size // 4096) * 4096 for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def small_disk(tmp_path, smoke_clean):
    """A tmpfs that holds about half of the smoke batch, or a skip where none can be mounted here."""
    mount = tmp_path / "small"
    mount.mkdir()
    size = _allocated(smoke_clean) // 2
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)],
                          capture_output=True, text=True, check=False) if os.geteuid() == 0 else None
    if done is None or done.returncode != 0:
        pytest.skip(f"no small file system can be mounted here ({done.stderr.strip() if done else 'not root'}); "
                    "the simulated full disk is tested instead")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _stops_then_resumes_elsewhere(out: Path, workers: str, smoke_clean: Path, capsys, tmp_path: Path,
                                  bigger_disk=lambda: None) -> None:
    args = ["batch", str(SMOKE), "--out", str(out), "--quiet", "--workers", workers]
    assert main(args) == 1  # the status of an input/output error
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    kept = len(BatchDir(out).done_ids())
    assert 0 < kept < RUNS, f"{kept} runs finished: the disk filled too early or too late to test anything"
    line = re.fullmatch(
        rf"error: cannot write to (?P<where>\S+) \(No space left on device, ENOSPC\): the batch stopped; "
        rf"{kept} of {RUNS} runs are finished and kept in {re.escape(str(out))} \((?P<size>[\d.]+ [kM]?B)(ytes)? "
        rf"written\), the runs in flight are lost; free some space \(or copy {re.escape(str(out))} to a disk "
        rf"with room and give the copy instead\), then go on with: (?P<command>.+)\n", err)
    assert line, err
    assert Path(line["where"]) in (out, out / "runs", out / "events")
    assert line["command"] == f"escalation {' '.join(args)} --resume"

    bigger_disk()
    elsewhere = tmp_path / "bigger-disk" / "batch"
    shutil.copytree(out, elsewhere)
    n_records = len(records(elsewhere))
    assert batch(SMOKE, elsewhere, "--workers", workers, "--resume") == 0
    fresh = records(elsewhere)[n_records:]
    assert len({rec["run_id"] for rec in fresh}) == RUNS - kept  # only the runs not kept
    assert (elsewhere / "summary.parquet").read_bytes() == (smoke_clean / "summary.parquet").read_bytes()


def test_a_full_file_system_stops_the_batch_and_a_copy_resumes(small_disk, smoke_clean, capsys, tmp_path):
    _stops_then_resumes_elsewhere(small_disk / "batch", "2", smoke_clean, capsys, tmp_path)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_simulated_full_disk_stops_the_batch_and_a_copy_resumes(workers, smoke_clean, capsys, tmp_path,
                                                                   monkeypatch):
    inject(monkeypatch, DiskFull(files=16))  # each process writes 8 runs' two files, then the disk is full
    _stops_then_resumes_elsewhere(tmp_path / "batch", workers, smoke_clean, capsys, tmp_path,
                                  bigger_disk=monkeypatch.undo)


def test_an_unwritable_folder_says_nothing_was_run(tmp_path, capsys):
    (tmp_path / "a-file").write_text("")
    out = tmp_path / "a-file" / "batch"  # no folder can be made inside a file, whoever runs the test
    assert main(["batch", str(SMOKE), "--out", str(out), "--quiet", "--workers", "1"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: cannot write to {tmp_path / 'a-file'} (Not a directory, ENOTDIR): nothing was run; "
                          "make the folder writable (or choose another folder), then run again: escalation batch ")
    assert len(err.strip().splitlines()) == 1
