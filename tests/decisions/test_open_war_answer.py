"""Pakistan's open war after an Afghan offensive (docs/ODD.md 7.3a): a scripted offensive is answered by open war at
the decision's rate, higher after a mediated settlement that failed (a ceasefire followed by a major attack); one
draw per episode; and the record's two cases are what the fit reads."""

from __future__ import annotations

from scipy.stats import binomtest

from sim.decisions.strategic_decision import logistic
from sim.scenario.history_record import read_record
from sim.validation.record_cases import mediated_ceasefires, offensive_cases
from tests.builders import build, quiet_world
from tests.conftest import SCENARIOS

ROOT = SCENARIOS.parent

ANSWER = {"intercept": -1.0, "failed_settlement": 2.0, "memory_days": 365, "mean_delay_days": 0.0}
OFFENSIVE_DAY = 20


def offensive(ceasefire_day=None, attack_day=None, answer=ANSWER, offensive_days=(OFFENSIVE_DAY,),
              later_ceasefire_day=None) -> dict:
    events = [{"type": "strike", "day": d, "actor": "taliban", "level": 6, "province": "Kurram"}
              for d in offensive_days]
    for day in (ceasefire_day, later_ceasefire_day):
        if day is not None:
            events.append({"type": "ceasefire", "day": day, "days": 3})
    if attack_day is not None:
        events.append({"type": "ttp_attack", "day": attack_day, "province": "North Waziristan",
                       "pakistan_military": 12})
    return quiet_world(scenario="oct2025.yaml", events=sorted(events, key=lambda e: e["day"]), days=30,
                       pakistan={"decisions": {"open_war_answer": answer}})


def open_war_days(model) -> list[int]:
    return [a.day for a in model.log.acts if a.actor == "pakistan" and a.level >= 7]


def rate(data, runs=300) -> tuple[int, int]:
    models = [build(data, seed=s).run() for s in range(runs)]
    return sum(bool(open_war_days(m)) for m in models), runs


def test_an_offensive_is_answered_by_open_war_at_the_decisions_rate():
    k, n = rate(offensive())
    assert binomtest(k, n, logistic(-1.0)).pvalue > 0.001, k


def test_after_a_failed_settlement_open_war_comes_at_the_higher_rate():
    k, n = rate(offensive(ceasefire_day=2, attack_day=8))
    assert binomtest(k, n, logistic(-1.0 + 2.0)).pvalue > 0.001, k


def test_a_later_ceasefire_does_not_erase_an_earlier_failure():
    """As the fit reads the record (any mediated ceasefire of the memory followed by a major attack): a ceasefire
    broken by an attack, then a second one that holds, still leaves a failed settlement at the offensive."""
    k, n = rate(offensive(ceasefire_day=2, attack_day=6, later_ceasefire_day=10))
    assert binomtest(k, n, logistic(-1.0 + 2.0)).pvalue > 0.001, k


def test_a_settlement_that_held_or_is_forgotten_adds_nothing():
    held = rate(offensive(ceasefire_day=2))  # no attack after it
    before = rate(offensive(ceasefire_day=8, attack_day=2))  # the attack came before the ceasefire
    forgotten = rate(offensive(ceasefire_day=2, attack_day=8, answer={**ANSWER, "memory_days": 10}))
    for k, n in (held, before, forgotten):
        assert binomtest(k, n, logistic(-1.0)).pvalue > 0.001, (held, before, forgotten)


def test_open_war_comes_the_day_after_the_offensive_and_once_per_episode():
    always = {**ANSWER, "intercept": 20.0}
    model = build(offensive(answer=always, offensive_days=(OFFENSIVE_DAY, OFFENSIVE_DAY + 3)), seed=3).run()
    assert open_war_days(model)[0] == OFFENSIVE_DAY + 1  # perceived the day after, delay 0
    never = {**ANSWER, "intercept": -20.0}
    assert not open_war_days(build(offensive(answer=never), seed=3).run())


def test_the_record_gives_two_cases_one_after_the_doha_ceasefire():
    record = read_record(ROOT / "record")
    assert [str(d) for d in mediated_ceasefires(record)][:1] == ["2025-10-19"]
    cases = offensive_cases(record, 365)
    assert [(str(c.date), c.failed_settlement, c.open_war) for c in cases] == [
        ("2025-10-11", False, False), ("2026-02-26", True, True)]


def test_a_checkpoint_of_the_last_ceasefire_only_still_loads():
    """Particles pickled before the memory kept every ceasefire restore with the one they knew."""
    import pickle

    from sim.decisions.open_war_answer import SettlementMemory

    old = SettlementMemory.__new__(SettlementMemory)
    old.__dict__.update({"began": 40, "attacks_since": 2})
    memory = pickle.loads(pickle.dumps(old))
    assert memory.ceasefires == {40: True} and memory.failed(100, 365) and not memory.failed(500, 365)
