"""TTP cells (docs/ODD.md, 7.8): attack probability, attacks, recruitment, civilian harm, relocation."""

import math

import pytest

from sim.model import EscalationModel
from tests.builders import build, quiet_world

Z999 = 3.2905
NO_LOSSES = {"pakistan_military": 1.0, "pakistan_civilian": 0.0, "ttp": 0.0}


def world(cells, *, scenario="classroom.yaml", events=(), days=None, ttp=None, pakistan=None, taliban=None) -> dict:
    """Rules that never act, no mediators: the TTP and scripted events are all that happens."""
    top = {} if days is None else {"days": days}
    ttp = {"city_attack_probability": 0.0, **(ttp or {})}  # every attack on the nearest border district
    return quiet_world(scenario=scenario, events=events, cells=cells, ttp=ttp, pakistan=pakistan, taliban=taliban, **top)


def model_of(data, seed=1, days=None) -> EscalationModel:
    return build(data, seed, days)


# --- attack probability ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "base, fighters, propensity, restraint, counter, surge",
    [(0.02, 100, 1.0, 0.0, 0.0, 1.0), (0.03, 1500, 1.0, 0.0, 0.2, 1.0), (0.05, 250, 0.5, 0.4, 0.3, 1.3),
     (0.01, 40, 2.0, 0.9, 0.5, 3.0), (0.2, 900, 1.0, 0.0, 0.0, 1.0), (0.1, 500, 3.0, 0.1, 0.1, 2.0)],
)
def test_attack_probability_is_the_product_clipped_to_one(base, fighters, propensity, restraint, counter, surge):
    data = world([{"name": "c", "province": "Kunar", "fighters": fighters, "propensity": propensity}],
                 ttp={"base_attack_probability": base}, pakistan={"counter_terror": counter},
                 taliban={"ttp_restraint": restraint})
    model = model_of(data)
    model.world.ttp_surge = surge
    [cell] = model.ttp_cells
    expected = base * fighters / 100 * propensity * (1 - restraint) * (1 - counter) * surge
    assert cell.attack_probability() == pytest.approx(min(1.0, expected), rel=1e-12)
    if expected > 1:
        assert cell.attack_probability() == 1.0


@pytest.mark.parametrize("surge_days", [0, 3000])
def test_attack_frequency_of_one_cell_is_binomial(surge_days):
    """3,000 days of one cell whose fighters never change: attacks ~ Binomial(3000, p)."""
    events = [{"day": 0, "type": "ttp_surge", "factor": 2.0, "days": surge_days}] if surge_days else []
    data = world([{"name": "c", "province": "Khost", "fighters": 300, "propensity": 2.0}], scenario="oct2025.yaml",
                 events=events, days=3000,
                 ttp={"base_attack_probability": 0.05, "recruitment_rate": 0.0, "attack_casualties": NO_LOSSES},
                 pakistan={"counter_terror": 0.2}, taliban={"ttp_restraint": 0.25})
    model = model_of(data, seed=17).run()
    p = 0.05 * 3 * 2.0 * 0.75 * 0.8 * (2.0 if surge_days else 1.0)
    n = 3000
    attacks = model.summary()["ttp_attacks"]
    assert abs(attacks / n - p) <= Z999 * math.sqrt(p * (1 - p) / n), (attacks, p)
    assert sum(model.datacollector.model_vars["ttp_attacks"]) == attacks
    assert model.datacollector.model_vars["ttp_fighters"] == [300] * n  # the premise: nothing changed the cell
    # each attack lands on the Pakistani border province nearest the cell (Khost -> North Waziristan)
    assert {a.place for a in model.log.acts if a.kind == "ttp_attack"} == {"North Waziristan"}


def test_full_restraint_by_kabul_means_no_attacks():
    cells = [{"name": f"c{i}", "province": p, "fighters": 2000, "propensity": 10.0}
             for i, p in enumerate(["Kunar", "Nangarhar", "Kandahar", "Kabul"])]
    data = world(cells, events=[{"day": 0, "type": "ttp_surge", "factor": 20.0, "days": 60}],
                 ttp={"base_attack_probability": 1.0}, pakistan={"counter_terror": 0.0}, taliban={"ttp_restraint": 1.0})
    for seed in range(5):
        model = model_of(data, seed=seed).run()
        assert model.summary()["ttp_attacks"] == 0
        assert not any(model.datacollector.model_vars["ttp_attacks"])
        assert all(c.attack_probability() == 0.0 for c in model.ttp_cells)


