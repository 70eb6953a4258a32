"""Deliberate escalation (Kahn 1965): answer ``step`` rungs above the level received."""

import pytest

from sim.rules.proportional import Escalate

from .base import RuleTestCase, exchange, responses


class TestEscalate(RuleTestCase):
    rule_name = "escalate"
    params = {"step": 1}
    expected_classifier = {"stochastic": False, "memory": 1}

    def test_one_rung_above_what_was_received(self):
        assert responses(Escalate(step=1), [0, 1, 3, 0, 6, 7, 2]) == [None, 2, 4, None, 7, 7, 3]

    def test_step_two(self):
        assert responses(Escalate(step=2), [1, 2, 3, 4, 5, 6, 7]) == [3, 4, 5, 6, 7, 7, 7]

    def test_step_zero_is_tit_for_tat(self):
        assert responses(Escalate(step=0), [0, 1, 2, 3, 4, 5, 6, 7]) == [None, 1, 2, 3, 4, 5, 6, 7]

    def test_two_escalators_climb_one_rung_per_exchange_to_open_war(self):
        acts = exchange(Escalate(step=1), Escalate(step=1), 1, answers=30)
        assert acts[:7] == [1, 2, 3, 4, 5, 6, 7]
        assert acts[7:] == [7] * 24

    def test_two_escalators_with_step_two(self):
        assert exchange(Escalate(step=2), Escalate(step=2), 1, answers=6) == [1, 3, 5, 7, 7, 7, 7]

    @pytest.mark.parametrize("provocation", range(1, 8))
    def test_open_war_is_reached_from_any_provocation_and_kept(self, provocation):
        acts = exchange(Escalate(step=1), Escalate(step=1), provocation, answers=10)
        assert acts[: 8 - provocation] == list(range(provocation, 8))
        assert set(acts[7 - provocation :]) == {7}
