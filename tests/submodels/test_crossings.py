"""Crossings and the economy (docs/ODD.md, 7.11): closures, reopenings, trade lost."""

from types import SimpleNamespace

import pytest

from sim.submodels.crossings import (
    CrossingStatus,
    apply_policy,
    close,
    reopen,
    trade_lost_usd,
)
from sim.scenario.maps import load_geography_spec
from sim.world import World
from sim.scenario.loading import scenario_from_data
from sim.record import crossing_column
from sim.model import EscalationModel, run
from tests.builders import quiet_world

TRADE = {"Torkham": 3_000_000.0, "Chaman": 1_500_000.0, "Ghulam Khan": 400_000.0, "Kharlachi": 150_000.0,
         "Angoor Adda": 150_000.0, "Badini": 50_000.0, "Arandu": 20_000.0, "Bahram Chah": 0.0, "Nawa Pass": 0.0}
TRADE_CARRYING = [n for n, t in TRADE.items() if t > 0]


@pytest.fixture
def crossings():
    return World(load_geography_spec("durand_line")).crossings


def statuses(crossings):
    return {name: c.status for name, c in crossings.items()}


def policy(partial=7, full=14, on_ceasefire=True):
    return SimpleNamespace(reopen_partial_after_calm_days=partial, reopen_after_calm_days=full,
                           reopen_on_ceasefire=on_ceasefire)


# --- the starting state ----------------------------------------------------------------------------

def test_map_starts_open_except_nawa_pass_closed_for_good(crossings):
    assert {n: c.trade_usd_per_day for n, c in crossings.items()} == TRADE
    assert statuses(crossings) == {**{n: CrossingStatus.OPEN for n in TRADE}, "Nawa Pass": CrossingStatus.CLOSED}
    assert [n for n, c in crossings.items() if c.closed_for_good] == ["Nawa Pass"]
    assert crossings["Nawa Pass"].closure == {"pakistan": CrossingStatus.CLOSED, "taliban": CrossingStatus.CLOSED}
    assert trade_lost_usd(crossings) == 0.0


# --- close -----------------------------------------------------------------------------------------

def test_close_all_closes_every_trade_crossing_and_nothing_else(crossings):
    changed = close(crossings, "pakistan")
    assert changed == TRADE_CARRYING
    assert statuses(crossings) == {**{n: CrossingStatus.CLOSED for n in TRADE_CARRYING}, "Bahram Chah": CrossingStatus.OPEN, "Nawa Pass": CrossingStatus.CLOSED}
    assert all(crossings[n].closure == {"pakistan": CrossingStatus.CLOSED, "taliban": CrossingStatus.OPEN} for n in TRADE_CARRYING)
    assert close(crossings, "pakistan") == []  # already closed: nothing changes


def test_close_by_name_reaches_a_crossing_without_trade_but_never_a_fixed_one(crossings):
    assert close(crossings, "taliban", CrossingStatus.CLOSED, {"Bahram Chah", "Nawa Pass", "Torkham"}) == ["Torkham", "Bahram Chah"]
    assert crossings["Bahram Chah"].status == CrossingStatus.CLOSED
    assert crossings["Nawa Pass"].closure == {"pakistan": CrossingStatus.CLOSED, "taliban": CrossingStatus.CLOSED}
    assert crossings["Chaman"].status == CrossingStatus.OPEN


def test_partial_then_closed_tightens_but_partial_never_loosens(crossings):
    assert close(crossings, "pakistan", CrossingStatus.PARTIAL, {"Torkham"}) == ["Torkham"]
    assert crossings["Torkham"].status == CrossingStatus.PARTIAL
    assert close(crossings, "pakistan", CrossingStatus.CLOSED, {"Torkham"}) == ["Torkham"]
    assert close(crossings, "pakistan", CrossingStatus.PARTIAL, {"Torkham"}) == []
    assert crossings["Torkham"].status == CrossingStatus.CLOSED


def test_the_stricter_sides_closure_wins(crossings):
    torkham = crossings["Torkham"]
    close(crossings, "pakistan", CrossingStatus.PARTIAL, {"Torkham"})
    close(crossings, "taliban", CrossingStatus.CLOSED, {"Torkham"})
    assert torkham.status == CrossingStatus.CLOSED
    assert reopen(crossings, "pakistan", CrossingStatus.OPEN, {"Torkham"}) == ["Torkham"]  # Pakistan lifts its own closure ...
    assert torkham.status == CrossingStatus.CLOSED  # ... but Kabul's still holds
    assert reopen(crossings, "taliban", CrossingStatus.PARTIAL, {"Torkham"}) == ["Torkham"]
    assert torkham.status == CrossingStatus.PARTIAL
    assert torkham.closure == {"pakistan": CrossingStatus.OPEN, "taliban": CrossingStatus.PARTIAL}


