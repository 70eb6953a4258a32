"""A readable text summary of one run, for the terminal."""

from __future__ import annotations

import datetime as dt

from sim.acts import CASUALTY_GROUPS
from sim.submodels.ladder import LEVEL_NAMES


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


WHO = {"pakistan": "Pakistan", "taliban": "the Taliban administration", "ttp": "the TTP", "scenario": "the scenario"}
TROOPS = {"pakistan": "Pakistani forces", "taliban": "Taliban forces"}
ENEMY_POSTS = {"pakistan": "Afghan", "taliban": "Pakistani"}
# act -> sentence; {who} the actor, {troops} its forces, {enemy} the other side's adjective, {target}, {where}
PHRASES = {
    "dialogue": "{who} keeps talking to the other side",
    "warning": "{who} issues a warning",
    "crossing_closure": "{who} closes crossings: {target}",
    "crossing_reopening": "{who} reopens crossings: {target}",
    "small_arms_fire": "{troops} fire on {enemy} border posts{where}",
    "artillery_shelling": "{troops} shell {enemy} border posts{where}",
    "air_strike": "Pakistani air strike{where} on {target}",
    "deep_air_strike": "Pakistani deep air strike{where} on {target}",
    "post_raid": "Taliban forces raid Pakistani posts{where}",
    "retaliatory_operations": "Taliban forces attack Pakistani posts{where}",
    "multi_front_operations": "{troops} fight on many fronts{where}",
    "ttp_attack": "TTP attack{where} on {target}",
    "ttp_surge": "TTP attacks surge: {target}",
    "ceasefire_breach": "{who} breaks the ceasefire brokered by {target}",
    "call_for_talks": "{who} asks {target} to host talks",
    "diplomatic_visit": "{who}: diplomatic visit to {target}",
    "policy_change": "{who} changes policy: {target}",
}


def describe_act(act, start: dt.date | None = None) -> str:
    """One event-log entry in plain language: 'Day 2 (11 Oct) - Taliban forces raid Pakistani posts in Kurram;
    12 killed; 3 posts lost'. Mediators' and the scenario's notes speak for themselves."""
    when = f"Day {act.day}" + (f" ({start + dt.timedelta(days=act.day):%d %b})" if start else "")
    if act.actor not in ("pakistan", "taliban", "ttp") and act.detail:
        return f"{when} - {act.detail}"
    where = f" in {act.place}" if act.provinces else ""
    phrase = PHRASES.get(act.kind)
    if phrase is None:
        text = f"{WHO.get(act.actor, act.actor)} {act.kind.replace('_', ' ')}{where}" + (f": {act.target}" if act.target else "")
    else:
        text = phrase.format(who=WHO.get(act.actor, act.actor), troops=TROOPS.get(act.actor, act.actor),
                             enemy=ENEMY_POSTS.get(act.actor, "enemy"), target=act.target or "-", where=where)
    text = text[0].upper() + text[1:]
    killed = sum(act.casualties.values())
    tail = (f"; {killed} killed" if killed else "") + (f"; {act.posts_destroyed} post{'s' if act.posts_destroyed > 1 else ''} lost" if act.posts_destroyed else "")
    owned = "" if act.acknowledged else " (not acknowledged)"
    extra = f" ({act.detail})" if act.detail and act.kind in ("crossing_closure", "crossing_reopening") else ""
    return f"{when} - {text}{owned}{extra}{tail}"


def key_events(acts, start: dt.date | None = None, limit: int = 20) -> list[str]:
    """The run's turning points: state acts from skirmish up, closures, mediators' moves and ceasefires."""
    changes_crossings = lambda a: "crossing" in a.kind and a.target and a.target != "crossings kept closed"
    keep = [a for a in acts if (a.actor in ("pakistan", "taliban") and (a.level >= 3 or changes_crossings(a)))
            or a.kind in ("call_for_restraint", "talks", "ceasefire", "ceasefire_breach", "ceasefire_expired")]
    lines = [describe_act(a, start) for a in keep[:limit]]
    if len(keep) > limit:
        lines.append(f"... and {len(keep) - limit} more in events.parquet")
    return lines
