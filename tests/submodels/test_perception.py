"""Perception and attribution (docs/ODD.md, 7.1)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.acts import Act
from sim.submodels.ladder import severity
from sim.submodels.perception import Perceived, misperceive, perceive_acts, perceive_ttp_attacks
from sim.scenario.schema import PakistanSpec, TalibanSpec

DRAWS = 20_000
Z999 = 3.2905


def within_binomial(count: int, n: int, p: float) -> bool:
    return abs(count / n - p) <= Z999 * math.sqrt(p * (1 - p) / n)


def strike(level=5, acknowledged=True, row=None, **killed):
    return Act(day=1, actor="pakistan", kind="air_strike", level=level, acknowledged=acknowledged, row=row,
               casualties=dict(killed))


def raid(level=5, acknowledged=True, row=None, **killed):
    return Act(day=1, actor="taliban", kind="post_raid", level=level, acknowledged=acknowledged, row=row,
               casualties=dict(killed))


def ttp_attack(row=None, **killed):
    return Act(day=1, actor="ttp", kind="ttp_attack", level=0, row=row, casualties=dict(killed))


class TestMisperceive:
    @settings(max_examples=300, deadline=None, database=None)
    @given(level=st.integers(1, 7), m=st.floats(0.0, 1.0), seed=st.integers(0, 2**32 - 1))
    def test_stays_within_one_rung_of_the_ladder(self, level, m, seed):
        seen = misperceive(level, m, np.random.default_rng(seed))
        assert 0 <= seen <= 8  # one rung past either end: unseen rhetoric, open war seen as worse (FINDINGS 3)
        assert abs(seen - level) <= 1

    @pytest.mark.parametrize("m", [0.05, 0.3])
    @pytest.mark.parametrize("level", [1, 2, 4, 6, 7])
    def test_changes_any_level_with_probability_m_evenly_either_way(self, m, level):
        # symmetric at the ends of the ladder too (docs/FINDINGS.md, 3): at 7 misperception can also escalate
        rng = np.random.default_rng(level * 100 + int(m * 100))
        seen = np.array([misperceive(level, m, rng) for _ in range(DRAWS)])
        assert within_binomial(int((seen != level).sum()), DRAWS, m)
        assert within_binomial(int((seen == level + 1).sum()), DRAWS, m / 2)  # either way, evenly
        assert within_binomial(int((seen == level - 1).sum()), DRAWS, m / 2)

    def test_a_rule_never_receives_more_than_open_war(self):
        spec = TalibanSpec(attribution=1.0, misperception=1.0)
        rng = np.random.default_rng(3)
        received = {perceive_acts([Act(0, "pakistan", "open_war", 7)], spec, "taliban", 2.0, rng).received
                    for _ in range(200)}
        assert received == {6, 7}

    def test_no_misperception_no_change_and_no_draw(self):
        rng = np.random.default_rng(0)
        state = rng.bit_generator.state
        assert [misperceive(level, 0.0, rng) for level in range(1, 8)] == list(range(1, 8))
        assert rng.bit_generator.state == state

    def test_certain_misperception_always_changes_an_inner_level(self):
        rng = np.random.default_rng(0)
        assert all(misperceive(4, 1.0, rng) in (3, 5) for _ in range(1000))


class TestAttribution:
    @pytest.mark.parametrize("attribution", [0.1, 0.5, 0.8])
    def test_unacknowledged_act_attributed_with_probability_attribution(self, attribution):
        spec = TalibanSpec(attribution=attribution, misperception=0.0)
        rng = np.random.default_rng(int(attribution * 1000))
        hits = 0
        for _ in range(DRAWS):
            act = strike(level=5, acknowledged=False, row=7)
            out = perceive_acts([act], spec, "taliban", 2.0, rng)
            if act.attributed:
                hits += 1
                assert (out.received, out.row, out.grievance_added) == (5, 7, 16.0)
            else:
                assert act.attributed is False
                assert (out.received, out.row, out.grievance_added) == (0, None, 0.0)
        assert within_binomial(hits, DRAWS, attribution)

    def test_acknowledged_acts_are_always_attributed(self):
        spec = PakistanSpec(attribution=0.0, misperception=0.0)
        rng = np.random.default_rng(0)
        for _ in range(1000):
            act = raid(level=5, acknowledged=True)
            out = perceive_acts([act], spec, "pakistan", 2.0, rng)
            assert act.attributed is True and out.received == 5

    def test_zero_attribution_never_blames_an_unacknowledged_act(self):
        spec = TalibanSpec(attribution=0.0)
        rng = np.random.default_rng(0)
        for _ in range(1000):
            act = strike(acknowledged=False)
            assert perceive_acts([act], spec, "taliban", 2.0, rng).received == 0
            assert act.attributed is False

    def test_grievance_is_severity_plus_civilian_outrage(self):
        spec = TalibanSpec(misperception=0.0, civilian_outrage=0.5)
        acts = [
            strike(level=5, row=2, afghan_civilian=4, pakistan_military=3),  # 2**4 + 0.5 * 4 (own civilians only)
            strike(level=3, row=9, afghan_military=2),  # 2**2
            Act(day=1, actor="pakistan", kind="note", level=0),  # not a rung: ignored
        ]
        out = perceive_acts(acts, spec, "taliban", 2.0, np.random.default_rng(0))
        assert out.grievance_added == pytest.approx(16 + 2 + 4)
        assert (out.received, out.row) == (5, 2)
        assert acts[2].attributed is None

    def test_pakistan_counts_its_own_civilians(self):
        spec = PakistanSpec(misperception=0.0, civilian_outrage=1.5)
        act = raid(level=4, pakistan_civilian=2, afghan_civilian=10)
        out = perceive_acts([act], spec, "pakistan", 3.0, np.random.default_rng(0))
        assert out.grievance_added == pytest.approx(severity(4, 3.0) + 1.5 * 2)

    def test_highest_level_wins_the_first_logged_on_ties(self):
        spec = TalibanSpec(misperception=0.0)
        acts = [strike(level=3, row=1), strike(level=6, row=2), strike(level=6, row=3), strike(level=2, row=4)]
        out = perceive_acts(acts, spec, "taliban", 2.0, np.random.default_rng(0))
        assert (out.received, out.row) == (6, 2)


class TestSafeHavenBlame:
    @pytest.mark.parametrize("blame", [0.0, 0.25, 0.5, 1.0])
    def test_grievance_in_proportion_to_blame(self, blame):
        spec = PakistanSpec(safe_haven_blame=blame, civilian_outrage=0.5)
        attacks = [ttp_attack(row=r) for r in range(3)]
        out = perceive_ttp_attacks(attacks, spec, 4, 2.0, np.random.default_rng(0), Perceived())
        assert out.grievance_added == pytest.approx(blame * 3 * severity(4, 2.0))

    def test_civilian_outrage_added_whatever_the_blame(self):
        spec = PakistanSpec(safe_haven_blame=0.0, civilian_outrage=0.5)
        out = perceive_ttp_attacks([ttp_attack(pakistan_civilian=6)], spec, 4, 2.0, np.random.default_rng(0), Perceived())
        assert out.grievance_added == pytest.approx(3.0)
        assert out.received == 0  # but Kabul is not answered for it

    def test_adds_to_what_was_already_perceived(self):
        spec = PakistanSpec(safe_haven_blame=1.0, civilian_outrage=0.0)
        out = Perceived(received=5, row=1, grievance_added=16.0)
        perceive_ttp_attacks([ttp_attack(row=8)], spec, 4, 2.0, np.random.default_rng(0), out)
        assert out.grievance_added == pytest.approx(16.0 + 8.0)
        assert (out.received, out.row) == (5, 1)  # a level-4 attack does not displace a level-5 act

    def test_full_blame_answers_kabul(self):
        spec = PakistanSpec(safe_haven_blame=1.0)
        attacks = [ttp_attack(row=4), ttp_attack(row=5)]
        out = perceive_ttp_attacks(attacks, spec, 4, 2.0, np.random.default_rng(0), Perceived())
        assert (out.received, out.row) == (4, 4)
        assert attacks[0].attributed is True and attacks[1].attributed is True  # both blamed, the first answered

    def test_blamed_on_kabul_with_probability_blame(self):
        blame = 0.35
        spec = PakistanSpec(safe_haven_blame=blame)
        rng = np.random.default_rng(42)
        hits = sum(
            perceive_ttp_attacks([ttp_attack()], spec, 4, 2.0, rng, Perceived()).received == 4 for _ in range(DRAWS)
        )
        assert within_binomial(hits, DRAWS, blame)
