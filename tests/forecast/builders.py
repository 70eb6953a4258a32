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


def world_known_on(folder: Path, date, windows: list[str], held_out: list[str] = ()) -> Path:
    """A copy of the record with every row dated on or after ``date`` deleted (and the tempo period under way then
    given another factor), its own history scenario and windows, and an assimilation file of ``windows``: the world
    as a forecaster on ``date`` could have had it. Returns the assimilation file."""
    import shutil

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    (folder / "record").mkdir(parents=True)
    for path in sorted((ROOT / "record").glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"))
        rows = [r for r in data["rows"] if r["date"] < date]
        for r in rows:
            if path.stem == "tempo" and r["end_date"] >= date:
                r["factor"] = 9.0  # its count was not known on the date: the backtest must not read it
        with open(folder / "record" / path.name, "w", encoding="utf-8") as f:
            YAML().dump({"rows": rows}, f)
    (folder / "scenarios").mkdir()
    text = (ROOT / "scenarios" / "history_2021_2026.yaml").read_text(encoding="utf-8")
    text = text.replace("extends: oct2025.yaml", f"extends: {ROOT / 'scenarios' / 'oct2025.yaml'}")
    (folder / "scenarios" / "history_2021_2026.yaml").write_text(text, encoding="utf-8")
    (folder / "episodes" / "history").mkdir(parents=True)
    for name in (*windows, *held_out):
        shutil.copy(WINDOWS / f"{name}.yaml", folder / "episodes" / "history" / f"{name}.yaml")
    lines = [f"scenario: {folder / 'scenarios' / 'history_2021_2026.yaml'}",
             f"priors: {ROOT / 'calibration' / 'priors.yaml'}",
             "windows: [" + ", ".join(str(folder / "episodes" / "history" / f"{w}.yaml") for w in windows) + "]",
             "held_out: [" + ", ".join(str(folder / "episodes" / "history" / f"{w}.yaml") for w in held_out) + "]",
             "particles: 4", "root_seed: 11"]
    path = folder / "asm.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def backtest_file(folder: Path, assimilation: Path, start: str, days: int = 30) -> Path:
    path = folder / "backtests.yaml"
    path.write_text(f"assimilation: {assimilation}\nforecasts: [{{start: {start}, days: {days}}}]\n"
                    "particles: 4\nreplicates: 2\nroot_seed: 5\n", encoding="utf-8")
    return path