def test_full_counter_terror_also_means_no_attacks():
    data = world([{"name": "c", "province": "Kunar", "fighters": 2000}], ttp={"base_attack_probability": 1.0},
                 pakistan={"counter_terror": 1.0})
    assert model_of(data).run().summary()["ttp_attacks"] == 0


def test_a_cell_with_less_than_one_fighter_never_attacks():
    data = world([{"name": "c", "province": "Kunar", "fighters": 0}], ttp={"base_attack_probability": 1.0},
                 pakistan={"counter_terror": 0.0})
    model = model_of(data).run()
    assert model.summary()["ttp_attacks"] == 0


# --- recruitment -----------------------------------------------------------------------------------

@pytest.mark.parametrize("fighters, rate, capacity", [(100, 0.002, 2000), (1500, 0.05, 2000), (3000, 0.01, 2000),
                                                      (10, 0.3, 500)])
def test_recruitment_is_logistic_with_no_harm_and_no_strikes(fighters, rate, capacity):
    data = world([{"name": "c", "province": "Kunar", "fighters": fighters}],
                 ttp={"recruitment_rate": rate, "capacity": capacity}, taliban={"ttp_restraint": 1.0})
    model = model_of(data, days=60)
    [cell] = model.ttp_cells
    f = float(fighters)
    for _ in range(60):
        model.step()
        f = f + rate * f * (1 - f / capacity)
        assert cell.fighters == pytest.approx(f, rel=1e-12)
    if fighters < capacity:
        assert fighters < cell.fighters < capacity
    else:
        assert capacity < cell.fighters < fighters


def test_civilian_harm_in_the_cells_province_adds_harm_recruits_per_death():
    cells = [{"name": "struck", "province": "Nangarhar", "fighters": 500},
             {"name": "elsewhere", "province": "Kandahar", "fighters": 500}]
    events = [{"day": 1, "type": "strike", "actor": "pakistan", "level": 5, "province": "Nangarhar"}]
    data = world(cells, events=events, ttp={"recruitment_rate": 0.0, "harm_recruits": 1.5, "relocate_probability": 0.0},
                 taliban={"ttp_restraint": 1.0})
    data["combat"]["strike_ttp_kill_fraction"] = 0.0
    data["combat"]["casualties"]["strike"]["target_civilian"] = 10.0
    model = model_of(data, days=3)
    struck, elsewhere = sorted(model.ttp_cells, key=lambda c: c.name != "struck")
    model.step()
    assert struck.fighters == 500.0
    model.step()
    [strike] = [a for a in model.log.acts if a.actor == "pakistan"]
    killed = strike.killed("afghan_civilian")
    assert killed > 0  # the premise of the test (Poisson mean 10)
    assert model.world.civilian_harm_today == {"Nangarhar": killed}
    assert struck.fighters == 500.0 + 1.5 * killed
    assert elsewhere.fighters == 500.0
    model.step()  # harm counts on its day only
    assert struck.fighters == 500.0 + 1.5 * killed


# --- relocation ------------------------------------------------------------------------------------

def relocation_world(cells, strike_at, probability, scenario="classroom.yaml"):
    events = [{"day": 1, "type": "strike", "actor": "pakistan", "level": 6, "province": p} for p in strike_at]
    data = world(cells, scenario=scenario, events=events, ttp={"relocate_probability": probability},
                 taliban={"ttp_restraint": 1.0})
    return model_of(data, days=3)


