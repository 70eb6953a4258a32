"""The scorecard of docs/validation.md: every shipped episode scored against climatology (sim.scoring).

Tables per role (fitted, held out, the rest): each episode's skill, P(open war) and its Brier score against the
climatology's, coverage at 50/80/90%, and each target's score ratio; sharpness by kind of target; a
reliability picture (coverage by level) and a plot of skill per episode.
"""

from __future__ import annotations

from pathlib import Path

from sim.scoring.scorecard import RATIO_BOUND

ROLE_ORDER = ("calibration", "held out", "phases of episodes 1, 3, 4", "not in the calibration")


def _f(x, digits: int = 2) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def _coverage(ep: dict, level: float) -> str:
    rows = [t for t in ep["targets"] if t["coverage"] and not t["scripted"]]
    return _f(sum(t["coverage"][level] for t in rows) / len(rows)) if rows else "-"


def _war(ep: dict) -> str:
    wars = [t for t in ep["targets"] if t["kind"] == "open_war"]
    return ", ".join(f"{_f(t['model'], 3)} ({_f(t['baseline'], 3)})" for t in wars) or "-"


def _ratios(ep: dict) -> str:
    def one(t):
        r = t["model"] / t["baseline"]
        shown = f">{RATIO_BOUND:g}" if r > RATIO_BOUND else f"{r:.2g}"
        return f"{t['target']} {shown}" + (" (scripted)" if t["scripted"] else "")
    return "; ".join(one(t) for t in ep["targets"])


def episode_table(report: dict, roles: dict[str, str], role: str) -> str:
    rows = ["| episode | skill | P(open war) | Brier open war (climatology) | coverage 50 / 80 / 90% | score / "
            "climatology, by target |", "|---|---|---|---|---|---|"]
    for ep in report["episodes"]:
        if roles.get(ep["episode"]) != role:
            continue
        cov = " / ".join(_coverage(ep, lv) for lv in (0.5, 0.8, 0.9))
        rows.append(f"| {ep['episode']} | {_f(ep['skill'])} | {_f(ep['p_open_war'])} | {_war(ep)} | {cov} | "
                    f"{_ratios(ep)} |")
    return "\n".join(rows)


def sharpness_table(report: dict) -> str:
    rows = ["| kind of target | median width of the 90% interval |", "|---|---|"]
    rows += [f"| {kind} | {width:g} |" for kind, width in report["overall"]["sharpness"].items()]
    return "\n".join(rows)


def plot_reliability(report: dict, path: Path, plt) -> None:
    levels = [0.5, 0.8, 0.9]
    observed = [report["overall"]["coverage"][str(lv)] for lv in levels]
    fig, ax = plt.subplots(figsize=(4, 4))
    ax.plot([0, 1], [0, 1], color="grey", lw=1, label="calibrated")
    ax.plot(levels, observed, "o-", color="#2166ac", label="model")
    ax.set_xlabel("central interval's level")
    ax.set_ylabel("share of observations inside")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.legend(loc="upper left", fontsize=8)
    ax.set_title(f"coverage by level ({report['overall']['numeric_targets']} numeric targets)", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def plot_skill(report: dict, roles: dict[str, str], path: Path, plt) -> None:
    episodes = [e for e in report["episodes"] if e["skill"] is not None]
    colours = {"calibration": "#2166ac", "held out": "#b2182b"}
    fig, ax = plt.subplots(figsize=(7, 0.35 * len(episodes) + 1.2))
    for i, ep in enumerate(episodes):
        ax.barh(i, ep["skill"], color=colours.get(roles.get(ep["episode"]), "#999999"))
    ax.set_yticks(range(len(episodes)), [e["episode"] for e in episodes], fontsize=8)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlabel("skill against climatology (1 - geometric mean of score ratios)")
    ax.set_title("skill per episode: blue fitted, red held out, grey neither", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def scorecard_section(report: dict, roles: dict[str, str], figures: Path, plt) -> str:
    plot_reliability(report, figures / "reliability.png", plt)
    plot_skill(report, roles, figures / "skill_per_episode.png", plt)
    o = report["overall"]
    cov = ", ".join(f"{float(k):.0%}: {_f(v)}" for k, v in o["coverage"].items())
    tables = "\n\n".join(f"**{role.capitalize()}**\n\n{episode_table(report, roles, role)}" for role in ROLE_ORDER
                         if any(roles.get(e["episode"]) == role for e in report["episodes"]))
    return (f"Overall skill **{_f(o['skill'])}** over {o['targets']} targets ({o['scripted']} decided by the script, "
            f"left out); coverage of the observations by the central intervals: {cov}; open war: Brier "
            f"{_f(o['brier_open_war'], 3)} against climatology's {_f(o['brier_open_war_baseline'], 3)}; "
            f"{o['inside90']} of {o['targets']} targets inside their 90% interval (the old test).\n\n{tables}\n\n"
            f"Sharpness (over all episodes):\n\n{sharpness_table(report)}\n\n"
            "![coverage by level](validation/reliability.png) ![skill per episode](validation/skill_per_episode.png)\n")
