"""Richardson's arms-race model (Richardson 1960): x' = x + k*y - a*x + g, acting at round(x)."""

import pytest

from sim.submodels.ladder import MAX_LEVEL
from sim.rules.richardson import Richardson, richardson_equilibrium, richardson_step

from .base import RuleTestCase, obs, responses

# Stable pair: a*b = 0.20 > k*l = 0.06.  x* = (b*g + k*h)/(a*b - k*l) = (0.2 + 0.06)/0.14 = 13/7,
# y* = (a*h + l*g)/(a*b - k*l) = (0.15 + 0.15)/0.14 = 15/7 (both well inside 0..7).
STABLE_X = {"k": 0.2, "a": 0.5, "g": 0.5}
STABLE_Y = {"k": 0.3, "a": 0.4, "g": 0.3}
# Unstable pair: a*b = 0.01 < k*l = 0.09.
RUNAWAY_X = {"k": 0.3, "a": 0.1, "g": 0.1}
RUNAWAY_Y = {"k": 0.3, "a": 0.1, "g": 0.1}


def couple(x: Richardson, y: Richardson, days: int) -> list[tuple[float, float]]:
    """Update both intensities simultaneously, each reacting to the other's intensity of the day before."""
    path = []
    for _ in range(days):
        x_old, y_old = x.intensity, y.intensity
        x.update(y_old)
        y.update(x_old)
        path.append((x.intensity, y.intensity))
    return path


class TestRichardson(RuleTestCase):
    rule_name = "richardson"
    params = {"k": 0.3, "a": 0.5, "g": 0.1}
    expected_classifier = {"stochastic": False, "memory": "intensity"}

    def test_step_known_answers(self):
        assert richardson_step(2.0, 3.0, k=0.5, a=0.25, g=0.1) == pytest.approx(2.0 + 1.5 - 0.5 + 0.1)
        assert richardson_step(0.0, 0.0, k=0.5, a=0.25, g=0.0) == 0.0
        assert richardson_step(1.0, 0.0, k=0.5, a=0.5, g=-2.0) == 0.0  # floored at calm
        assert richardson_step(6.5, 7.0, k=1.0, a=0.0, g=0.0) == float(MAX_LEVEL)  # capped at open war

    def test_equilibrium_formula(self):
        assert richardson_equilibrium(k=0.2, a=0.5, g=0.5, l=0.3, b=0.4, h=0.3) == pytest.approx(13 / 7)
        assert richardson_equilibrium(k=0.3, a=0.4, g=0.3, l=0.2, b=0.5, h=0.5) == pytest.approx(15 / 7)
        assert richardson_equilibrium(k=0.3, a=0.1, g=0.1, l=0.3, b=0.1, h=0.1) is None  # a*b < k*l
        assert richardson_equilibrium(k=0.5, a=0.5, g=0.1, l=0.5, b=0.5, h=0.1) is None  # a*b == k*l

    def test_equilibrium_is_a_fixed_point_of_the_step(self):
        x_star, y_star = 13 / 7, 15 / 7
        assert richardson_step(x_star, y_star, **STABLE_X) == pytest.approx(x_star, abs=1e-12)
        assert richardson_step(y_star, x_star, **STABLE_Y) == pytest.approx(y_star, abs=1e-12)

    @pytest.mark.parametrize("initial", [(0.0, 0.0), (7.0, 7.0), (0.0, 7.0), (5.0, 1.0)])
    def test_stable_pair_converges_to_equilibrium(self, initial):
        x = Richardson(**STABLE_X, initial=initial[0])
        y = Richardson(**STABLE_Y, initial=initial[1])
        x_star = richardson_equilibrium(l=STABLE_Y["k"], b=STABLE_Y["a"], h=STABLE_Y["g"], **STABLE_X)
        y_star = richardson_equilibrium(l=STABLE_X["k"], b=STABLE_X["a"], h=STABLE_X["g"], **STABLE_Y)
        assert 1 < x_star < 6 and 1 < y_star < 6
        couple(x, y, days=200)
        assert abs(x.intensity - x_star) < 1e-6
        assert abs(y.intensity - y_star) < 1e-6
        assert abs(x.intensity - 13 / 7) < 1e-6 and abs(y.intensity - 15 / 7) < 1e-6

    @pytest.mark.parametrize("initial", [(0.0, 0.0), (0.5, 0.0), (3.0, 3.0)])
    def test_unstable_pair_runs_away_to_open_war(self, initial):
        x = Richardson(**RUNAWAY_X, initial=initial[0])
        y = Richardson(**RUNAWAY_Y, initial=initial[1])
        path = couple(x, y, days=200)
        xs = [p[0] for p in path]
        assert xs == sorted(xs)  # climbs without ever easing
        assert path[-1] == (float(MAX_LEVEL), float(MAX_LEVEL))
        assert all(p == (7.0, 7.0) for p in path[100:])  # and stays at the ladder's top
        rung = x.decide(obs(received=7), None)
        assert rung == MAX_LEVEL

    def test_rule_acts_at_rounded_intensity(self):
        # k=0.3, a=0.5, g=0.1, received 7 every day: x = 2.2, 3.3, 3.85, 4.125, ... -> 4.4
        rule = Richardson(k=0.3, a=0.5, g=0.1)
        assert responses(rule, [7, 7, 7, 7]) == [2, 3, 4, 4]
        assert rule.intensity == pytest.approx(4.125)

    def test_small_intensity_is_no_act(self):
        rule = Richardson(k=0.3, a=0.5, g=0.1)
        assert responses(rule, [0, 0, 0]) == [None, None, None]  # 0.1, 0.15, 0.175 round to 0
        assert rule.intensity == pytest.approx(0.175)

    def test_cools_without_provocation(self):
        rule = Richardson(k=0.3, a=0.5, g=0.0, initial=7.0)
        # intensity halves each day: 3.5, 1.75, 0.875, 0.4375, 0.21875
        assert responses(rule, [0, 0, 0, 0, 0]) == [4, 2, 1, None, None]

