"""The map and the world of a run (docs/ODD.md, sections 2.4 and 6.1): real provinces and crossings (../shared/facts/FACTS.md), the grid, the schema."""

import pytest
from pydantic import ValidationError

from sim.scenario.maps import COLUMNS, GeographySpec, load_geography_spec, shipped_maps
from sim.world import World


@pytest.fixture(scope="module")
def durand():
    return World(load_geography_spec("durand_line"))


@pytest.fixture(scope="module")
def classroom():
    return World(load_geography_spec("classroom_map"))


def test_shipped_maps():
    assert {"durand_line", "classroom_map"} <= set(shipped_maps())


# --- real names and figures ------------------------------------------------------------------------

# FACTS.md s.1.2 / s.1.3: the sourced crossings and their facing provinces
CROSSINGS = {
    "Torkham": ("Khyber", "Nangarhar"),
    "Chaman": ("Chaman", "Kandahar"),
    "Ghulam Khan": ("North Waziristan", "Khost"),
    "Kharlachi": ("Kurram", "Paktia"),
    "Angoor Adda": ("South Waziristan", "Paktika"),
    "Badini": ("Qila Saifullah", "Zabul"),
    "Arandu": ("Chitral", "Kunar"),
    "Bahram Chah": ("Chagai", "Helmand"),
    "Nawa Pass": ("Bajaur", "Kunar"),
}


@pytest.mark.parametrize("name, pk, af", [(n, pk, af) for n, (pk, af) in CROSSINGS.items()])
def test_crossing_joins_the_real_facing_provinces(durand, name, pk, af):
    c = durand.crossings[name]
    assert (c.pk.name, c.af.name) == (pk, af)
    assert (c.pk.side, c.pk.column) == ("PK", "pk_border")
    assert (c.af.side, c.af.column) == ("AF", "af_border")
    assert abs(c.pk.row - c.af.row) <= 1
    assert c.af in durand.facing(c.pk) and c.pk in durand.facing(c.af)


def test_torkham_figures_from_facts(durand):
    torkham = durand.crossings["Torkham"]
    assert torkham.trade_usd_per_day == 3_000_000
    assert torkham.people_per_day == 10_000
    assert max(durand.crossings.values(), key=lambda c: c.trade_usd_per_day) is torkham
    assert durand.crossings["Badini"].people_per_day == 300  # 150 a day each way (Pajhwok 2023)
    assert durand.crossings["Nawa Pass"].closed_for_good and durand.crossings["Nawa Pass"].status == 2
    assert set(durand.crossings) == set(CROSSINGS)
    assert durand.total_trade_usd_per_day == sum(c.trade_usd_per_day for c in durand.crossings.values())


def test_the_real_provinces_are_on_their_sides(durand):
    pk = {"Chitral", "Dir", "Bajaur", "Mohmand", "Khyber", "Kurram", "North Waziristan", "South Waziristan", "Zhob",
          "Qila Saifullah", "Pishin", "Chaman", "Nushki", "Chagai", "Peshawar", "Quetta", "Islamabad-Rawalpindi"}
    af = {"Nuristan", "Kunar", "Nangarhar", "Paktia", "Khost", "Paktika", "Zabul", "Kandahar", "Helmand", "Nimruz",
          "Kabul", "Kandahar City"}
    assert {p.name for p in durand.of_side("PK")} == pk
    assert {p.name for p in durand.of_side("AF")} == af
    assert {p.name for p in durand.of_side("AF", "af_interior")} == {"Kabul", "Kandahar City"}
    assert {p.name for p in durand.of_side("PK", "pk_interior")} == {"Peshawar", "Quetta", "Islamabad-Rawalpindi"}


def test_rows_run_north_to_south(durand):
    row = {name: p.row for name, p in durand.provinces.items()}
    assert row["Chitral"] < row["Bajaur"] < row["Khyber"] < row["Kurram"] < row["North Waziristan"] \
        < row["South Waziristan"] < row["Qila Saifullah"] < row["Chaman"] < row["Chagai"]
    assert row["Nuristan"] < row["Kunar"] < row["Nangarhar"] < row["Paktia"] < row["Khost"] < row["Paktika"] \
        < row["Zabul"] < row["Kandahar"] < row["Helmand"] < row["Nimruz"]
    assert row["Chitral"] == 0
    assert row["Kabul"] == row["Nangarhar"] == row["Khyber"] == row["Peshawar"]
    assert row["Kandahar City"] == row["Kandahar"] == row["Chaman"]
    assert row["Quetta"] < row["Chaman"]


