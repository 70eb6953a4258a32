"""Passive (Axelrod 1984's unconditional co-operator): never acts, whatever it receives or feels."""

from sim.rules.passive import Passive
from sim.rules.tit_for_tat import TitForTat

from .base import RuleTestCase, exchange, responses


class TestPassive(RuleTestCase):
    rule_name = "passive"
    params = {}
    expected_classifier = {"stochastic": False, "memory": 0}

    def test_never_answers_anything(self):
        assert responses(Passive(), [0, 1, 3, 5, 7, 7, 0], grievance=1e6) == [None] * 7

    def test_a_tit_for_tat_provoked_by_it_answers_once_and_the_exchange_dies(self):
        # tit-for-tat answers the provocation in kind; passive never answers back
        assert exchange(TitForTat(), Passive(), 4, answers=4) == [4, None, None, None, None]
        assert exchange(Passive(), TitForTat(), 4, answers=4) == [4, 4, None, None, None]
