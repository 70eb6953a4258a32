"""`escalation compare`: paired differences on common random numbers, CSV, forest plot, bad input."""


import pandas as pd
import pytest

from sim.analysis.compare import compare
from sim.analysis.compare_stats import paired_proportion_interval
from sim.cli import main
from tests.builders import copy_shipped_scenario
from tests.conftest import SCENARIOS

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def no_mediators(tmp_path_factory):
    """oct2025_no_mediators against oct2025, 200 paired replicates, through the command line."""
    out = tmp_path_factory.mktemp("compare") / "nomed"
    argv = ["compare", str(SCENARIOS / "oct2025.yaml"), str(SCENARIOS / "oct2025_no_mediators.yaml"),
            "--replicates", "200", "--out", str(out), "--workers", "1", "--quiet"]
    return out, argv


def test_scenario_against_a_copy_of_itself_differs_in_nothing(tmp_path):
    copy = tmp_path / "oct2025_copy.yaml"
    copy_shipped_scenario("oct2025.yaml", copy)
    table = compare([SCENARIOS / "oct2025.yaml", copy], tmp_path / "out", replicates=30, workers=1, days=60)
    assert set(table["variant"]) == {"oct2025_copy"} and set(table["base"]) == {"oct2025"}
    assert {"p_open_war", "p_strike", "peak_level", "trade_lost_usd", "casualties.pakistan_military"} <= set(table["metric"])
    assert (table["difference"] == 0).all()  # common random numbers: the very same runs
    assert ((table["low"] <= 0) & (table["high"] >= 0)).all()
    assert not table["distinguishable"].any()
    means = table[table["kind"] == "mean"]
    assert ((means["low"] == 0) & (means["high"] == 0)).all()  # the paired t interval of all-zero differences
    assert (table["base_mean"].fillna(-1) == table["variant_mean"].fillna(-1)).all()
    assert (tmp_path / "out" / "comparison.csv").is_file()
    assert (tmp_path / "out" / "forest.png").read_bytes()[:8] == PNG


def test_no_mediators_raises_the_probability_of_open_war(no_mediators, capsys):
    out, argv = no_mediators
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "oct2025_no_mediators − oct2025" in printed and "P(open war)" in printed
    table = pd.read_csv(out / "comparison.csv")
    assert list(table["metric"][:2]) == ["p_open_war", "p_strike"]
    war = table.set_index("metric").loc["p_open_war"]
    assert war["pairs"] == 200
    assert war["variant_mean"] > war["base_mean"]
    assert 0 < war["low"] <= war["difference"] <= war["high"]  # an interval above 0
    assert bool(war["distinguishable"])
    assert (out / "forest.png").read_bytes()[:8] == PNG
    # a rerun reuses the finished runs and gives the same table
    assert main(argv) == 0
    assert pd.read_csv(out / "comparison.csv").equals(table)


def test_every_row_is_consistent(no_mediators):
    out, argv = no_mediators
    if not (out / "comparison.csv").exists():
        assert main(argv) == 0
    table = pd.read_csv(out / "comparison.csv")
    done = table.dropna(subset=["low", "high"])
    assert ((done["low"] <= done["difference"] + 1e-9) & (done["difference"] <= done["high"] + 1e-9)).all()
    assert (done["distinguishable"] == ((done["low"] > 0) | (done["high"] < 0))).all()
    props = table[table["kind"] == "proportion"]
    assert props[["low", "high"]].abs().le(1).all().all()


def test_bad_scenario_path_exits_2_without_traceback(tmp_path, capsys):
    code = main(["compare", str(SCENARIOS / "oct2025.yaml"), str(tmp_path / "nope.yaml"), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2
    assert "nope.yaml:1:1" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()  # checked before anything ran


def test_bad_scenario_field_points_at_file_line_column(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("extends: " + str(SCENARIOS / "oct2025.yaml") + "\nname: bad\ndays: -5\n", encoding="utf-8")
    code = main(["compare", str(SCENARIOS / "oct2025.yaml"), str(bad), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{bad}:3:" in err and "Traceback" not in err


def test_paired_proportion_interval():
    # identical outcomes: no difference, and the interval contains 0
    diff, low, high = paired_proportion_interval(30, 0, 0, 70)
    assert diff == 0 and low < 0 < high
    # swapping the discordant cells mirrors the interval
    d1, l1, h1 = paired_proportion_interval(20, 15, 3, 62)
    d2, l2, h2 = paired_proportion_interval(20, 3, 15, 62)
    assert d1 == pytest.approx(0.12) and d2 == pytest.approx(-d1)
    assert (l2, h2) == pytest.approx((-h1, -l1))
    assert 0 < l1 < d1 < h1 < 1
    # every pair discordant one way: stays inside [-1, 1]
    d, low, high = paired_proportion_interval(0, 10, 0, 0)
    assert d == 1 and -1 <= low < 1 and high == 1
