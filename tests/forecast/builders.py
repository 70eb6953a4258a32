"""Shared builders of the forecast tests: a small assimilation (a few particles filtered through the 2026 war's
window, carried to the present, a checkpoint saved on 1 Jan 2026), built once per session, and what-if files."""

from __future__ import annotations

import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WINDOWS = ROOT / "episodes" / "history"
PRESENT = "2026-04-08"
CHECKPOINT = "2026-01-01"


def assimilation_file(folder: Path, particles: int = 6, windows=("war2026",), **more) -> Path:
    lines = [f"scenario: {ROOT / 'scenarios' / 'history_2021_2026.yaml'}",
             f"priors: {ROOT / 'calibration' / 'priors.yaml'}",
             "windows: [" + ", ".join(str(WINDOWS / f"{w}.yaml") for w in windows) + "]",
             "baseline: [" + ", ".join(str(p) for p in sorted(WINDOWS.glob("*.yaml"))) + "]",
             f"particles: {particles}", "root_seed: 11"] + [f"{k}: {v}" for k, v in more.items()]
    path = folder / "asm.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def assimilate(folder: Path) -> Path:
    """A small assimilation's output folder (6 particles, present 8 Apr 2026, a checkpoint on 1 Jan 2026)."""
    from sim.history.assimilate_command import write_outputs
    from sim.history.assimilation import run_assimilation
    from sim.history.assimilation_spec import load_assimilation

    folder.mkdir(parents=True, exist_ok=True)
    asm = load_assimilation(assimilation_file(folder, present=PRESENT, checkpoints=f"[{CHECKPOINT}]"))
    out = folder / "out"
    write_outputs(asm, run_assimilation(asm, out), out)
    return out


def what_if_file(folder: Path, text: str, name: str = "what_if.yaml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path
