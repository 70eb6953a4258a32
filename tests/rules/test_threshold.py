"""Grievance threshold (Granovetter 1978): act once G > theta, one rung more per grievance_per_level."""

import pytest

from sim.rules.threshold import Threshold

from .base import RuleTestCase, responses


class TestThreshold(RuleTestCase):
    rule_name = "threshold"
    params = {"theta": 10.0, "grievance_per_level": 10.0}
    expected_classifier = {"stochastic": False, "memory": "grievance"}

    @pytest.mark.parametrize(
        "grievance, expected",
        [
            (0.0, None),
            (9.99, None),
            (10.0, None),  # strictly above theta
            (10.001, 1),
            (19.99, 1),
            (20.0, 2),
            (29.9, 2),
            (45.0, 4),
            (69.99, 6),
            (70.0, 7),
            (75.0, 7),
            (1e4, 7),  # capped at open war
        ],
    )
    def test_level_from_grievance(self, grievance, expected):
        assert responses(Threshold(theta=10.0, grievance_per_level=10.0), [0], grievance=grievance) == [expected]

    def test_level_received_does_not_matter(self):
        for received in range(8):
            assert responses(Threshold(theta=10.0, grievance_per_level=10.0), [received], grievance=35.0) == [3]

    def test_grievance_script(self):
        rule = Threshold(theta=5.0, grievance_per_level=2.5)
        grievance = [0, 5, 5.5, 7.5, 8, 12, 100, 4]
        assert responses(rule, [0] * 8, grievance=grievance) == [None, None, 1, 2, 2, 3, 7, None]

    def test_zero_theta_acts_on_any_grievance(self):
        assert responses(Threshold(theta=0.0, grievance_per_level=1.0), [0, 0], grievance=[0.0, 0.5]) == [None, 1]

    def test_min_level_is_the_first_answer_past_theta_and_grievance_still_climbs_above_it(self):
        rule = Threshold(theta=10.0, grievance_per_level=10.0, min_level=5)
        grievance = [10.0, 10.5, 45.0, 50.0, 60.0, 500.0]
        assert responses(rule, [0] * 6, grievance=grievance) == [None, 5, 5, 5, 6, 7]  # 1 + floor(excess / 10)

    def test_grievance_per_level_must_be_positive(self):
        with pytest.raises(ValueError):
            Threshold(grievance_per_level=0.0)
