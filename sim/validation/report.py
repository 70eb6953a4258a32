"""Regenerate docs/validation.md: known-answer and property tests, calibration, hindcasts, with plots.

One command: ``python -m sim.validation.report`` (or ``make validation``). It runs the validation tests
(``pytest tests/validation tests/rules ...`` with ``--slow``), the calibration of oct2025, and both
episodes' hindcasts, then writes the page and its figures under docs/validation/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from sim import __version__  # noqa: E402
from sim.validation.calibrate import calibrate, format_report as calibration_table, load_calibration  # noqa: E402
from sim.validation.episode import load_episode  # noqa: E402
from sim.validation.hindcast import format_report as hindcast_table, hindcast  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
TESTS = ["tests/validation", "tests/rules", "tests/test_combat.py", "tests/test_restraint.py", "tests/test_properties.py"]
EPISODES = {"oct2025": "calibration episode", "torkham_sep2023": "held out of calibration"}


def run_tests(slow: bool) -> tuple[str, str]:
    """(pytest's closing line, the per-test outcome lines) of the validation tests."""
    cmd = [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", "-o", "addopts=", *TESTS]
    if slow:
        cmd.append("--slow")
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    lines = done.stdout.splitlines()
    outcomes = [ln for ln in lines if re.match(r"^(PASSED|FAILED|XFAIL|XPASS|SKIPPED|ERROR) tests/validation", ln)]
    closing = next((ln.strip("= ") for ln in reversed(lines) if re.search(r"\d+ (passed|failed)", ln)), "no result")
    return closing, "\n".join(outcomes)


def plot_hindcast(report: dict, path: Path) -> None:
    """One row per numeric target: the simulated 90% interval and median against the observed value/interval."""
    rows = [r for r in report["targets"] if r["simulated"] and "median" in r["simulated"] and r["simulated"]["median"] is not None]
    fig, axes = plt.subplots(len(rows), 1, figsize=(8, 0.9 * len(rows) + 1), squeeze=False)
    for ax, r in zip(axes[:, 0], rows):
        sim_ = r["simulated"]
        low, high = sim_["p05"], sim_["p95"] if sim_["p95"] is not None else sim_["median"]
        ax.plot([low, high], [0, 0], color="#2166ac", lw=6, alpha=0.4, label="simulated 90%")
        ax.plot([sim_["median"]], [0], "o", color="#2166ac", label="simulated median")
        obs = r["observed"]
        obs_low, obs_high = (obs if isinstance(obs, list) else [obs, obs])
        obs_low = low if obs_low is None else obs_low
        obs_high = high if obs_high is None else obs_high
        ax.plot([obs_low, obs_high], [0, 0], "|-", color="#b2182b" if not r["inside"] else "#1b7837", ms=14, lw=2,
                label="observed")
        ax.set_yticks([])
        ax.set_ylabel(r["target"].replace("casualties.", "killed: ").replace("crossing_closed_days.", "closed days: "),
                      rotation=0, ha="right", va="center", fontsize=8)
    axes[0, 0].legend(fontsize=7, ncol=3, loc="lower right", bbox_to_anchor=(1, 1))
    fig.suptitle(f"hindcast {report['episode']}: {report['runs_done']} runs", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def build(replicates: int, slow: bool, out: Path) -> str:
    figures = out / "validation"
    figures.mkdir(parents=True, exist_ok=True)
    closing, outcomes = run_tests(slow)
    calib_spec = load_calibration(ROOT / "calibration" / "oct2025_params.yaml")
    calib = calibrate(load_episode(ROOT / "episodes" / "oct2025.yaml"), calib_spec, ROOT / "out" / "calibrate_oct2025",
                      progress=False)
    sections = []
    for name, role in EPISODES.items():
        report = hindcast(load_episode(ROOT / "episodes" / f"{name}.yaml"), replicates)
        plot_hindcast(report, figures / f"hindcast_{name}.png")
        verdict = "all targets inside" if report["inside"] else "some targets missed"
        sections.append(f"### {name} ({role}): {verdict}\n\n```\n{hindcast_table(report)}\n```\n\n"
                        f"![hindcast {name}](validation/hindcast_{name}.png)\n")
    text = (ROOT / "docs" / "validation_intro.md").read_text(encoding="utf-8")
    return text.format(
        date=dt.date.today().isoformat(), version=__version__, replicates=replicates, slow="with" if slow else "without",
        tests_closing=closing, tests_outcomes=outcomes or "(none)", calibration=calibration_table(calib),
        calibration_json=json.dumps(calib["best"]["parts"], indent=1), hindcasts="\n".join(sections),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=200, help="runs per hindcast")
    parser.add_argument("--no-slow", action="store_true", help="skip the heavier (--slow) validation tests")
    args = parser.parse_args(argv)
    page = build(args.replicates, not args.no_slow, ROOT / "docs")
    (ROOT / "docs" / "validation.md").write_text(page, encoding="utf-8")
    print(f"wrote {ROOT / 'docs' / 'validation.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