@pytest.mark.parametrize(
    "scenario, start, strike_at, refuge",
    [
        ("classroom.yaml", "Nangarhar", ["Nangarhar"], "Kabul"),  # interior first
        ("classroom.yaml", "Kunar", ["Kunar"], "Kabul"),
        ("classroom.yaml", "Kandahar", ["Kandahar"], "Kabul"),
        ("classroom.yaml", "Nangarhar", ["Nangarhar", "Kabul"], "Kunar"),  # Kabul struck too: nearest, then north
        ("classroom.yaml", "Kabul", ["Kabul"], "Nangarhar"),  # no other interior: same row first
        ("oct2025.yaml", "Paktika", ["Paktika"], "Khost"),  # no interior within a row
        ("oct2025.yaml", "Nangarhar", ["Nangarhar"], "Kabul"),
        ("oct2025.yaml", "Kandahar", ["Kandahar"], "Kandahar City"),
        ("oct2025.yaml", "Nimruz", ["Nimruz", "Helmand"], None),  # nowhere unstruck within a row: stays
    ],
)
def test_a_struck_cell_relocates_to_an_unstruck_afghan_province_within_a_row(scenario, start, strike_at, refuge):
    model = relocation_world([{"name": "c", "province": start, "fighters": 800}], strike_at, 1.0, scenario)
    [cell] = model.ttp_cells
    model.step()
    assert cell.province.name == start
    model.step()  # day 1: struck by a scripted strike, moves in step 7
    expected = model.world.provinces[refuge or start]
    assert cell.province is expected
    assert cell.cell is expected.cell
    assert cell.province.side == "AF"
    assert abs(cell.province.row - model.world.provinces[start].row) <= 1
    model.step()  # not struck on day 2: stays
    assert cell.province is expected


def test_a_struck_cell_never_moves_when_relocation_probability_is_zero():
    cells = [{"name": f"c{i}", "province": p, "fighters": 800} for i, p in enumerate(["Nangarhar", "Kunar", "Kandahar"])]
    for seed in range(10):
        model = relocation_world(cells, ["Nangarhar", "Kunar", "Kandahar"], 0.0)
        model.run()
        assert [c.province.name for c in sorted(model.ttp_cells, key=lambda c: c.name)] == ["Nangarhar", "Kunar", "Kandahar"]
        assert all(c.cell is c.province.cell for c in model.ttp_cells)


def test_relocation_also_follows_strikes_decided_by_the_rules():
    """A Pakistani strike chosen by its rule (step 4) moves the cells it hit when relocation is certain."""
    data = world([{"name": "c", "province": "Kunar", "fighters": 1500}], ttp={"relocate_probability": 1.0},
                 taliban={"ttp_restraint": 1.0},
                 pakistan={"rule": {"name": "threshold", "theta": 0.0, "grievance_per_level": 1.0},
                           "initial_grievance": 5.0, "max_step_up": 7, "economic_sensitivity": 0.0})
    model = model_of(data, days=1)
    model.step()
    [act] = [a for a in model.log.acts if a.actor == "pakistan"]
    assert (act.level, act.place) == (5, "Kunar")  # 1 + floor(0.85 * 5.0); the busiest TTP province near it
    [cell] = model.ttp_cells
    assert cell.province.name == "Kabul"


# --- fighters stay non-negative ---------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(6))
def test_fighters_never_negative(seed):
    cells = [{"name": f"c{i}", "province": p, "fighters": f, "propensity": 10.0}
             for i, (p, f) in enumerate([("Kunar", 3), ("Nangarhar", 40), ("Kandahar", 2500), ("Kabul", 1)])]
    data = world(cells, ttp={"base_attack_probability": 1.0, "recruitment_rate": 1.0, "capacity": 50,
                             "attack_casualties": {"pakistan_military": 1.0, "pakistan_civilian": 1.0, "ttp": 30.0}},
                 pakistan={"counter_terror": 0.0, "rule": {"name": "threshold", "theta": 0.0, "grievance_per_level": 1.0},
                           "initial_grievance": 200.0, "max_step_up": 7})
    data["combat"]["strike_ttp_kill_fraction"] = 0.9
    model = model_of(data, seed=seed, days=40)
    for _ in range(40):
        model.step()
        assert all(c.fighters >= 0 for c in model.ttp_cells)
        attacks = [a for a in model.log.ttp_attacks_today]
        assert all(a.killed("ttp") >= 0 for a in attacks)
    assert min(model.datacollector.model_vars["ttp_fighters"]) >= 0
