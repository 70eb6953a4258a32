"""Combat at posts: Lanchester's square law and raids (docs/ODD.md, 7.10)."""

import math
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.acts import Act
from sim.submodels.combat import lanchester_square, raid_posts

forces = st.floats(0.0, 1e6, allow_nan=False, allow_infinity=False)
effectiveness = st.floats(1e-3, 1e3, allow_nan=False, allow_infinity=False)


class TestLanchesterSquare:
    def test_1000_against_800_leaves_600(self):
        win, attackers, defenders = lanchester_square(1000, 800)
        assert win is True
        assert attackers == pytest.approx(600, abs=1e-9)
        assert defenders == 0.0

    def test_800_against_1000_leaves_600_defenders(self):
        win, attackers, defenders = lanchester_square(800, 1000)
        assert win is False
        assert attackers == 0.0
        assert defenders == pytest.approx(600, abs=1e-9)

    def test_defenders_win_when_beta_d2_exceeds_alpha_a2(self):
        # 100 raiders against a garrison of 25 with beta = 20: 20 * 625 = 12500 > 10000
        win, attackers, defenders = lanchester_square(100, 25, alpha=1.0, beta=20.0)
        assert win is False and attackers == 0.0
        assert defenders == pytest.approx(math.sqrt((12500 - 10000) / 20), abs=1e-9)
        # beta = 15: 9375 < 10000, the raid succeeds with sqrt(10000 - 9375) = 25 raiders left
        win, attackers, defenders = lanchester_square(100, 25, alpha=1.0, beta=15.0)
        assert win is True and defenders == 0.0
        assert attackers == pytest.approx(25.0, abs=1e-9)

    def test_effectiveness_scales_like_the_square_of_numbers(self):
        # doubling numbers is worth quadrupling effectiveness: 2x against x with beta = 4 alpha is a draw
        assert lanchester_square(200, 100, alpha=1.0, beta=4.0) == (False, 0.0, 0.0)
        assert lanchester_square(200, 100, alpha=1.0, beta=3.9)[0] is True
        assert lanchester_square(200, 100, alpha=1.0, beta=4.1)[0] is False

    @pytest.mark.parametrize("n", [0.0, 1.0, 25.0, 1000.0])
    def test_equal_forces_annihilate_and_the_defence_holds(self, n):
        assert lanchester_square(n, n) == (False, 0.0, 0.0)
        assert lanchester_square(n, n, alpha=3.0, beta=3.0) == (False, 0.0, 0.0)

    def test_no_defenders_means_no_losses(self):
        assert lanchester_square(50, 0) == (True, 50.0, 0.0)

    def test_no_attackers_means_no_losses(self):
        assert lanchester_square(0, 40, alpha=2.0, beta=0.5) == (False, 0.0, 40.0)

    @settings(max_examples=300, deadline=None, database=None)
    @given(a=forces, d=forces, alpha=effectiveness, beta=effectiveness)
    def test_swapping_sides_mirrors_the_result(self, a, d, alpha, beta):
        win, a_left, d_left = lanchester_square(a, d, alpha, beta)
        win2, d_left2, a_left2 = lanchester_square(d, a, beta, alpha)
        if alpha * a**2 != beta * d**2:  # as the code computes it (underflow alike); the tie goes to the defence
            assert win2 is not win
            assert a_left2 == pytest.approx(a_left, rel=1e-9, abs=1e-9)
            assert d_left2 == pytest.approx(d_left, rel=1e-9, abs=1e-9)

    @settings(max_examples=500, deadline=None, database=None)
    @given(a=forces, d=forces, alpha=effectiveness, beta=effectiveness)
    def test_survivors_never_negative_nor_above_the_initial_force(self, a, d, alpha, beta):
        win, a_left, d_left = lanchester_square(a, d, alpha, beta)
        assert 0.0 <= a_left <= a
        assert 0.0 <= d_left <= d
        assert win == (alpha * a * a > beta * d * d)
        assert (a_left == 0.0) if not win else (d_left == 0.0)

    @settings(max_examples=300, deadline=None, database=None)
    @given(a=forces, d=forces, alpha=effectiveness, beta=effectiveness)
    def test_square_law_invariant_is_conserved(self, a, d, alpha, beta):
        _, a_left, d_left = lanchester_square(a, d, alpha, beta)
        before = alpha * a * a - beta * d * d
        after = alpha * a_left * a_left - beta * d_left * d_left
        assert after == pytest.approx(before, rel=1e-9, abs=1e-9 * (alpha * a * a + beta * d * d) + 1e-12)

    def test_survivors_never_exceed_the_initial_force_with_no_opposition(self):
        # (alpha * A**2) / alpha rounds one ulp above A**2 for these values; the survivors must not exceed A
        a, alpha = 449551.49191646994, 0.00281070604465621
        assert lanchester_square(a, 0.0, alpha, 121.45244940017463)[1] <= a

    @pytest.mark.parametrize(
        "args",
        [(-1, 10), (10, -1), (10, 10, 0.0, 1.0), (10, 10, 1.0, 0.0), (10, 10, -1.0, 1.0), (10, 10, 1.0, -2.0),
         (math.nan, 10), (10, math.nan), (10, 10, math.nan, 1.0), (math.inf, 10), (10, 10, 1.0, math.inf)],
    )
    def test_invalid_inputs_raise(self, args):
        with pytest.raises(ValueError):
            lanchester_square(*args)


