"""Shared builder of the history and forecast tests: an assimilation file over the history's windows."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WINDOWS = ROOT / "episodes" / "history"


def assimilation_file(folder: Path, windows=("war2026",), held_out=(), particles: int = 6, root_seed: int = 11,
                      scenario: Path = ROOT / "scenarios" / "history_2021_2026.yaml", windows_dir: Path = WINDOWS,
                      baseline: bool = True, **more) -> Path:
    """``folder``/asm.yaml: ``scenario`` and the shipped priors, these windows (and held-out ones) from ``windows_dir``,
    every shipped window as the baseline (unless not ``baseline``), and ``more`` top-level fields as written."""
    def files(names) -> str:
        return "[" + ", ".join(str(windows_dir / f"{w}.yaml") for w in names) + "]"

    lines = [f"scenario: {scenario}", f"priors: {ROOT / 'calibration' / 'priors.yaml'}", f"windows: {files(windows)}"]
    if held_out:
        lines.append(f"held_out: {files(held_out)}")
    if baseline:
        lines.append("baseline: [" + ", ".join(str(p) for p in sorted(WINDOWS.glob("*.yaml"))) + "]")
    lines += [f"particles: {particles}", f"root_seed: {root_seed}"] + [f"{k}: {v}" for k, v in more.items()]
    path = folder / "asm.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
