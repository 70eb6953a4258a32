"""Atomic writes: a reader sees all of a file or none of it, and no temporary file is left behind."""

from pathlib import Path

import pytest

from sim.outputs.atomic import atomic_write


def test_bytes_replace_the_file_whole_and_leave_no_temporary(tmp_path):
    path = tmp_path / "run.parquet"
    path.write_bytes(b"old")
    atomic_write(path, lambda tmp: Path(tmp).write_bytes(b"new contents"))
    assert path.read_bytes() == b"new contents"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.parquet"]


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