# --- reopen ----------------------------------------------------------------------------------------

def test_reopen_lowers_only_to_the_given_status_and_never_touches_a_fixed_crossing(crossings):
    close(crossings, "pakistan", CrossingStatus.CLOSED)
    assert reopen(crossings, "pakistan", CrossingStatus.PARTIAL) == TRADE_CARRYING
    assert all(crossings[n].status == CrossingStatus.PARTIAL for n in TRADE_CARRYING)
    assert reopen(crossings, "pakistan", CrossingStatus.PARTIAL) == []
    assert reopen(crossings, "pakistan", CrossingStatus.OPEN, {"Chaman"}) == ["Chaman"]
    assert reopen(crossings, "pakistan", CrossingStatus.OPEN) == [n for n in TRADE_CARRYING if n != "Chaman"]
    for side in ("pakistan", "taliban"):
        reopen(crossings, side, CrossingStatus.OPEN)
        reopen(crossings, side, CrossingStatus.OPEN, {"Nawa Pass"})
    assert crossings["Nawa Pass"].status == CrossingStatus.CLOSED
    assert statuses(crossings) == {**{n: CrossingStatus.OPEN for n in TRADE}, "Nawa Pass": CrossingStatus.CLOSED}


# --- trade lost ------------------------------------------------------------------------------------

def test_trade_lost_is_all_when_closed_and_half_when_partial(crossings):
    close(crossings, "pakistan", CrossingStatus.CLOSED, {"Torkham"})
    assert crossings["Torkham"].trade_lost_usd() == 3_000_000.0
    assert trade_lost_usd(crossings) == 3_000_000.0
    close(crossings, "taliban", CrossingStatus.PARTIAL, {"Chaman", "Ghulam Khan"})
    assert crossings["Chaman"].trade_lost_usd() == 750_000.0
    assert trade_lost_usd(crossings) == 3_000_000.0 + 750_000.0 + 200_000.0
    close(crossings, "pakistan", CrossingStatus.CLOSED)
    assert trade_lost_usd(crossings) == sum(TRADE.values())


# --- a side's policy -------------------------------------------------------------------------------

@pytest.mark.parametrize("calm, expected", [(0, CrossingStatus.CLOSED), (6, CrossingStatus.CLOSED), (7, CrossingStatus.PARTIAL), (13, CrossingStatus.PARTIAL), (14, CrossingStatus.OPEN), (40, CrossingStatus.OPEN)])
def test_policy_reopens_partially_then_fully_after_calm_days(crossings, calm, expected):
    close(crossings, "pakistan", CrossingStatus.CLOSED)
    changed = apply_policy(crossings, "pakistan", policy(7, 14), calm, ceasefire_active=False)
    assert changed == ([] if expected == CrossingStatus.CLOSED else TRADE_CARRYING)
    assert all(crossings[n].status == expected for n in TRADE_CARRYING)
    assert crossings["Nawa Pass"].status == CrossingStatus.CLOSED


def test_policy_lowers_only_its_own_sides_closures(crossings):
    close(crossings, "pakistan", CrossingStatus.CLOSED, {"Torkham"})
    close(crossings, "taliban", CrossingStatus.CLOSED, {"Chaman"})
    assert apply_policy(crossings, "taliban", policy(1, 2), 50, ceasefire_active=False) == ["Chaman"]
    assert statuses(crossings)["Torkham"] == CrossingStatus.CLOSED and statuses(crossings)["Chaman"] == CrossingStatus.OPEN


def test_null_policies_never_reopen(crossings):
    close(crossings, "pakistan", CrossingStatus.CLOSED)
    assert apply_policy(crossings, "pakistan", policy(None, None, False), 10_000, ceasefire_active=True) == []
    assert trade_lost_usd(crossings) == sum(TRADE.values())
    # full reopening alone, with no partial step
    assert apply_policy(crossings, "pakistan", policy(None, 5, False), 4, ceasefire_active=False) == []
    assert apply_policy(crossings, "pakistan", policy(None, 5, False), 5, ceasefire_active=False) == TRADE_CARRYING


