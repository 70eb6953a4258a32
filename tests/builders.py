"""Shared builders of scenarios for tests: one quiet world, from which each test adds what it watches.

A quiet world is a shipped scenario in which nothing happens unless a test puts it there: both states
play the ``passive`` rule from rung 0 with no grievance, feel no economic pressure, close no crossing on
their own and have no border forces, no strategic decisions, lessons or hostility; there are no TTP cells, no
mediators (nor a standing they could lose) and no scripted events, and no
posterior (every run uses the values written, none drawn). Everything else (map, combat, ceasefire,
restraint) stays as the scenario has it.
"""

from __future__ import annotations

import copy
import functools

from sim.model import EscalationModel
from sim.scenario.loading import load_scenario, scenario_from_data
from sim.sides import SIDE_KEYS
from tests.conftest import SCENARIOS

PASSIVE = {"name": "passive"}
QUIET_ACTOR = {"rule": PASSIVE, "initial_level": 0, "initial_grievance": 0.0, "economic_sensitivity": 0.0,
               "close_crossings_at": None, "close_local_crossing_at": None, "border_force": None,
               "decisions": {}, "lessons": None, "hostility": None}


@functools.lru_cache(maxsize=4)
def _scenario_data(name: str) -> dict:
    return load_scenario(SCENARIOS / name).model_dump(mode="json")


def quiet_world(*, scenario: str = "classroom.yaml", events=(), cells=(), mediators=None, ceasefire=None,
                ttp=None, both=None, pakistan=None, taliban=None, **top) -> dict:
    """Scenario data of a quiet world (see the module docstring) with the given additions.

    ``both`` updates both actors' blocks, then ``pakistan`` and ``taliban`` each its own; ``ttp`` and
    ``ceasefire`` update those blocks; further keywords set top-level fields (``days``, ``restraint_pressure``).
    """
    data = copy.deepcopy(_scenario_data(scenario))
    data.update(events=list(events), mediators=dict(mediators or {}), posterior=None, mediator_standing=None)
    data["ttp"]["cells"] = list(cells)
    data["ttp"].update(ttp or {})
    data["ceasefire"].update(ceasefire or {})
    for key, own in zip(SIDE_KEYS, (pakistan, taliban)):
        data["actors"][key].update({**copy.deepcopy(QUIET_ACTOR), **(both or {}), **(own or {})})
    data.update(top)
    return data


def build(data: dict, seed: int = 1, days: int | None = None) -> EscalationModel:
    """The model of scenario ``data`` (validated as a user's file would be), not yet run."""
    return EscalationModel(scenario_from_data(data), rng=seed, days=days)


def copy_shipped_scenario(name: str, dest) -> None:
    """A shipped scenario file copied to ``dest`` as is, but for its posterior file's path, which becomes
    absolute (it is relative to the scenario file, so a plain copy elsewhere would not find it)."""
    text = (SCENARIOS / name).read_text(encoding="utf-8")
    posterior = SCENARIOS.parent / "calibration" / "posterior.parquet"
    dest.write_text(text.replace("posterior: ../calibration/posterior.parquet", f"posterior: {posterior}"),
                    encoding="utf-8")
