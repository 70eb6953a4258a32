"""A matplotlib figure of the model on the page, drawn again only when the model or its tick changes."""

from __future__ import annotations

from contextlib import nullcontext

import solara


@solara.component
def Figure(make, model, tick, css: str, lock=None):
    """``make(model)`` as a PNG inside a ``div`` of class ``css`` (tests and CSS find it by that class),
    drawn holding ``lock`` when given (the model may be run by another thread)."""

    def draw():
        with lock or nullcontext():
            return make(model)

    fig = solara.use_memo(draw, [model, tick])
    with solara.Div(classes=[css]):
        solara.FigureMatplotlib(fig, format="png", dependencies=[model, tick])
