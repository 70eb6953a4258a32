"""``escalation score EPISODE... [--baseline EPISODE...] [--replicates N] [--workers N] [--json]``.

Runs each episode's ensemble as ``escalation hindcast`` does (the batch runner, into a temporary folder),
runs its script alone once (:mod:`sim.scoring.scripted`), and scores every target against the climatology
of the episode files given (plus ``--baseline`` files, which are not scored themselves): a table per episode
and the overall figures, or one JSON object. Exit status 0, or 2 for bad input (an episode file that cannot
be read, a target kind no other crisis has, a bad option), 1 anything else.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from sim.scoring.climatology import Climatology, records_of
from sim.scoring.scorecard import EpisodeScore, overall, score_episode
from sim.scoring.scripted import script_only_measures
from sim.validation.episode import LoadedEpisode, load_episode
from sim.validation.hindcast import run_ensemble


def ensemble_score(loaded: LoadedEpisode, climatology: Climatology, replicates: int | None = None,
                   workers: int | None = None) -> EpisodeScore:
    """Run one episode's ensemble and score it."""
    n = replicates or loaded.episode.replicates
    with tempfile.TemporaryDirectory(prefix="score-") as tmp:
        measures, failed, open_war = run_ensemble(loaded, n, Path(tmp), workers)
    if not measures:
        raise RuntimeError(f"{loaded.episode.name}: no run finished (first error: {failed[0]['error'] if failed else '-'})")
    # P(open war) over the episode's days: its own target where it has one (a window's), else the runs'
    war = [m["open_war"] for m in measures] if "open_war" in measures[0] else open_war
    p_war = sum(map(bool, war)) / len(war)
    return score_episode(loaded, measures, climatology, script=script_only_measures(loaded), p_open_war=p_war)


def score_files(files: list[str], baseline: list[str] = (), replicates: int | None = None,
                workers: int | None = None, progress=None) -> dict:
    """The report of ``escalation score`` as plain data (what ``--json`` prints)."""
    episodes = [load_episode(f) for f in files]
    climatology = Climatology(episodes + [load_episode(f) for f in baseline])
    climatology.check([r for loaded in episodes for r in records_of(loaded)])  # before any run
    scored = []
    for loaded in episodes:
        started = time.perf_counter()
        scored.append(ensemble_score(loaded, climatology, replicates, workers))
        if progress:
            progress(f"scored {loaded.episode.name}: {scored[-1].runs} runs in {time.perf_counter() - started:.1f} s")
    return {"episodes": [e.as_dict() for e in scored], "overall": overall(scored),
            "baseline_files": [str(loaded.path) for loaded in episodes] + list(baseline)}


# --- printing ---------------------------------------------------------------------------------------

def _num(x) -> str:
    if x is None:
        return "none"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, list):
        low, high = x
        return f">= {low}" if high is None else f"<= {high}" if low is None else f"[{low}, {high}]"
    return f"{x:g}" if isinstance(x, float) else str(x)


def _fmt(x, digits: int = 3) -> str:
    return "-" if x is None else f"{x:.{digits}g}"


def _row(t: dict) -> list[str]:
    if t["kind"] == "open_war":
        middle, spread = f"P={t['p_true']:.2f}", "-"
    else:
        middle, spread = _num(t["median"]), f"[{_num(t['p05'])}, {_num(t['p95'])}]"
    label = "Brier" if t["kind"] == "open_war" else "CRPS"
    return [t["target"], _num(t["observed"]), middle, spread, f"{_fmt(t['model'])} {label}", _fmt(t["baseline"]),
            _fmt(t["skill"], 2), "scripted" if t["scripted"] else ""]


def format_report(report: dict) -> str:
    lines = ["score: each target's proper score (CRPS, or Brier for open war; lower is better) against climatology "
             "(the same kind of target in the other crises); skill = 1 - model / baseline", ""]
    for ep in report["episodes"]:
        skill = "-" if ep["skill"] is None else f"{ep['skill']:.2f}"
        lines.append(f"{ep['episode']} ({ep['runs']} runs; skill {skill}; P(open war) {ep['p_open_war']:.2f})")
        table = [["target", "observed", "median", "90% interval", "model", "baseline", "skill", ""]]
        table += [_row(t) for t in ep["targets"]]
        widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
        lines += ["  " + "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in table] + [""]
    o = report["overall"]
    cov = ", ".join(f"{float(k):.0%}: {_fmt(v, 2)}" for k, v in o["coverage"].items())
    lines += [f"overall: skill {_fmt(o['skill'], 2)} over {o['targets']} targets ({o['scripted']} scripted, left out)",
              f"coverage of the observations by the central intervals ({o['numeric_targets']} numeric targets): {cov}",
              f"open war: Brier {_fmt(o['brier_open_war'])} (climatology {_fmt(o['brier_open_war_baseline'])})",
              f"inside the 90% interval (the old test): {o['inside90']} of {o['targets']}"]
    return "\n".join(lines)


def score_command(args) -> int:
    say = None if args.json else (lambda line: print(line, file=sys.stderr, flush=True))
    report = score_files(args.episodes, args.baseline or [], args.replicates, args.workers, say)
    print(json.dumps(report, indent=1, ensure_ascii=False, default=float) if args.json else format_report(report))
    return 0
