"""A readable text summary of one run, for the terminal."""

from __future__ import annotations

import datetime as dt

from sim.acts import CASUALTY_GROUPS
from sim.ladder import LEVEL_NAMES


def _day(day, start: dt.date | None) -> str:
    if day is None:
        return "never"
    return f"day {day}" + (f" ({start + dt.timedelta(days=day):%d %b %Y})" if start else "")


def text_summary(s: dict, scenario) -> str:
    start = scenario.start_date
    lines = [
        f"{s['scenario']} - seed {s['seed']}, {s['days']} days"
        + (f" from {start:%d %b %Y}" if start else ""),
        "",
        f"  peak level            {s['peak_level']} ({LEVEL_NAMES[s['peak_level']]})",
        f"  open war              {'yes, from ' + _day(s['first_day_open_war'], start) if s['open_war'] else 'no'}",
        f"  first strike level    {_day(s['first_day_strike'], start)}",
        f"  days at strike level+ {s['days_at_or_above_strike']}",
        f"  ceasefires            {s['ceasefires']} made, {s['ceasefire_breaches']} breached",
        f"  final levels          Pakistan {s['final_level']['pakistan']}, Taliban {s['final_level']['taliban']}",
        f"  TTP attacks           {s['ttp_attacks']}",
        f"  trade lost            ${s['trade_lost_usd'] / 1e6:,.1f} m",
        "  killed (all causes)   " + ", ".join(f"{g} {s['casualties'][g]}" for g in CASUALTY_GROUPS),
        "  crossings closed      " + ", ".join(f"{k} {v} d" for k, v in s["crossing_closed_days"].items() if v),
    ]
    return "\n".join(lines)


def describe_act(act, start: dt.date | None = None) -> str:
    """One event-log entry in plain language: 'Day 2 (11 Oct) - taliban post_raid in Kurram: 12 killed'."""
    when = f"Day {act.day}" + (f" ({start + dt.timedelta(days=act.day):%d %b})" if start else "")
    where = f" in {act.province}" if act.province else ""
    on_target = act.target and act.level > 0 and "crossing" not in act.act
    target = f" on {act.target}" if on_target else (f": {act.target}" if act.target else "")
    killed = sum(act.casualties.values())
    tail = f"; {killed} killed" if killed else ""
    posts = f"; {act.posts_lost} posts lost" if act.posts_lost else ""
    owned = "" if act.acknowledged else " (unacknowledged)"
    if act.actor not in ("pakistan", "taliban", "ttp") and act.detail:  # mediators and the scenario speak for themselves
        return f"{when} - {act.detail}"
    return f"{when} - {act.actor} {act.act.replace('_', ' ')}{owned}{where}{target}{tail}{posts}"


def key_events(acts, start: dt.date | None = None, limit: int = 20) -> list[str]:
    """The run's turning points: state acts from skirmish up, closures, mediators' moves and ceasefires."""
    changes_crossings = lambda a: "crossing" in a.act and a.target and a.target != "crossings kept closed"
    keep = [a for a in acts if (a.actor in ("pakistan", "taliban") and (a.level >= 3 or changes_crossings(a)))
            or a.act in ("call_for_restraint", "talks", "ceasefire", "ceasefire_breach", "ceasefire_expired")]
    lines = [describe_act(a, start) for a in keep[:limit]]
    if len(keep) > limit:
        lines.append(f"... and {len(keep) - limit} more in events.parquet")
    return lines
