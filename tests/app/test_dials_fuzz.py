"""The page's dials fuzzed: random text in every field, through what the page's callbacks call (no browser).

The seed box, every rule parameter of both sides, the restraint slider and the mediator boxes take any
value; a rule switch takes any rule. Whatever is typed, the page gets a message, never a traceback, and
still has a run to show (sim/app/page.py: ``Live.start`` calls ``dials.opening``; each parameter box shows
``dials.rule_problems``; the seed box shows ``dials.parse_seed``'s message).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from sim.app import dials as D
from sim.rules import RULES

TYPED = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "nan", "inf", "-inf", "1e308", "-1", "0", "1e999", "0x10", "１２", "٣", "1_000",
                     "9" * 5000, "None", "[1, 2]", "{a: 1}", "!!python/object:os.system", "3.5\n"]),
    st.integers(-10**30, 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
# what a slider or check box can hand over if the page ever passes its raw value on
RAW = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**20, 10**20), TYPED, st.none(),
                st.booleans())
# each example loads its scenario a few times (~0.1 s each, more for oct2025's posterior): a few dozen suffice
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def typed_dials(draw) -> dict:
    dials = D.dials_for(draw(st.sampled_from(["classroom", "classroom", "classroom", "oct2025"])))
    for side in D.SIDES:
        if draw(st.booleans()):
            dials = D.with_rule(dials, side, draw(st.sampled_from(sorted(RULES))))
        rule = dials["rules"][side]
        for key in D.rule_parameters(rule["name"]):
            if draw(st.booleans()):
                rule[key] = draw(TYPED)
    dials["seed"] = draw(TYPED)
    if draw(st.booleans()):
        dials["restraint_pressure"] = draw(RAW)
    dials["mediators"] = {key: draw(RAW) for key in dials["mediators"]}
    return dials


def _readable(problem) -> None:
    assert problem is None or (isinstance(problem, str) and problem and "Traceback" not in problem)


@FUZZ
@given(typed_dials())
def test_any_typed_dials_give_a_message_and_a_run(dials):
    for side in D.SIDES:
        problems = D.rule_problems(dials["rules"][side])
        assert all(isinstance(k, str) and isinstance(m, str) and m for k, m in problems.items())
    try:
        D.parse_seed(dials["seed"])
    except ValueError as exc:
        _readable(str(exc))
    config, seed, problem = D.build(dials)
    _readable(problem)
    assert config is not None and isinstance(seed, int) and seed >= 0
    model, problem = D.opening(dials, days=3)
    _readable(problem)
    model.step()
    assert model.day >= 1


@settings(FUZZ, max_examples=20)
@given(st.sampled_from(D.SIDES), st.sampled_from(sorted(RULES)), st.sampled_from(sorted(RULES)))
def test_switching_rules_back_and_forth_never_fails(side, first, second):
    dials = D.with_rule(D.with_rule(D.dials_for("classroom"), side, first), side, second)
    assert dials["rules"][side]["name"] == second
    _readable(D.build(dials)[2])
