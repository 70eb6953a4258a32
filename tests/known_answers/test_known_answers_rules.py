"""Known answers of the retaliation rules, through the whole model (docs/ODD.md, 7.2).

The rule objects' own known answers are in tests/rules/; here the same answers must come out of
``EscalationModel``: perception, decision, restraint, posture and the event log all in the loop. Each
scenario is minimal (helpers.minimal): one scripted provocation by Pakistan on day 0 and nothing else.
"""

import math

import numpy as np
import pytest
from scipy import stats

from sim.submodels.ladder import MAX_LEVEL
from sim.scenario.loading import scenario_from_data
from sim.model import EscalationModel

from .helpers import actor, exact_interval, minimal, state_acts

TFT = {"name": "tit_for_tat"}


def turn(day: int) -> str:
    """Whose turn it is in an echo started by Pakistan on day 0: acts yesterday are answered today."""
    return "pakistan" if day % 2 == 0 else "taliban"


@pytest.mark.parametrize("level", [3, 5, 7])
@pytest.mark.parametrize("seed", [1, 2])
def test_two_tit_for_tat_actors_echo_one_provocation_for_ever(level, seed):
    """Axelrod (1984), The Evolution of Cooperation: two tit-for-tat players locked in an echo of one
    defection. In the model: exactly one act a day, alternating side, at the provocation's level, for the
    whole horizon."""
    days = 60
    model = EscalationModel(minimal(actor(TFT), actor(TFT), level=level), rng=seed, days=days).run()
    got = [state_acts(model, d) for d in range(days)]
    assert got == [[(turn(d), level)] for d in range(days)]


def echo_length(scenario, seed: int, level: int, cap: int = 400) -> int:
    """Acts in the echo of the day-0 provocation, the provocation included: steps the model until a day
    passes with no act (the side whose turn it was forgave)."""
    model = EscalationModel(scenario, rng=seed, days=cap)
    n = 0
    while model.running:
        model.step()
        acts = state_acts(model, model.day)
        if not acts:
            return n
        assert acts == [(turn(model.day), level)], (seed, model.day, acts)  # an echo repeats the provocation
        n += 1
    raise AssertionError(f"seed {seed}: the echo outlived the horizon of {cap} days")


def check_mean_echo_length(g: float, runs: int) -> None:
    gtft = {"name": "generous_tit_for_tat", "forgiveness": g}
    scenario = scenario_from_data(minimal(actor(gtft), actor(gtft), level=4))
    lengths = np.array([echo_length(scenario, seed, level=4) for seed in range(runs)])
    mean, sd = lengths.mean(), lengths.std(ddof=1)
    half = stats.t.ppf(0.995, runs - 1) * sd / math.sqrt(runs)
    assert mean - half <= 1 / g <= mean + half, (
        f"g={g}: mean echo length {mean:.3f} +/- {half:.3f} (99% t interval, {runs} seeds) excludes 1/g = {1 / g:.3f}")
    # the first answer is forgiven with probability g: echoes of the provocation alone
    low, high = exact_interval(int((lengths == 1).sum()), runs, 0.99)
    assert low <= g <= high, f"g={g}: share of unanswered provocations outside its 99% interval [{low:.3f}, {high:.3f}]"


@pytest.mark.parametrize("g", [0.2, 0.5])
def test_generous_tit_for_tat_echo_lasts_one_over_g_acts(g):
    """Nowak & Sigmund (1992), Tit for tat in heterogeneous populations: generous tit for tat forgives
    each act with probability g, so an echo lasts a geometric number of acts with mean 1/g (each side draws
    from its own stream: the forgivenesses are independent). 1/g must lie in the 99% t interval of the mean
    echo length over 400 seeds, and g in the 99% exact interval of the share of echoes of length 1."""
    check_mean_echo_length(g, runs=400)


@pytest.mark.slow
@pytest.mark.parametrize("g", [0.1, 0.2, 0.5])
def test_generous_tit_for_tat_echo_lasts_one_over_g_acts_slow(g):
    """As above (Nowak & Sigmund 1992) over 4,000 seeds, 99% confidence."""
    check_mean_echo_length(g, runs=4000)


