"""A scenario with some fields set by dotted path (calibration particles, posterior draws)."""

from __future__ import annotations

from typing import Any

from sim.scenario.loading import set_path
from sim.scenario.schema import Scenario


def dotted_path(name: str) -> tuple:
    """``a.b.0.c`` -> ("a", "b", 0, "c"): list positions as numbers, as sweeps read them."""
    return tuple(int(p) if p.isdigit() else p for p in name.split("."))


def has_field(data, path: tuple) -> bool:
    node = data
    for part in path:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return False
    return True


def with_values(scenario: Scenario, values: dict[str, Any], *, skip_missing: bool = False, **fields: Any) -> Scenario:
    """``scenario`` with each dotted-path field of ``values`` set (and top-level ``fields``), validated again.

    A field the scenario does not have is an error (a calibration must not invent a mediator), or with
    ``skip_missing`` left out (a posterior drawn for a scenario without that mediator, say)."""
    # A posterior's samples are most of a calibrated scenario's data: left out of the dump and validation, the
    # same (frozen) block is put back, unless the change is to the posterior itself (docs/performance.md).
    posterior = scenario.posterior
    if posterior is not None and ("posterior" in fields or any(dotted_path(n)[0] == "posterior" for n in values)):
        posterior = None
    data = scenario.model_dump(mode="json", exclude={"posterior"} if posterior is not None else None)
    for name, value in values.items():
        path = dotted_path(name)
        if not has_field(data, path):
            if skip_missing:
                continue
            raise ValueError(f"scenario {scenario.name!r} has no field {name!r}")
        set_path(data, path, value)
    data.update(fields)
    changed = Scenario.model_validate(data)
    return changed if posterior is None else changed.model_copy(update={"posterior": posterior})


def drawn_from_posterior(scenario: Scenario, rng) -> tuple[int, Scenario]:
    """One row of ``scenario``'s posterior drawn by weight with ``rng``, and the scenario with its values.

    Each row's scenario is built once per scenario object (``Posterior.built``): a draw costs only its choice."""
    row, values = scenario.posterior.draw(rng)
    return row, scenario.posterior.built(row, scenario, lambda s: with_values(s, values, skip_missing=True))
