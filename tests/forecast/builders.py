"""Shared builders of the forecast tests: a small assimilation (a few particles filtered through the 2026 war's
window, carried to the present, a checkpoint saved on 1 Jan 2026), built once per session, and what-if files."""

from __future__ import annotations

import textwrap
from pathlib import Path

from tests.history.builders import ROOT, WINDOWS, assimilation_file

PRESENT = "2026-04-08"
CHECKPOINT = "2026-01-01"


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
    return assimilation_file(folder, windows, held_out, particles=4, scenario=folder / "scenarios" /
                             "history_2021_2026.yaml", windows_dir=folder / "episodes" / "history", baseline=False)


def backtest_file(folder: Path, assimilation: Path, start: str, days: int = 30) -> Path:
    path = folder / "backtests.yaml"
    path.write_text(f"assimilation: {assimilation}\nforecasts: [{{start: {start}, days: {days}}}]\n"
                    "particles: 4\nreplicates: 2\nroot_seed: 5\n", encoding="utf-8")
    return path
