"""A matplotlib figure of the model on the page, drawn again only when the model or its tick changes."""

from __future__ import annotations

import solara


@solara.component
def Figure(make, model, tick, css: str):
    """``make(model)`` as a PNG inside a ``div`` of class ``css`` (tests and CSS find it by that class)."""
    fig = solara.use_memo(lambda: make(model), [model, tick])
    with solara.Div(classes=[css]):
        solara.FigureMatplotlib(fig, format="png", dependencies=[model, tick])
