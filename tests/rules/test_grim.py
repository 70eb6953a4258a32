"""Grim trigger (Friedman 1971): after one act at or above the trigger, the maximum for ever."""

from sim.rules.grim import Grim

from .base import RuleTestCase, exchange, responses


class TestGrim(RuleTestCase):
    rule_name = "grim"
    params = {"trigger": 5, "level": 7}
    expected_classifier = {"stochastic": False, "memory": "infinite"}

    def test_quiet_below_the_trigger(self):
        assert responses(Grim(trigger=5), [0, 1, 2, 3, 4, 4, 0], grievance=1e4) == [None] * 7

    def test_triggers_and_stays(self):
        script = [0, 3, 4, 0, 5, 0, 0, 1, 0] + [0] * 50
        assert responses(Grim(trigger=5, level=7), script) == [None] * 4 + [7] * 55

    def test_above_the_trigger_also_triggers(self):
        assert responses(Grim(trigger=5, level=6), [7, 0, 0]) == [6, 6, 6]

    def test_trigger_one_and_a_lower_level(self):
        assert responses(Grim(trigger=1, level=3), [0, 0, 1, 0, 7]) == [None, None, 3, 3, 3]

    def test_reset_forgets_the_trigger(self):
        rule = Grim(trigger=5)
        assert responses(rule, [6, 0]) == [7, 7]
        rule.reset()
        assert responses(rule, [0, 4, 5]) == [None, None, 7]

    def test_grim_against_a_provocation_below_and_above_its_trigger(self):
        # provoked at 4 by another grim: nothing happens; at 5: both at 7 for ever
        assert exchange(Grim(trigger=5), Grim(trigger=5), 4, answers=10) == [4] + [None] * 10
        assert exchange(Grim(trigger=5), Grim(trigger=5), 5, answers=10) == [5] + [7] * 10
