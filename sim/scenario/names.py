"""Names a scenario must refer to correctly: provinces, crossings, mediators, and the days and fields of its events.

:func:`check_names` runs after the scenario validates: every TTP cell's province and every event's province,
crossing and mediator must exist, every event day must fall before the horizon, and a ``policy_change`` must
leave a valid actor. Each problem is (where, key path, message) at ``file:line:column``, as in
:mod:`sim.scenario.errors`.
"""

from __future__ import annotations

from pydantic import ValidationError

from sim.scenario.errors import _data_path, _describe, _join, _model_fields_at, dotted, locate, suggest
from sim.scenario.maps import GeographySpec
from sim.scenario.schema import Scenario, policy_update
from sim.scenario.yamlsafe import Where


def check_names(scenario: Scenario, geo: GeographySpec, positions: dict, file: str) -> list:
    provinces = [p.name for p in geo.provinces]
    crossings = [c.name for c in geo.crossings]
    mediators = list(scenario.mediators)
    fallback = Where(file, 1, 1)
    problems = []

    def need(value, choices, path, what):
        if value not in choices:
            where = locate(positions, path, fallback)
            known = ", ".join(choices) if choices else "none defined"
            problems.append((where, dotted(path), f"unknown {what} {value!r}{suggest(value, choices)} (known: {known})"))

    for i, cell in enumerate(scenario.ttp.cells):
        need(cell.province, provinces, ("ttp", "cells", i, "province"), "province")
    for i, ev in enumerate(scenario.events):
        base = ("events", i)
        if ev.day >= scenario.days:
            problems.append((locate(positions, base + ("day",), fallback), dotted(base + ("day",)),
                             f"expected a day before the horizon (0 to {scenario.days - 1}, days: {scenario.days}); "
                             f"found {ev.day}"))
        if ev.type in ("strike", "ttp_attack"):
            need(ev.province, provinces, base + ("province",), "province")
        if ev.type in ("closure", "reopening") and ev.crossings != "all":
            for j, c in enumerate(ev.crossings):
                need(c, crossings, base + ("crossings", j), "crossing")
        if ev.type == "mediator_call":
            need(ev.mediator, mediators, base + ("mediator",), "mediator")
        if ev.type == "policy_change":
            problems += _check_policy_change(scenario, ev, base, positions, fallback)
    return problems


def _check_policy_change(scenario: Scenario, ev, base: tuple, positions: dict, fallback: Where) -> list:
    actor = getattr(scenario.actors, ev.actor)
    merged = policy_update(actor, ev.set)
    try:
        type(actor).model_validate(merged)
    except ValidationError as exc:
        problems = []
        fields = list(type(actor).model_fields)
        for err in exc.errors():
            sub, on_key = _data_path(err["loc"], merged, missing=err["type"] == "missing")
            if err["type"] == "union_tag_invalid":
                what = str((err.get("ctx") or {}).get("discriminator", "")).strip("'")
                if isinstance(err.get("input"), dict) and what in err["input"]:
                    sub += (what,)
            path = base + ("set",) + sub
            if err["type"] == "extra_forbidden" and len(sub) == 1:
                key = sub[-1]
                msg = f"unknown key {key!r}{suggest(key, fields)} (expected one of: {', '.join(fields)})"
            elif err["type"] == "extra_forbidden":
                key = sub[-1]
                inner = _model_fields_at(type(actor), sub[:-1], merged) or []
                msg = f"unknown key {key!r}{suggest(key, inner)} (expected one of: {', '.join(inner)})"
            else:
                msg = _describe(err, merged, sub)
            where = locate(positions, path, fallback, key=on_key or err["type"] == "extra_forbidden")
            problems.append((where, dotted(path), msg))
        return _join(problems)
    return []
