"""The debrief after playing a side: the student's run against the model's own runs from the same start."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from sim.analysis.debrief import METRICS, Debrief, debrief, levels, outcomes, replicate_seeds
from sim.batch.sweep import run_seed
from sim.model import EscalationModel
from sim.player import Choice
from tests.test_player import model_choices, play_all, without_crossing_policies

N_RUNS, DAYS = 20, 15
LABELS = [label for _, label, _ in METRICS]


@pytest.fixture(scope="module")
def oct2025_scenario():
    from sim.scenario.loading import load_scenario
    from tests.conftest import SCENARIOS

    return load_scenario(SCENARIOS / "oct2025.yaml")


@pytest.fixture(scope="module")
def copied(oct2025_scenario):
    """Pakistan played for 15 days (of a 30-day horizon) by copying the model's own decisions on seed 5, on
    oct2025 with Pakistan's automatic crossing policies off (a Choice cannot copy a reopening drawn by the
    hazard, which goes through 'partial'): exact, as in tests/test_player.py."""
    scenario = without_crossing_policies("pakistan")
    _, choices, _ = model_choices(scenario, 5, DAYS, "pakistan")
    model = play_all(scenario, 5, "pakistan", choices, days=30)
    return model, debrief(model, n_runs=N_RUNS)


@pytest.fixture(scope="module")
def hawk(oct2025_scenario):
    """Pakistan played at open war every day for 15 days, seed 5."""
    model = play_all(without_crossing_policies("pakistan"), 5, "pakistan", [Choice(level=7)] * DAYS)
    return model, debrief(model, n_runs=N_RUNS)


def test_table_has_the_three_metrics_and_sane_ranges(copied, hawk):
    for _, d in (copied, hawk):
        t = d.table()
        assert list(t["metric"]) == LABELS == ["peak level (0-7)", "people killed", "trade lost (US$ m)"]
        assert (t["model_q05"] <= t["model_median"]).all() and (t["model_median"] <= t["model_q95"]).all()
        assert t["model_runs_lower_pct"].between(0, 100).all()


def test_table_is_computed_from_the_runs(hawk):
    _, d = hawk
    t = d.table().set_index("metric")
    for key, label, _ in METRICS:
        values = d.runs[key].to_numpy(dtype=float)
        row = t.loc[label]
        assert row["you"] == d.student[key] and row["model_same_seed"] == d.same_seed[key]
        assert row["model_median"] == pytest.approx(np.median(values))
        assert row["model_q05"] == pytest.approx(np.quantile(values, 0.05))
        assert row["model_q95"] == pytest.approx(np.quantile(values, 0.95))
        assert row["model_runs_lower_pct"] == pytest.approx(100 * np.mean(values < d.student[key]), abs=0.05)


def test_open_war_every_day_is_at_the_top_of_the_ladder(hawk):
    model, d = hawk
    assert d.student["peak_level"] == 7
    expected = [1.0 if cf else 7.0 for cf in d.ceasefire]  # open war, unless a ceasefire made that day caps it
    assert list(d.student_levels["pakistan"]) == expected and 7.0 in expected
    peak = d.table().set_index("metric").loc["peak level (0-7)"]
    assert peak["you"] == 7 and peak["model_runs_lower_pct"] == pytest.approx(100 * np.mean(d.runs["peak_level"] < 7))
    assert d.student == outcomes(model)


def test_shapes_and_counts(copied):
    model, d = copied
    assert isinstance(d, Debrief)
    assert (d.side, d.days, d.days_played, d.seed) == ("pakistan", DAYS, DAYS, 5)  # the days played, not the horizon
    assert len(d.runs) == N_RUNS and list(d.runs.columns) == [k for k, _, _ in METRICS]
    for side in ("pakistan", "taliban"):
        assert d.fan_levels[side].shape == (N_RUNS, DAYS)
        assert d.student_levels[side].shape == d.same_seed_levels[side].shape == (DAYS,)
        assert ((d.fan_levels[side] >= 0) & (d.fan_levels[side] <= 7)).all()
    assert len(d.ceasefire) == DAYS


def test_copying_the_model_gives_the_models_own_outcomes(copied):
    _, d = copied
    assert d.student == d.same_seed
    for side in ("pakistan", "taliban"):
        np.testing.assert_array_equal(d.student_levels[side], d.same_seed_levels[side])
    row = d.table().set_index("metric")
    assert (row["you"] == row["model_same_seed"]).all()


def test_playing_differently_changes_the_students_outcomes_not_the_models(copied, hawk):
    _, same = copied
    _, other = hawk
    assert other.same_seed == same.same_seed
    assert other.runs.equals(same.runs)
    assert other.student != other.same_seed


def test_the_same_seed_run_and_the_fan_are_the_models_own_runs(copied):
    model, d = copied
    oct2025_scenario = model.config  # the scenario the class played (oct2025 without Pakistan's crossing policies)
    same = EscalationModel(oct2025_scenario, rng=5, days=DAYS).run()
    assert d.same_seed == outcomes(same)
    seeds = replicate_seeds(5, N_RUNS)
    for r in (0, N_RUNS - 1):
        m = EscalationModel(oct2025_scenario, rng=seeds[r], days=DAYS).run()
        assert d.runs.iloc[r].to_dict() == pytest.approx(outcomes(m))
        for side, series in levels(m).items():
            np.testing.assert_array_equal(d.fan_levels[side][r], series)
    assert d.ceasefire == list(model.datacollector.model_vars["ceasefire"])


def test_debrief_is_deterministic(copied):
    model, d = copied
    again = debrief(model, n_runs=N_RUNS)
    assert again.runs.equals(d.runs) and again.student == d.student and again.same_seed == d.same_seed
    assert again.table().equals(d.table())


def test_outcomes_known_answer(oct2025_scenario):
    m = EscalationModel(oct2025_scenario, rng=5, days=DAYS).run()
    o = outcomes(m)
    assert o["peak_level"] == max(m.datacollector.model_vars["level_max"])
    assert o["killed"] == sum(m.log.casualties_total.values())
    assert o["trade_lost_usd_m"] == round(sum(m.datacollector.model_vars["trade_lost_usd"]) / 1e6, 2)


def test_debrief_needs_a_played_side(oct2025_scenario):
    model = EscalationModel(oct2025_scenario, rng=5, days=5).run()
    with pytest.raises(ValueError, match="no played side"):
        debrief(model, n_runs=2)


def test_debrief_needs_a_day_played(oct2025_scenario):
    model = EscalationModel(oct2025_scenario, rng=5, days=5)
    model.set_player("taliban")
    with pytest.raises(ValueError, match="at least one day"):
        debrief(model, n_runs=2)


def test_debrief_needs_a_day_played_after_an_opening_run_by_the_model(oct2025_scenario):
    model = EscalationModel(oct2025_scenario, rng=5, days=5)
    model.step()  # as sim/app/play_tab.py start_game does
    model.set_player("pakistan")
    assert model.player.choices == []
    with pytest.raises(ValueError, match="at least one day"):
        debrief(model, n_runs=2)


def test_debrief_needs_a_run(copied):
    model, _ = copied
    with pytest.raises(ValueError, match="n_runs must be at least 1"):
        debrief(model, n_runs=0)


def test_replicate_seeds():
    assert replicate_seeds(5, 3) == [run_seed(5, 0, r, True) for r in range(3)]
    assert replicate_seeds(5, 3) == replicate_seeds(5, 3)
    assert replicate_seeds(5, 5)[:3] == replicate_seeds(5, 3)  # a longer fan extends a shorter one
    assert len(set(replicate_seeds(5, 50))) == 50
    assert replicate_seeds(6, 3) != replicate_seeds(5, 3)
    assert replicate_seeds(5, 0) == []


def test_summary_markdown(copied):
    _, d = copied
    text = d.summary_markdown()
    assert text.startswith(f"You played **Pakistan** for {DAYS} days (seed 5); the model played the same start "
                           f"{N_RUNS} times.")
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| |")]
    assert [r.split(" | ")[0].lstrip("| ") for r in rows] == LABELS
    t = d.table()
    assert f"| {t['model_runs_lower_pct'][0]:g}% |" in rows[0]


def test_an_opening_run_by_the_model_is_compared_but_not_counted_as_played(oct2025_scenario):
    """The app's flow: day 0 (the scripted opening) is run by the model, then the student plays 3 days."""
    model = EscalationModel(oct2025_scenario, rng=5, days=10)
    model.step()
    model.set_player("pakistan")
    for level in (1, 0, 3):
        model.play(Choice(level=level))
    d = debrief(model, n_runs=4)
    assert (d.days, d.days_played) == (4, 3)
    assert d.fan_levels["pakistan"].shape == (4, 4) and d.student_levels["pakistan"].shape == (4,)
    assert d.summary_markdown().startswith("You played **Pakistan** for 3 days (seed 5, after 1 opening day run by "
                                           "the scenario); the model played the same start 4 times.")
    assert d.figure().get_suptitle().startswith("Debrief: your 3 days against 4 model runs")


def test_summary_names_the_taliban(oct2025_scenario):
    model = play_all(oct2025_scenario, 5, "taliban", [Choice(level=1)] * 3)
    d = debrief(model, n_runs=3)
    assert d.summary_markdown().startswith("You played **Taliban administration** for 3 days")
    assert d.fan_levels["taliban"].shape == (3, 3)


def test_figure(copied):
    _, d = copied
    fig = d.figure()
    assert isinstance(fig, Figure)
    axes = fig.get_axes()
    assert len(axes) == 2
    assert axes[0].get_title() == "Pakistan (played by you)"
    assert axes[1].get_title() == "Taliban administration (played by the model)"
    labels = axes[0].get_legend_handles_labels()[1]
    assert {"you", "model on your seed", "model: median"} <= set(labels)
    assert "in your game" in axes[1].get_legend_handles_labels()[1]
