"""Proportional response (Snyder & Diesing 1977): round(k x level received), clipped to the ladder."""

import pytest

from sim.rules.proportional import Proportional

from .base import RuleTestCase, exchange, responses

RECEIVED = [1, 2, 3, 4, 5, 6, 7]


class TestProportional(RuleTestCase):
    rule_name = "proportional"
    params = {"k": 1.5}
    expected_classifier = {"stochastic": False, "memory": 1}

    @pytest.mark.parametrize(
        "k, expected",
        [
            (1.0, [1, 2, 3, 4, 5, 6, 7]),
            # halves round up: 0.5, 1.5, 2.5, 3.5 -> 1, 2, 3, 4 (i.e. half the level, rounded up)
            (0.5, [1, 1, 2, 2, 3, 3, 4]),
            # 1.5, 3, 4.5, 6, 7.5, 9, 10.5 -> 2, 3, 5, 6, then clipped at open war (7)
            (1.5, [2, 3, 5, 6, 7, 7, 7]),
            (2.0, [2, 4, 6, 7, 7, 7, 7]),
            (7.0, [7, 7, 7, 7, 7, 7, 7]),
            # 0.2, 0.4 round to 0 (no act); 0.6..1.4 -> 1
            (0.2, [None, None, 1, 1, 1, 1, 1]),
            (0.0, [None] * 7),
        ],
    )
    def test_known_answers(self, k, expected):
        assert responses(Proportional(k=k), RECEIVED) == expected

    def test_nothing_received_nothing_answered(self):
        assert responses(Proportional(k=7.0), [0, 0, 0], grievance=1e4) == [None, None, None]

    def test_answer_is_monotone_in_level_received(self):
        for k in [0.1 * i for i in range(71)]:
            answers = [a or 0 for a in responses(Proportional(k=k), RECEIVED)]
            assert answers == sorted(answers), k

    def test_k_out_of_range_rejected(self):
        with pytest.raises(ValueError):
            Proportional(k=-0.5)
        with pytest.raises(ValueError):
            Proportional(k=7.5)

    def test_two_proportional_actors(self):
        # k = 1.5 from a warning: 1 -> 2 -> 3 -> 5 -> 7 -> 7 ...
        assert exchange(Proportional(k=1.5), Proportional(k=1.5), 1, 8) == [1, 2, 3, 5, 7, 7, 7, 7, 7]
        # k = 0.5 damps a strike away: 5 -> 3 -> 2 -> 1 -> 1 ... (half of 1 rounds up to 1: it never dies out)
        assert exchange(Proportional(k=0.5), Proportional(k=0.5), 5, 6) == [5, 3, 2, 1, 1, 1, 1]
        # k = 0.4: 7 -> 3 -> 1 -> 0.4 rounds to nothing, and the echo ends
        assert exchange(Proportional(k=0.4), Proportional(k=0.4), 7, 5) == [7, 3, 1, None, None, None]
