"""Model properties on scenarios/oct2025.yaml, tested over paired seeds (docs/ODD.md, 1.2).

Each comparison runs the same seeds 0..n-1 in both settings (common random numbers) and counts the
discordant pairs: seeds where the outcome is higher in one setting than in the other. Under "no effect"
either direction is equally likely, so a one-sided exact sign test on those counts says whether a change
goes the expected way beyond noise. Every test works at 95% one-sided confidence (alpha = 0.05): a
"raises" or "lowers" claim needs p < 0.05; a "never raises beyond noise" claim fails when p < 0.05 for a
raise. Default versions use 400 seeds a setting; the versions marked slow use 4,000 (--slow).

Failures are findings, not bugs in these tests: see FINDINGS.md next to this file.
"""

import pytest

from .helpers import (
    CEASEFIRE_DAY,
    DEFAULT_RUNS,
    SLOW_RUNS,
    WINDOW,
    paired_signs,
    sign_test_greater,
)

ALPHA = 0.05  # one-sided 95% confidence


def sizes(default_marks=(), slow_marks=()):
    """The default and the slow replicate counts as parameters, each with its own marks."""
    return [pytest.param(DEFAULT_RUNS, id=f"{DEFAULT_RUNS}seeds", marks=list(default_marks)),
            pytest.param(SLOW_RUNS, id=f"{SLOW_RUNS}seeds", marks=[pytest.mark.slow, *slow_marks])]


def finding(section: str):
    return pytest.mark.xfail(strict=True, reason=f"a documented finding: docs/FINDINGS.md, {section}")


def share(values) -> float:
    values = list(values)
    return sum(values) / len(values)


RESTRAINT = {0.0: "restraint_0", 1.0: "base", 3.0: "restraint_3"}  # oct2025 has restraint_pressure 1


@pytest.mark.parametrize("n", sizes())
@pytest.mark.parametrize("low, high", [(0.0, 1.0), (1.0, 3.0), (0.0, 3.0)])
def test_more_restraint_pressure_never_raises_open_war(outcomes, n, low, high):
    """Raising restraint_pressure (0 -> 1 -> 3) must not raise P(open war) beyond noise: fails when the
    seeds with open war only at the higher pressure outnumber the reverse at 95% one-sided confidence."""
    lo, hi = outcomes(RESTRAINT[low], n), outcomes(RESTRAINT[high], n)
    raised, lowered = paired_signs([o.open_war for o in hi], [o.open_war for o in lo])
    p = sign_test_greater(raised, lowered)
    assert p >= ALPHA, (
        f"P(open war) {share(o.open_war for o in lo):.3f} at R={low} -> {share(o.open_war for o in hi):.3f} at "
        f"R={high}; open war only at R={high} in {raised} seeds, only at R={low} in {lowered}: a raise beyond "
        f"noise at 95% confidence (one-sided sign test p = {p:.2g})")


@pytest.mark.parametrize("n", sizes())
def test_restraint_pressure_does_lower_open_war(outcomes, n):
    """The property above is not vacuous: from 0 to 1, restraint lowers P(open war) at 95% confidence."""
    lo, hi = outcomes("restraint_0", n), outcomes("base", n)
    lowered, raised = paired_signs([o.open_war for o in lo], [o.open_war for o in hi])
    p = sign_test_greater(lowered, raised)
    assert p < ALPHA, (f"open war only without restraint in {lowered} seeds, only with it in {raised}: "
                       f"not a fall at 95% confidence (p = {p:.2g})")


@pytest.mark.parametrize("n", sizes())
def test_removing_the_ttp_lowers_pakistani_strikes(outcomes, n):
    """With no TTP cells Pakistan has fewer strikes (its acts at level >= 5 in the event log, the scripted
    day-0 strikes left out): the seeds with more strikes with the TTP must outnumber those with fewer at 95%
    one-sided confidence."""
    with_ttp, without = outcomes("base", n), outcomes("no_ttp", n)
    more, fewer = paired_signs([o.pk_strikes for o in with_ttp], [o.pk_strikes for o in without])
    p = sign_test_greater(more, fewer)
    assert p < ALPHA, (
        f"Pakistani strikes a run: {share(o.pk_strikes for o in with_ttp):.4f} with the TTP, "
        f"{share(o.pk_strikes for o in without):.4f} without; more with it in {more} seeds, fewer in {fewer}: "
        f"not a reduction at 95% confidence (one-sided sign test p = {p:.2g})")


# A spiral: both states act at level >= 5 (strike: Pakistani air strike, Taliban raid on posts) on some
# day after day 2, scripted acts left out. Day 0 holds the scripted strikes, Kabul's first answer falls on
# day 1 at the earliest (day 2 with oct2025's reaction_days of 1), and Pakistan cannot answer a day-2 raid
# before day 3: so a spiral is Pakistan answering the raids at strike level while Kabul raids again, a
# second round of strike-level violence from both sides, not the opening exchange. Postures (level_max) are not used:
# a side's posture holds after it stops acting (Pakistan sits at 6 for days after the scripted deep strike
# while doing nothing), so days at a high posture measure quiet as much as fighting (FINDINGS.md, 2).


