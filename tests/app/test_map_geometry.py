"""Where the map puts things, and what a province's box says: one geometry for the browser and matplotlib."""

from __future__ import annotations

import pytest

from sim.app import dials as D
from sim.app.map_geometry import (HEAT_TOP, MIN_VIOLENCE_SCALE, crossing_rows, heat, is_dark, province_labels,
                                  shade, violence_scale)


@pytest.fixture(scope="module")
def world():
    return D.opening(D.dials_for("oct2025"))[0].world


def test_crossings_sit_between_their_rows_and_apart(world):
    rows = crossing_rows(world)
    assert set(rows) == set(world.crossings)
    for c in world.crossings.values():
        middle = (c.pk.row + c.af.row) / 2
        assert abs(rows[c.name] - middle) <= 0.3
    shared = {}
    for c in world.crossings.values():
        shared.setdefault((c.pk.row + c.af.row) / 2, []).append(rows[c.name])
    for placed in shared.values():  # crossings joining the same rows never sit on one another
        assert len(set(placed)) == len(placed)


def test_shading_follows_violence_on_a_scale_that_grows():
    assert heat(0.0, 4.0) == 0.0 and heat(4.0, 4.0) == HEAT_TOP and heat(8.0, 4.0) == HEAT_TOP
    assert heat(2.0, 4.0) == pytest.approx(HEAT_TOP / 2)
    assert not is_dark(2.0, 4.0) and is_dark(3.0, 4.0)
    assert shade(0.0) != shade(HEAT_TOP) and shade(-1) == shade(0.0) and shade(2) == shade(1.0)
    assert all(len(shade(x / 10)) == 7 and shade(x / 10).startswith("#") for x in range(11))


def test_the_scale_is_the_worst_province_or_a_floor(world):
    assert violence_scale(world) == max(MIN_VIOLENCE_SCALE, max(p.violence for p in world.provinces.values()))


def test_a_box_names_the_province_its_posts_and_its_ttp(world):
    paktika = world.provinces["Paktika"]  # struck on day 0: a post lost, TTP fighters there
    lines = province_labels(world, paktika)
    lost = paktika.posts - paktika.intact_posts
    assert lines[0] == "Paktika" and lines[1] == f"posts {paktika.intact_posts}/{paktika.posts} ({lost} lost)"
    assert lost > 0 and lines[2].startswith("TTP ")
