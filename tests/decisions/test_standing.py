"""Mediation that wears out (docs/ODD.md 7.6a): a broken ceasefire lowers the broker's standing with the cheated
side, which then feels less of its pressure; standing comes back with its half-life."""

from __future__ import annotations

import pytest

from sim.submodels.standing import Standing, StandingSpec

SPEC = StandingSpec(loss_per_broken_ceasefire=0.4, recovery_half_life_days=100.0)


def test_broken_ceasefire_lowers_standing_with_the_cheated_side_only():
    s = Standing()
    s.broken("taliban", 10, SPEC)
    assert s.with_side("taliban", 10, SPEC) == pytest.approx(0.6)
    assert s.with_side("pakistan", 10, SPEC) == 1.0
    assert s.with_side("taliban", 110, SPEC) == pytest.approx(0.8)  # half the loss back after a half-life
    s.broken("taliban", 110, SPEC)
    assert s.with_side("taliban", 110, SPEC) == pytest.approx(0.8 * 0.6)


def test_no_spec_no_loss():
    s = Standing()
    s.broken("pakistan", 0, None)
    assert s.with_side("pakistan", 0, None) == 1.0


def test_a_breach_in_a_run_costs_the_broker_its_standing():
    from tests.builders import build, quiet_world

    mediator = {"display_name": "Qatar", "engage_at": 1, "pressure": 1.0, "leverage": {"pakistan": 1.0, "taliban": 1.0}}
    data = quiet_world(scenario="oct2025.yaml", days=10, mediators={"qatar": mediator},
                       mediator_standing={"loss_per_broken_ceasefire": 0.5, "recovery_half_life_days": 1000.0},
                       pakistan={"rule": {"name": "threshold", "theta": 0.0, "grievance_per_level": 1.0},
                                 "initial_grievance": 50.0},
                       ceasefire={"breach_probability": 1.0})
    model = build(data, seed=1)
    model.begin_ceasefire(30, 0.0, "Qatar")  # brokered by Qatar before day 0; Pakistan's rule breaks it
    model.run()
    qatar, spec = model.mediator("qatar"), model.config.mediator_standing
    assert model.ceasefire.breaches == 1
    assert qatar.standing.with_side("taliban", model.day, spec) < 1.0  # Kabul kept it: Kabul feels cheated
    assert qatar.standing.with_side("pakistan", model.day, spec) == 1.0
