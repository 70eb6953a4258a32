"""Restrained reciprocity (Osgood 1962, GRIT): one level below what was received, only past theta."""

from sim.rules.threshold import Restrained

from .base import RuleTestCase, exchange, responses


class TestRestrained(RuleTestCase):
    rule_name = "restrained"
    params = {"theta": 10.0}
    expected_classifier = {"stochastic": False, "memory": 1}

    def test_one_level_below_past_theta(self):
        assert responses(Restrained(theta=10.0), [0, 1, 2, 3, 4, 5, 6, 7], grievance=11.0) == [
            None, None, 1, 2, 3, 4, 5, 6,
        ]

    def test_silent_up_to_theta(self):
        for grievance in (0.0, 5.0, 10.0):
            assert responses(Restrained(theta=10.0), [7, 5, 3], grievance=grievance) == [None, None, None]

    def test_grievance_script(self):
        rule = Restrained(theta=10.0)
        received = [5, 5, 5, 7, 7, 2, 0]
        grievance = [9.0, 10.0, 10.5, 10.5, 3.0, 50.0, 50.0]
        assert responses(rule, received, grievance=grievance) == [None, None, 4, 6, None, 1, None]

    def test_two_restrained_actors_wind_down(self):
        acts = exchange(Restrained(theta=0.0), Restrained(theta=0.0), 7, answers=8, grievance=1.0)
        assert acts == [7, 6, 5, 4, 3, 2, 1, None, None]