@pytest.mark.parametrize("on_ceasefire", [True, False])
def test_reopen_on_ceasefire(crossings, on_ceasefire):
    close(crossings, "pakistan", CrossingStatus.CLOSED)
    changed = apply_policy(crossings, "pakistan", policy(None, None, on_ceasefire), 0, ceasefire_active=True)
    assert changed == (TRADE_CARRYING if on_ceasefire else [])
    assert trade_lost_usd(crossings) == (0.0 if on_ceasefire else sum(TRADE.values()))
    assert crossings["Nawa Pass"].status == CrossingStatus.CLOSED
    # and no ceasefire, no reopening
    close(crossings, "pakistan", CrossingStatus.CLOSED)
    assert apply_policy(crossings, "pakistan", policy(None, None, True), 0, ceasefire_active=False) == []


# --- in a run --------------------------------------------------------------------------------------

def quiet_classroom(events, partial=None, full=None, on_ceasefire=True) -> dict:
    return quiet_world(events=events, both={"reopen_partial_after_calm_days": partial, "reopen_after_calm_days": full,
                                            "reopen_on_ceasefire": on_ceasefire})


@pytest.mark.parametrize("day", [0, 5])
def test_in_a_run_a_closure_lifts_after_calm_days(day):
    data = quiet_classroom([{"day": day, "type": "closure", "actor": "pakistan", "crossings": ["Torkham"]}],
                           partial=3, full=5)
    model = run(scenario_from_data(data), seed=1, days=day + 7)
    torkham = model.datacollector.model_vars["crossing_torkham"][day:]
    # the day of the closure is calm day 1: partial on calm day 3, open on calm day 5
    assert torkham == [2, 2, 1, 1, 0, 0, 0]
    assert model.datacollector.model_vars["crossing_torkham"][:day] == [0] * day
    assert model.summary()["crossing_closed_days"]["Torkham"] == 2


def test_in_a_run_a_ceasefire_reopens_at_once():
    data = quiet_classroom([{"day": 0, "type": "closure", "actor": "pakistan"},
                            {"day": 2, "type": "ceasefire", "days": 3}])
    model = run(scenario_from_data(data), seed=1, days=5)
    v = model.datacollector.model_vars
    assert v["crossing_torkham"] == [2, 2, 0, 0, 0]
    assert v["crossing_chaman"] == [2, 2, 0, 0, 0]
    data = quiet_classroom(data["events"], on_ceasefire=False)
    model = run(scenario_from_data(data), seed=1, days=5)
    assert model.datacollector.model_vars["crossing_torkham"] == [2] * 5


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_summary_and_series_agree_on_closed_days_and_trade_lost(oct2025, seed):
    model = run(oct2025, seed=seed, days=60)
    v = model.datacollector.model_vars
    summary = model.summary()
    trade = {c.name: c.trade_usd_per_day for c in model.world.crossings.values()}
    for name in trade:
        assert summary["crossing_closed_days"][name] == sum(1 for s in v[crossing_column(name)] if s == 2), name
    assert summary["crossing_closed_days"]["Nawa Pass"] == 60
    assert sum(summary["crossing_closed_days"][n] for n in TRADE_CARRYING) > 0  # something was closed
    for day in range(60):
        expected = sum(trade[n] * (0.0, 0.5, 1.0)[v[crossing_column(n)][day]] for n in trade)
        assert v["trade_lost_usd"][day] == pytest.approx(expected)
        assert v["trade_lost_usd_cumulative"][day] == pytest.approx(sum(v["trade_lost_usd"][: day + 1]))
        assert v["crossings_closed"][day] == sum(1 for n in trade if n != "Nawa Pass" and v[crossing_column(n)][day] == 2)
    assert summary["trade_lost_usd"] == pytest.approx(sum(v["trade_lost_usd"]), abs=0.01)


def test_status_codes_and_names_come_from_one_enum():
    assert (CrossingStatus.OPEN, CrossingStatus.PARTIAL, CrossingStatus.CLOSED) == (0, 1, 2)
    assert [CrossingStatus.named(s.label) for s in CrossingStatus] == list(CrossingStatus)
    assert [s.trade_lost_fraction for s in CrossingStatus] == [0.0, 0.5, 1.0]
    model = EscalationModel(scenario_from_data(quiet_classroom([])), rng=0, days=1)
    assert model.world.trade_lost_today == 0.0
