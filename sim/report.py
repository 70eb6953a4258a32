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
        "  killed                " + ", ".join(f"{g} {s['casualties'][g]}" for g in CASUALTY_GROUPS),
        "  crossings closed      " + ", ".join(f"{k} {v} d" for k, v in s["crossing_closed_days"].items() if v),
    ]
    return "\n".join(lines)
