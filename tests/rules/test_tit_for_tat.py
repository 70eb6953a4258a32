"""Tit for tat (Axelrod 1984): answer the last act at its level."""

import pytest

from sim.rules.tit_for_tat import TitForTat

from .base import RuleTestCase, exchange, responses


class TestTitForTat(RuleTestCase):
    rule_name = "tit_for_tat"
    params = {}
    expected_classifier = {"stochastic": False, "memory": 1}

    def test_answers_the_level_received(self):
        script = [0, 3, 0, 5, 7, 1, 1, 0, 0, 2]
        assert responses(TitForTat(), script) == [None, 3, None, 5, 7, 1, 1, None, None, 2]

    def test_ignores_grievance(self):
        assert responses(TitForTat(), [0, 4, 0], grievance=9999.0) == [None, 4, None]

    @pytest.mark.parametrize("provocation", range(1, 8))
    def test_two_tit_for_tat_actors_echo_one_provocation_for_ever(self, provocation):
        acts = exchange(TitForTat(), TitForTat(), provocation, answers=100)
        assert acts == [provocation] * 101

    def test_no_provocation_no_war(self):
        acts = exchange(TitForTat(), TitForTat(), 0, answers=20)
        assert acts == [0] + [None] * 20
