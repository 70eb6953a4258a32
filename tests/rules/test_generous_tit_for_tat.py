"""Generous tit for tat (Nowak & Sigmund 1992): tit for tat that forgives with probability g."""

import math

import numpy as np
import pytest

from sim.rules.tit_for_tat import GenerousTitForTat

from .base import RuleTestCase, exchange, obs, responses


def echo_length(a, b, provocation, rng, cap=100_000) -> int:
    """Acts in the echo of ``a``'s provocation between ``a`` and ``b``, the provocation included."""
    n, received = 1, provocation
    while n < cap:
        answer = (b, a)[(n - 1) % 2].decide(obs(received, day=n), rng)
        if answer is None:
            return n
        assert answer == provocation  # an echo repeats the provocation's level
        n, received = n + 1, answer
    raise AssertionError("echo did not end")


class TestGenerousTitForTat(RuleTestCase):
    rule_name = "generous_tit_for_tat"
    params = {"forgiveness": 0.3}
    expected_classifier = {"stochastic": True, "memory": 1}

    def test_never_forgiving_is_tit_for_tat(self):
        script = [0, 3, 0, 5, 7, 1, 0, 2]
        assert responses(GenerousTitForTat(forgiveness=0.0), script) == [None, 3, None, 5, 7, 1, None, 2]
        assert exchange(GenerousTitForTat(forgiveness=0.0), GenerousTitForTat(forgiveness=0.0), 4, 100) == [4] * 101

    def test_always_forgiving_never_answers(self):
        assert responses(GenerousTitForTat(forgiveness=1.0), [0, 3, 5, 7, 1]) == [None] * 5

    def test_answers_only_at_the_level_received(self):
        rng = np.random.default_rng(7)
        rule = GenerousTitForTat(forgiveness=0.5)
        script = [0, 1, 2, 3, 4, 5, 6, 7] * 50
        answers = responses(rule, script, rng=rng)
        assert all(a is None or a == r for a, r in zip(answers, script))
        assert all(a is None for a, r in zip(answers, script) if r == 0)
        assert any(a is None for a, r in zip(answers, script) if r > 0)  # it does forgive
        assert any(a is not None for a in answers)  # and it does answer

    def test_forgives_with_frequency_g(self):
        rng = np.random.default_rng(11)
        g, n = 0.3, 20_000
        rule = GenerousTitForTat(forgiveness=g)
        forgiven = sum(a is None for a in responses(rule, [5] * n, rng=rng))
        half_width = 3.29 * math.sqrt(g * (1 - g) / n)  # binomial 99.9%
        assert abs(forgiven / n - g) < half_width

    def test_only_draws_when_something_was_received(self):
        rng = np.random.default_rng(3)
        state = rng.bit_generator.state
        responses(GenerousTitForTat(forgiveness=0.5), [0] * 10, rng=rng)
        assert rng.bit_generator.state == state

    @pytest.mark.parametrize("g", [0.1, 0.25, 0.5])
    def test_mean_echo_length_is_one_over_g(self, g):
        """An echo lasts a geometric number of acts, mean 1/g: 1/g must lie in the 99% CI of the sample mean."""
        rng = np.random.default_rng(20251012)
        a, b = GenerousTitForTat(forgiveness=g), GenerousTitForTat(forgiveness=g)
        lengths = np.array([echo_length(a, b, provocation=3, rng=rng) for _ in range(2000)])
        mean, sd = lengths.mean(), lengths.std(ddof=1)
        half_width = 2.576 * sd / math.sqrt(len(lengths))
        assert mean - half_width <= 1 / g <= mean + half_width, (mean, half_width)
        assert lengths.min() == 1  # some provocations are forgiven at once