def check_spirals_rise(outcomes, n, variant, label):
    base, changed = outcomes("base", n), outcomes(variant, n)
    more, fewer = paired_signs([o.spiral for o in changed], [o.spiral for o in base])
    p = sign_test_greater(more, fewer)
    assert p < ALPHA, (
        f"P(spiral) {share(o.spiral for o in base):.3f} -> {share(o.spiral for o in changed):.3f} with {label}; "
        f"a spiral only with it in {more} seeds, only without it in {fewer}: not a rise at 95% confidence "
        f"(one-sided sign test p = {p:.2g})")


@pytest.mark.parametrize("n", sizes(default_marks=[finding("3. Misperception and spirals (calibration v3)")]))
def test_more_misperception_raises_spirals(outcomes, n):
    """Raising misperception on both sides (0.05 -> 0.25) raises the frequency of spirals (defined above)
    at 95% one-sided confidence (paired sign test)."""
    check_spirals_rise(outcomes, n, "misperception_0.25", "misperception 0.25")


@pytest.mark.parametrize("n", sizes(default_marks=[finding("2. Attribution and spirals")],
                                    slow_marks=[finding("2. Attribution and spirals; 7. Calibrated")]))
def test_less_attribution_raises_spirals(outcomes, n):
    """Lowering attribution on both sides (Pakistan 1.0, Kabul 0.9 -> 0.5) raises the frequency of spirals
    (defined above) at 95% one-sided confidence (paired sign test)."""
    check_spirals_rise(outcomes, n, "attribution_0.5", "attribution 0.5")


@pytest.mark.parametrize("n", sizes())
def test_open_crossings_lower_trade_lost(outcomes, n):
    """scenarios/oct2025_crossings_open.yaml loses less trade than oct2025 in more seeds than the reverse,
    at 95% one-sided confidence (paired sign test)."""
    closed, kept_open = outcomes("base", n), outcomes("crossings_open", n)
    lower, higher = paired_signs([o.trade_lost_usd for o in closed], [o.trade_lost_usd for o in kept_open])
    p = sign_test_greater(lower, higher)
    assert p < ALPHA, (f"trade lost lower with open crossings in {lower} seeds, higher in {higher}: "
                       f"not a fall at 95% confidence (p = {p:.2g})")


# Model v5 (docs/FINDINGS.md 10): passes at 400 seeds; still fails at 4,000 (make validation), so that one keeps its mark
@pytest.mark.parametrize("n", sizes(slow_marks=[finding("4. Open crossings and open war")]))
def test_open_crossings_do_not_raise_open_war(outcomes, n):
    """Keeping the crossings open must not raise P(open war) beyond noise: fails when the seeds with open
    war only with open crossings outnumber the reverse at 95% one-sided confidence (paired sign test)."""
    closed, kept_open = outcomes("base", n), outcomes("crossings_open", n)
    raised, lowered = paired_signs([o.open_war for o in kept_open], [o.open_war for o in closed])
    p = sign_test_greater(raised, lowered)
    assert p >= ALPHA, (
        f"P(open war) {share(o.open_war for o in closed):.4f} -> {share(o.open_war for o in kept_open):.4f} with "
        f"open crossings; open war only with them in {raised} seeds, only without in {lowered}: a raise beyond "
        f"noise at 95% confidence (one-sided sign test p = {p:.2g})")


@pytest.mark.parametrize("n", sizes())
def test_a_ceasefire_lowers_the_casualties_of_the_next_30_days(outcomes, n):
    """A scripted 30-day ceasefire on day 2 lowers the killed (all groups) of days 2..31 compared with the
    same seeds without it, at 95% one-sided confidence (paired sign test). Only seeds where day 2 is a day of
    active fighting without the ceasefire (a state takes a rung >= skirmish that day) count. The runs are
    identical up to day 1: the ceasefire is the only difference from day 2 on."""
    base, ceasefire = outcomes("base", n), outcomes("ceasefire", n)
    pairs = [(sum(b.casualties[CEASEFIRE_DAY:CEASEFIRE_DAY + WINDOW]), sum(c.casualties[CEASEFIRE_DAY:]))
             for b, c in zip(base, ceasefire) if b.fighting[CEASEFIRE_DAY]]
    assert len(pairs) > n // 2, f"only {len(pairs)} of {n} seeds fight on day {CEASEFIRE_DAY}"
    lower, higher = paired_signs([b for b, _ in pairs], [c for _, c in pairs])
    p = sign_test_greater(lower, higher)
    assert p < ALPHA, (
        f"killed in {WINDOW} days: {share(b for b, _ in pairs):.1f} without, {share(c for _, c in pairs):.1f} with "
        f"the ceasefire; fewer with it in {lower} seeds, more in {higher}: not a fall at 95% confidence (p = {p:.2g})")
