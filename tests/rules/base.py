"""Shared machinery for the retaliation-rule tests, in the style of Axelrod-Python's ``TestPlayer``.

Every rule's test class subclasses :class:`RuleTestCase`, sets ``rule_name``, ``params`` (the keyword
arguments the shared invariants build the rule with) and ``expected_classifier``, and so inherits the
invariants every registered rule must satisfy. Its own tests script what the rule receives and list what
it must answer, using :func:`responses` (one actor against a script) and :func:`exchange` (two actors
feeding each other's answers back as ``received``).
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from sim.submodels.ladder import MAX_LEVEL
from sim.rules import RULES, Observation, Rule, make_rule, rules_where

HYPOTHESIS = settings(max_examples=60, deadline=None, database=None)

observations = st.builds(
    Observation,
    received=st.integers(0, 7),
    grievance=st.floats(0.0, 1e4, allow_nan=False),
    level=st.integers(0, 7),
    day=st.integers(0, 1000),
)
histories = st.lists(observations, min_size=1, max_size=25)


def obs(received: int = 0, grievance: float = 0.0, level: int = 0, day: int = 0) -> Observation:
    return Observation(received=received, grievance=grievance, level=level, day=day)


def responses(rule: Rule, received, grievance=0.0, rng=None) -> list[int | None]:
    """What ``rule`` answers, day after day, to a script of levels received.

    ``grievance`` is a number (held constant) or a sequence as long as the script. The observation's own
    ``level`` is the rule's previous answer (0 for none).
    """
    rng = np.random.default_rng(0) if rng is None else rng
    grievances = [grievance] * len(received) if isinstance(grievance, (int, float)) else list(grievance)
    out, level = [], 0
    for day, (r, g) in enumerate(zip(received, grievances, strict=True)):
        answer = rule.decide(obs(r, g, level, day), rng)
        out.append(answer)
        level = answer or 0
    return out


def exchange(a: Rule, b: Rule, provocation: int, answers: int, rng=None, grievance: float = 0.0) -> list[int | None]:
    """``a`` provokes at ``provocation``; then ``b`` and ``a`` take turns answering what they last received.

    Returns the acts in order, the provocation first, ``answers`` more after it (``None`` = no act; an
    actor that received nothing receives 0).
    """
    rng = np.random.default_rng(0) if rng is None else rng
    acts: list[int | None] = [provocation]
    levels = {id(a): provocation, id(b): 0}
    for turn in range(answers):
        who = b if turn % 2 == 0 else a
        answer = who.decide(obs(acts[-1] or 0, grievance, levels[id(who)], turn + 1), rng)
        acts.append(answer)
        levels[id(who)] = answer or 0
    return acts


class RuleTestCase:
    """Invariants every registered rule must satisfy. Subclasses set the three attributes below."""

    rule_name: str = ""
    params: dict = {}
    expected_classifier: dict = {}

    @property
    def rule_cls(self) -> type[Rule]:
        return RULES[self.rule_name]

    def make(self, **overrides) -> Rule:
        return self.rule_cls(**{**self.params, **overrides})

    def run(self, rule: Rule, history, seed: int) -> list[int | None]:
        rng = np.random.default_rng(seed)
        return [rule.decide(o, rng) for o in history]

    # --- registry and metadata -------------------------------------------------------------------------

    def test_registered_under_its_name(self):
        cls = RULES[self.rule_name]
        assert cls.name == self.rule_name
        params = cls.Params(**self.params)
        assert params.name == self.rule_name
        assert type(make_rule(params)) is cls
        assert cls.Params().name == self.rule_name

    def test_params_name_cannot_point_elsewhere(self):
        other = next(n for n in RULES if n != self.rule_name)
        with pytest.raises(ValidationError):
            self.rule_cls.Params(name=other)

    def test_docstring_names_its_source(self):
        doc = self.rule_cls.__doc__ or ""
        source = self.rule_cls.classifier["source"]
        year = re.search(r"\b(1[89]|20)\d\d\b", source)
        assert year, f"classifier source {source!r} has no year"
        author = source.split()[0]
        assert author in doc and year.group(0) in doc, f"docstring of {self.rule_name} does not cite {source!r}"

    def test_classifier(self):
        classifier = self.rule_cls.classifier
        assert isinstance(classifier, dict)
        assert {"stochastic", "memory", "source"} <= classifier.keys()
        assert isinstance(classifier["stochastic"], bool)
        for key, value in self.expected_classifier.items():
            assert classifier[key] == value, key
        assert self.rule_name in rules_where(stochastic=classifier["stochastic"])
        assert self.rule_name not in rules_where(stochastic=not classifier["stochastic"])

    def test_params_reject_unknown_keys(self):
        with pytest.raises(ValidationError):
            self.rule_cls.Params(**self.params, no_such_parameter=1)
        with pytest.raises(ValidationError):
            self.rule_cls(**self.params, no_such_parameter=1)

    def test_params_are_frozen(self):
        params = self.make().params
        with pytest.raises(ValidationError):
            params.name = "something_else"

    # --- behaviour ---------------------------------------------------------------------------------------

    # Hypothesis tests are nested functions: one @given function per test class (a @given method shared by
    # every subclass trips Hypothesis's differing-executors health check).

    def test_decisions_are_none_or_a_rung(self):
        @HYPOTHESIS
        @given(history=histories, seed=st.integers(0, 2**32 - 1))
        def check(history, seed):
            for answer in self.run(self.make(), history, seed):
                assert answer is None or (type(answer) is int and 1 <= answer <= MAX_LEVEL), answer

        check()

    def test_same_seed_same_answers(self):
        @HYPOTHESIS
        @given(history=histories, seed=st.integers(0, 2**32 - 1))
        def check(history, seed):
            assert self.run(self.make(), history, seed) == self.run(self.make(), history, seed)

        check()

    def test_seed_matters_exactly_when_the_rule_is_stochastic(self):
        if self.rule_cls.classifier["stochastic"]:
            provocations = [obs(received=3, grievance=50.0, level=3)] * 300  # randomness must show
            runs = {tuple(self.run(self.make(), provocations, seed)) for seed in range(5)}
            assert len(runs) > 1, "a stochastic rule gave the same answers for five seeds"
            return

        @HYPOTHESIS
        @given(history=histories, seeds=st.lists(st.integers(0, 2**32 - 1), min_size=2, max_size=2, unique=True))
        def check(history, seeds):
            assert self.run(self.make(), history, seeds[0]) == self.run(self.make(), history, seeds[1])

        check()

    def test_reset_restores_initial_behaviour(self):
        @HYPOTHESIS
        @given(before=histories, history=histories, seed=st.integers(0, 2**32 - 1))
        def check(before, history, seed):
            used = self.make()
            self.run(used, before, seed + 1)
            used.reset()
            assert self.run(used, history, seed) == self.run(self.make(), history, seed)

        check()

    def test_repr_names_the_class(self):
        assert repr(self.make()).startswith(type(self.make()).__name__ + "(")