@pytest.mark.parametrize("provocation", [3, 5])
def test_two_escalators_climb_one_rung_per_exchange_to_open_war_and_stay(provocation):
    """Kahn (1965), On Escalation, and Kabul's "more severe than before": each answer is one rung above
    what was received, so from a provocation at level p the day-d act is min(7, p + d), one act a day,
    alternating side; once at open war both stay there."""
    days = 40
    esc = {"name": "escalate", "step": 1}
    model = EscalationModel(minimal(actor(esc), actor(esc), level=provocation), rng=3, days=days).run()
    got = [state_acts(model, d) for d in range(days)]
    assert got == [[(turn(d), min(MAX_LEVEL, provocation + d))] for d in range(days)]
    assert model.pakistan.level == model.taliban.level == MAX_LEVEL


def richardson_pair(x: dict, y: dict, days: int = 100):
    pakistan, taliban = ({"name": "richardson", **p} for p in (x, y))
    return EscalationModel(minimal(actor(pakistan), actor(taliban)), rng=7, days=days).run()


# Pakistan x: k, a, g; Kabul y: l, b, h (Richardson's notation). a*b = 0.25 > k*l = 0.06: stable, with
# x* = (b*g + k*h)/(a*b - k*l) = (0.35 + 0.22)/0.19 = 3 and y* = (a*h + l*g)/(a*b - k*l) = (0.55 + 0.21)/0.19 = 4.
STABLE_X, STABLE_Y = {"k": 0.2, "a": 0.5, "g": 0.7}, {"k": 0.3, "a": 0.5, "g": 1.1}
# a*b = 0.01 < k*l = 0.09: unstable.
RUNAWAY = {"k": 0.3, "a": 0.1, "g": 0.1}


def equilibrium(x: dict, y: dict) -> tuple[float, float]:
    (k, a, g), (l, b, h) = (x["k"], x["a"], x["g"]), (y["k"], y["a"], y["g"])
    det = a * b - k * l
    return (b * g + k * h) / det, (a * h + l * g) / det


def test_richardson_stable_pair_settles_at_its_equilibrium():
    """Richardson (1960), Arms and Insecurity: x' = x + k*y - a*x + g, y' = y + l*x - b*y + h is stable iff
    a*b > k*l, with equilibrium x* = (b*g + k*h)/(a*b - k*l). In the model each side's rule reacts to the
    level of the other's act of the day before (its intensity rounded to a rung), not to the intensity itself.

    The parameters are chosen so that rounding cannot matter: x* = 3 and y* = 4 are whole rungs, so at
    the equilibrium the rung received equals the other's intensity and the rounded map x <- x + k*round(y)
    - a*x + g has the very same fixed point; and once both intensities are within half a rung of it, both
    act at x* and y* every day while the intensities converge geometrically (factor 1 - a = 0.5)."""
    x_star, y_star = equilibrium(STABLE_X, STABLE_Y)
    assert STABLE_X["a"] * STABLE_Y["a"] > STABLE_X["k"] * STABLE_Y["k"]
    assert (x_star, y_star) == (pytest.approx(3.0), pytest.approx(4.0))
    model = richardson_pair(STABLE_X, STABLE_Y)
    settled = [state_acts(model, d) for d in range(20, 100)]
    assert settled == [[("pakistan", round(x_star)), ("taliban", round(y_star))]] * 80
    assert model.pakistan.rule.intensity == pytest.approx(x_star, abs=1e-9)
    assert model.taliban.rule.intensity == pytest.approx(y_star, abs=1e-9)


def test_richardson_unstable_pair_runs_away_to_open_war():
    """Richardson (1960): with a*b < k*l there is no stable equilibrium and intensities grow without bound;
    on the ladder both sides run away to open war (level 7) and stay there."""
    assert RUNAWAY["a"] ** 2 < RUNAWAY["k"] ** 2
    model = richardson_pair(RUNAWAY, RUNAWAY)
    highest = [max(level for _, level in state_acts(model, d)) for d in range(100)]
    assert highest[1:] == sorted(highest[1:])  # climbs without easing once the provocation is past
    assert [state_acts(model, d) for d in range(20, 100)] == [[("pakistan", MAX_LEVEL), ("taliban", MAX_LEVEL)]] * 80