@pytest.mark.parametrize("geo", ["durand", "classroom"])
def test_each_province_sits_in_a_column_of_its_side(geo, request):
    g = request.getfixturevalue(geo)
    assert COLUMNS == ("af_interior", "af_border", "pk_border", "pk_interior")
    for p in g.provinces.values():
        assert p.column in COLUMNS
        assert p.column.startswith(p.side.lower()), p.name
        assert p.is_border == (p.column in ("af_border", "pk_border"))
        assert p.posts == (4 if geo == "durand" else 3) * p.is_border
        assert p.intact_posts == p.posts


# --- the Mesa grid ---------------------------------------------------------------------------------

@pytest.mark.parametrize("geo, rows", [("durand", 15), ("classroom", 3)])
def test_grid_has_rows_times_four_cells_and_each_province_its_own(geo, rows, request):
    g = request.getfixturevalue(geo)
    assert g.n_rows == rows
    assert g.grid.dimensions == (rows, 4)
    assert len(g.grid.all_cells) == rows * 4
    coords = [p.cell.coordinate for p in g.provinces.values()]
    assert len(set(coords)) == len(coords)
    for p in g.provinces.values():
        assert p.cell.coordinate == (p.row, COLUMNS.index(p.column))
        assert p.cell is g.grid[(p.row, COLUMNS.index(p.column))]


# --- facing ----------------------------------------------------------------------------------------

def test_facing_is_across_the_line_within_one_row_nearest_first(durand):
    for p in durand.provinces.values():
        facing = durand.facing(p)
        across = "pk_border" if p.side == "AF" else "af_border"
        expected = [q for q in durand.provinces.values() if q.column == across and abs(q.row - p.row) <= 1]
        assert {q.name for q in facing} == {q.name for q in expected}, p.name
        assert all(q.side != p.side for q in facing)
        keys = [(abs(q.row - p.row), q.row) for q in facing]
        assert keys == sorted(keys)


def test_facing_known_answers(durand, classroom):
    names = lambda g, n: [q.name for q in g.facing(g.provinces[n])]
    assert names(durand, "Khyber") == ["Nangarhar", "Paktia"]
    assert names(durand, "Nangarhar") == ["Khyber", "Mohmand", "Kurram"]
    assert names(durand, "Chaman") == ["Kandahar"]
    assert names(durand, "Chagai") == ["Helmand", "Nimruz"]
    assert names(durand, "Dir") == ["Kunar", "Nuristan"]  # same row first
    assert names(durand, "Chitral") == ["Nuristan", "Kunar"]  # Arandu: Chitral-Kunar
    assert names(durand, "Zhob") == ["Paktika", "Zabul"]  # rows 7 and 9, equally near: north first
    assert names(durand, "Quetta") == ["Zabul", "Kandahar"]  # an interior city faces the border near it; ties north first
    assert names(classroom, "Khyber") == ["Nangarhar", "Kunar", "Kandahar"]
    assert names(classroom, "Kabul") == ["Khyber", "Bajaur", "Chaman"]


def test_nearest_border_and_border_by_distance(durand):
    assert [p.name for p in durand.border_by_distance("PK", 4)[:3]] == ["Khyber", "Mohmand", "Kurram"]
    assert durand.nearest_border("AF", 3).name == "Nangarhar"  # row 4, one away; Kunar (row 1) is two away
    assert durand.nearest_border("AF", 2).name == "Kunar"  # row 1, one away; Nangarhar (row 4) is two away
    assert durand.nearest(durand.provinces["Khost"], "pk_border").name == "North Waziristan"


# --- schema errors ---------------------------------------------------------------------------------

@pytest.fixture
def toy():
    return load_geography_spec("classroom_map").model_dump(mode="json")


def test_the_toy_map_validates(toy):
    assert GeographySpec.model_validate(toy).name == "classroom_map"


def test_a_crossing_to_an_unknown_province_is_an_error(toy):
    toy["crossings"][0]["af"] = "Nangrahar"
    with pytest.raises(ValidationError, match="unknown province 'Nangrahar'"):
        GeographySpec.model_validate(toy)


