"""A run unpickled from a checkpoint pickles again (docs/history.md): a fix for Mesa 3.5's grid cells.

Mesa's grids give their cells a class made at run time ("GridCell") and register how to pickle it
(``copyreg``). Unpickling (``mesa.discrete_space.grid.unpickle_gridcell``) makes a new such class for every cell
and registers none, so a model restored from a checkpoint cannot be pickled again ("Can't pickle <class
'GridCell'>: attribute lookup GridCell ... failed"); a particle filter pickles its particles again and again.
Here unpickling makes one class per base class, registered once, as the grid itself does. Nothing a run does
depends on which class its cells have.
"""

from __future__ import annotations

import copyreg

from mesa.discrete_space import grid as _grid

_CLASSES: dict[type, type] = {}


def _unpickle_gridcell(parent, fields):
    klass = _CLASSES.get(parent)
    if klass is None:
        klass = _CLASSES[parent] = type("GridCell", (parent,), {"_mesa_properties": set(), "__slots__": ()})
        copyreg.pickle(klass, _grid.pickle_gridcell)
    instance = klass((0, 0))  # a default coordinate, overwritten with the cell's own next (as Mesa does)
    for key, value in fields[1].items():
        setattr(instance, key, value)
    return instance


_grid.unpickle_gridcell = _unpickle_gridcell
