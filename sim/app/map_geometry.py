"""What the province map shows and where: one geometry and one set of labels for the browser's map and the
notebook's matplotlib one.

Map units: a province box is ``BOX_W`` wide; Afghan columns lie west of the drawn Durand Line, Pakistani
columns east of it; row 0 (north) is at the top. Crossings sit on the Line, between the rows they join.
"""

from __future__ import annotations

from functools import cache

from sim.outputs.run_plot import SIDE_COLOURS
from sim.submodels.crossings import CrossingStatus

BOX_W, BOX_H = 1.0, 0.86
# x of each column's left edge; the Line runs between af_border and pk_border
COLUMN_X = {"af_interior": 0.0, "af_border": 1.08, "pk_border": 2.92, "pk_interior": 4.0}
LINE_X = (COLUMN_X["af_border"] + BOX_W + COLUMN_X["pk_border"]) / 2
MAP_WIDTH = COLUMN_X["pk_interior"] + BOX_W
HEADER_X = {"AF": (COLUMN_X["af_interior"] + COLUMN_X["af_border"] + BOX_W) / 2,  # over each country's columns
            "PK": (COLUMN_X["pk_border"] + MAP_WIDTH) / 2}
STATUS_COLOURS = {CrossingStatus.OPEN: "#2ca02c", CrossingStatus.PARTIAL: "#ff8c00", CrossingStatus.CLOSED: "#d62728"}
EDGE = {"AF": SIDE_COLOURS["taliban"], "PK": SIDE_COLOURS["pakistan"]}
VIOLENCE_COLOURMAP = "OrRd"  # matplotlib's name for the shading of recent violence
# the shading of recent violence never reaches the colour map's darkest end, so names stay readable
HEAT_TOP = 0.85
DARK_ABOVE = 0.6  # a province this far up the scale has its text drawn white
MIN_VIOLENCE_SCALE = 4.0  # the scale's top when little has happened yet: a first skirmish is not black


def crossing_rows(world) -> dict[str, float]:
    """Each crossing's row on the map: the middle of its two provinces' rows, spread apart where several
    crossings join the same rows."""
    crossings = list(world.crossings.values())
    rows = {c.name: (c.pk.row + c.af.row) / 2 for c in crossings}
    sharing: dict[float, list[str]] = {}
    for name, row in rows.items():
        sharing.setdefault(row, []).append(name)
    placed = {}
    for row, names in sharing.items():
        n = len(names)
        for k, name in enumerate(names):
            placed[name] = row - (0.3 - 0.6 * k / (n - 1) if n > 1 else 0.0)
    return placed


def heat(violence: float, scale: float) -> float:
    """A province's shading, 0 to ``HEAT_TOP``, for its recent violence on a scale whose top is ``scale``."""
    return min(max(violence, 0.0) / scale, 1.0) * HEAT_TOP


def is_dark(violence: float, scale: float) -> bool:
    return violence / scale > DARK_ABOVE


def violence_scale(world) -> float:
    return max(MIN_VIOLENCE_SCALE, max((p.violence for p in world.provinces.values()), default=0.0))


@cache
def _palette(steps: int = 64) -> tuple[str, ...]:
    import matplotlib

    from matplotlib.colors import to_hex

    colours = matplotlib.colormaps[VIOLENCE_COLOURMAP]
    return tuple(to_hex(colours(i / (steps - 1))) for i in range(steps))


def shade(level: float) -> str:
    """The colour map's colour at ``level`` (0 to 1) as ``#rrggbb``, to 1/64 of the scale."""
    palette = _palette()
    return palette[round(min(max(level, 0.0), 1.0) * (len(palette) - 1))]


def province_labels(world, province) -> list[str]:
    """The lines written in a province's box: its name, its posts held (and lost), its TTP fighters."""
    lines = [province.name]
    if province.posts:
        lost = province.posts - province.intact_posts
        lines.append(f"posts {province.intact_posts}/{province.posts}" + (f" ({lost} lost)" if lost else ""))
    fighters = world.ttp_fighters_in(province)
    if fighters > 0:
        lines.append(f"TTP {int(round(fighters)):,}" + (" + leaders" if world.ttp_leaders_in(province) else ""))
    return lines