def province(posts=5, garrison=25):
    return SimpleNamespace(intact_posts=posts, garrison=garrison, rebuild_queue=[])


def combat(raid_party=100, alpha=1.0, beta=2.0, attacker_killed=1.0, defender_killed=1.0, rebuild_days=10):
    return SimpleNamespace(
        raid_party=raid_party, attacker_effectiveness=alpha, defender_effectiveness=beta,
        attacker_killed_fraction=attacker_killed, defender_killed_fraction=defender_killed, rebuild_days=rebuild_days,
    )


def raid_act():
    return Act(day=3, actor="taliban", kind="post_raid", level=5, provinces=("kurram",))


class TestRaidPosts:
    def test_successful_raids_take_posts_and_record_the_dead(self):
        # 100 raiders vs 25 with beta = 2: 10000 > 1250, raiders keep sqrt(8750) = 93.5 (6 lost), garrison wiped out
        prov, act = province(posts=5), raid_act()
        raid_posts(act, prov, 3, combat(), np.random.default_rng(0), "afghan_military", "pakistan_military")
        assert act.posts_destroyed == 3
        assert prov.intact_posts == 2
        assert prov.rebuild_queue == [10, 10, 10]
        assert act.killed("afghan_military") == 3 * 6  # killed fractions of 1: every loss is a death
        assert act.killed("pakistan_military") == 3 * 25

    def test_raids_limited_to_intact_posts(self):
        prov, act = province(posts=2), raid_act()
        raid_posts(act, prov, 5, combat(rebuild_days=4), np.random.default_rng(0), "afghan_military", "pakistan_military")
        assert act.posts_destroyed == 2 and prov.intact_posts == 0 and prov.rebuild_queue == [4, 4]
        raid_posts(act, prov, 5, combat(), np.random.default_rng(0), "afghan_military", "pakistan_military")
        assert act.posts_destroyed == 2 and prov.intact_posts == 0  # nothing left to raid

    def test_repelled_raid_takes_no_post(self):
        # 10 raiders vs 25 with beta = 2: all 10 lost; garrison keeps sqrt((1250 - 100)/2) = 23.98 (1 lost)
        prov, act = province(posts=4), raid_act()
        raid_posts(act, prov, 2, combat(raid_party=10), np.random.default_rng(0), "afghan_military", "pakistan_military")
        assert act.posts_destroyed == 0 and prov.intact_posts == 4 and prov.rebuild_queue == []
        assert act.killed("afghan_military") == 2 * 10
        assert act.killed("pakistan_military") == 2 * 1

    def test_killed_fractions_thin_the_losses(self):
        prov, act = province(posts=50), raid_act()
        raid_posts(act, prov, 50, combat(attacker_killed=0.0, defender_killed=0.5), np.random.default_rng(1),
                   "afghan_military", "pakistan_military")
        assert act.killed("afghan_military") == 0
        assert 0 < act.killed("pakistan_military") < 50 * 25

    @settings(max_examples=200, deadline=None, database=None)
    @given(
        posts=st.integers(0, 20), n=st.integers(0, 25), garrison=st.integers(1, 500), party=st.integers(1, 1000),
        alpha=effectiveness, beta=effectiveness, fa=st.floats(0, 1), fd=st.floats(0, 1), seed=st.integers(0, 2**32 - 1),
    )
    def test_never_negative(self, posts, n, garrison, party, alpha, beta, fa, fd, seed):
        prov, act = province(posts=posts, garrison=garrison), raid_act()
        raid_posts(act, prov, n, combat(party, alpha, beta, fa, fd), np.random.default_rng(seed),
                   "afghan_military", "pakistan_military")
        assert prov.intact_posts >= 0
        assert act.posts_destroyed == posts - prov.intact_posts == len(prov.rebuild_queue)
        assert act.posts_destroyed <= min(n, posts)
        raids = min(n, posts)
        assert 0 <= act.killed("afghan_military") <= raids * party
        assert 0 <= act.killed("pakistan_military") <= raids * garrison
        assert all(v >= 0 for v in act.casualties.values())
