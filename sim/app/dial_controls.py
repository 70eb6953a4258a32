"""The sidebar's dials: scenario, seed, restraint pressure, each side's rule and its parameters, the
mediators. They change the dials (plain data, ``dials.py``), which take effect on Reset; a bad value is
named under its field at once."""

from __future__ import annotations

import solara

from sim.app import dials as D
from sim.rules import RULES


@solara.component
def DialControls(dials):
    d = dials.value

    def put(**changes):
        dials.set({**dials.value, **changes})

    def pick_scenario(name):
        dials.set(D.dials_for(name))

    solara.Select("Scenario", values=list(D.SCENARIOS), value=d["scenario_name"], on_value=pick_scenario)
    seed_error = _problem(lambda: D.parse_seed(d["seed"]))
    solara.InputText("Seed (whole number)", value=d["seed"], on_value=lambda v: put(seed=v),
                     error=seed_error or False, message=seed_error or "", classes=["seed-input"])
    solara.SliderFloat("Restraint pressure (mediators)", value=d["restraint_pressure"], min=0.0, max=3.0, step=0.1,
                       on_value=lambda v: put(restraint_pressure=v))
    for side, label in (("pakistan", "Pakistan's rule"), ("taliban", "Taliban's rule")):
        RuleDials(dials, side, label)
    solara.Text("Mediators active")
    for key, on in d["mediators"].items():
        solara.Checkbox(label=key.replace("_", " ").title(), value=on,
                        on_value=lambda v, key=key: put(mediators={**dials.value["mediators"], key: v}))


@solara.component
def RuleDials(dials, side, label):
    rule = dials.value["rules"][side]
    solara.Select(label, values=sorted(RULES), value=rule["name"],
                  on_value=lambda name: dials.set(D.with_rule(dials.value, side, name)))

    def set_param(key, text):
        rules = {**dials.value["rules"], side: {**dials.value["rules"][side], key: text}}
        dials.set({**dials.value, "rules": rules})

    problems = D.rule_problems(rule)
    for key in D.rule_parameters(rule["name"]):
        message = problems.get(key, "")
        solara.InputText(f"  {key}", value=rule[key], on_value=lambda v, key=key: set_param(key, v),
                         error=bool(message), message=message, classes=[f"param-{side}-{key}"])


def _problem(check) -> str | None:
    try:
        check()
    except ValueError as exc:
        return str(exc)
    return None


