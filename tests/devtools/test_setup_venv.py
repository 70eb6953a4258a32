"""The set-up script finds a Python 3.12+ by itself, and says plainly what is missing when there is none."""

import shutil
import subprocess
from pathlib import Path

from tests.conftest import ROOT


def _copy_project(tmp_path: Path) -> Path:
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "setup-venv", tmp_path / "scripts" / "setup-venv")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_no_suitable_python_is_a_clear_error(tmp_path):
    project = _copy_project(tmp_path)
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    old = fake_bin / "python3"  # a Python that is too old, and nothing else
    old.write_text("#!/bin/sh\nexit 1\n")
    old.chmod(0o755)
    for tool in ("bash", "sha256sum", "cut", "cat", "ls", "sort", "dirname"):
        found = shutil.which(tool)
        if found:
            (fake_bin / tool).symlink_to(found)
    done = subprocess.run(["bash", str(project / "scripts" / "setup-venv")], capture_output=True, text=True,
                          env={"PATH": str(fake_bin), "HOME": str(tmp_path)})
    assert done.returncode == 2
    assert "no Python 3.12 or newer found" in done.stderr
    assert not (project / ".venv").exists()


def test_up_to_date_venv_is_not_reinstalled():
    done = subprocess.run(["bash", str(ROOT / "scripts" / "setup-venv")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0
    assert "installing" not in done.stderr  # the stamp matches pyproject.toml: nothing to do
