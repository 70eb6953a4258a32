"""Atomic writes: a reader sees all of a file or none of it, and no temporary file is left behind."""

import os

import pytest

from sim.outputs.atomic import atomic_write, atomic_write_bytes


def test_bytes_replace_the_file_whole_and_leave_no_temporary(tmp_path):
    path = tmp_path / "run.parquet"
    path.write_bytes(b"old")
    atomic_write_bytes(path, b"new contents")
    assert path.read_bytes() == b"new contents"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.parquet"]


def test_a_stale_temporary_of_a_killed_writer_is_replaced(tmp_path):
    path = tmp_path / "run.parquet"
    stale = tmp_path / f".run.parquet.{os.getpid()}.tmp"
    stale.write_bytes(b"half a file")
    atomic_write_bytes(path, b"whole")
    assert path.read_bytes() == b"whole" and not stale.exists()


def test_a_failed_write_keeps_the_old_file(tmp_path):
    path = tmp_path / "summary.json"
    path.write_text("old")

    def fail(tmp):
        open(tmp, "w").write("partial")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(path, fail)
    assert path.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.json"]