def test_a_crossing_with_its_sides_swapped_is_an_error(toy):
    toy["crossings"][0].update(pk="Nangarhar", af="Khyber")
    with pytest.raises(ValidationError, match="not on the PK side"):
        GeographySpec.model_validate(toy)


def test_two_provinces_in_one_cell_is_an_error(toy):
    toy["provinces"].append({"name": "Laghman", "side": "AF", "row": 1, "column": "af_border"})
    with pytest.raises(ValidationError, match="two provinces in row 1, column af_border"):
        GeographySpec.model_validate(toy)


def test_a_province_listed_twice_is_an_error(toy):
    toy["provinces"].append({"name": "Kunar", "side": "AF", "row": 3, "column": "af_border"})
    with pytest.raises(ValidationError, match="listed twice"):
        GeographySpec.model_validate(toy)


@pytest.mark.parametrize("side, column", [("PK", "af_border"), ("PK", "af_interior"), ("AF", "pk_border"),
                                          ("AF", "pk_interior")])
def test_a_province_in_the_other_sides_column_is_an_error(toy, side, column):
    toy["provinces"].append({"name": "Somewhere", "side": side, "row": 5, "column": column})
    with pytest.raises(ValidationError, match=f"a {side} province cannot sit in column {column}"):
        GeographySpec.model_validate(toy)


def test_wrong_columns_unknown_keys_and_negative_trade_are_errors(toy):
    for bad in (
        {**toy, "columns": list(reversed(COLUMNS))},
        {**toy, "colour": "green"},
        {**toy, "crossings": [{**toy["crossings"][0], "trade_usd_per_day": -1}]},
        {**toy, "provinces": toy["provinces"] + [{"name": "X", "side": "AF", "row": -1, "column": "af_border"}]},
    ):
        with pytest.raises(ValidationError):
            GeographySpec.model_validate(bad)


def test_a_map_file_with_an_error_raises_validation_error(tmp_path, toy):
    import json

    toy["crossings"][1]["pk"] = "Quetta"
    path = tmp_path / "bad_map.yaml"
    path.write_text(json.dumps(toy))  # JSON is YAML
    with pytest.raises(ValidationError, match="unknown province 'Quetta'"):
        load_geography_spec(str(path))


def test_a_crossing_between_provinces_that_do_not_face_is_refused():
    from pydantic import ValidationError


    data = {"name": "bad", "provinces": [
        {"name": "A", "side": "AF", "row": 0, "column": "af_border"},
        {"name": "P", "side": "PK", "row": 3, "column": "pk_border"}],
        "crossings": [{"name": "X", "pk": "P", "af": "A"}]}
    with pytest.raises(ValidationError, match="facing each other"):
        GeographySpec.model_validate(data)


def test_what_follows_from_the_closures_follows_each_change_at_once():
    """Trade lost, statuses and who holds a closure are kept between changes (docs/performance.md): each
    change of a closure must show at once, however it is made."""
    from sim.submodels.crossings import CrossingStatus, close, reopen

    world = World(load_geography_spec("durand_line"))
    trading = [c for c in world.crossings.values() if not c.closed_for_good]
    assert not world.has_closure_by("pakistan") and world.trade_lost_share_by("pakistan") == 0.0
    close(world.crossings, "pakistan", names=[trading[0].name], day=0)
    world.count_trade()
    share = trading[0].trade_usd_per_day / world.total_trade_usd_per_day
    assert world.has_closure_by("pakistan") and not world.has_closure_by("taliban")
    assert world.trade_lost_share_by("pakistan") == pytest.approx(share)
    assert world.trade_lost_today == pytest.approx(trading[0].trade_usd_per_day)
    assert world.statuses[list(world.crossings).index(trading[0].name)] == CrossingStatus.CLOSED
    trading[0].closure["taliban"] = CrossingStatus.PARTIAL  # set directly, as a played side's choice does
    assert world.trade_lost_share_by("taliban") == pytest.approx(share / 2)
    reopen(world.crossings, "pakistan")
    world.count_trade()
    assert not world.has_closure_by("pakistan") and world.trade_lost_today == pytest.approx(trading[0].trade_usd_per_day / 2)
    trading[0].closure.update(taliban=CrossingStatus.OPEN)
    world.count_trade()
    assert world.trade_lost_today == 0.0 and world.status_codes == tuple(int(c.status) for c in world.crossings.values())
