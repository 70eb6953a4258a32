"""Changes made together, drawn once.

A click that runs a day changes several things (the day, the form's boxes, the messages), and each part
of the page that reads one of them would ask for its own drawing pass: two or three passes for one day.
Inside :func:`use_batched`'s callback the page's renderer waits until the callback is done, then draws
once.
"""

from __future__ import annotations

import reacton.core


def use_batched(callback):
    """``callback`` (a click handler, a thread's step) whose changes are drawn in one pass; call this hook
    while the component renders."""
    rc = reacton.core.get_render_context()

    def batched(*args, **kwargs):
        with rc:
            return callback(*args, **kwargs)

    return batched
