"""Matplotlib without a screen: the Agg backend, unless a backend was chosen already.

Plot modules call :func:`use_agg_unless_chosen` on import so that scripts, the CLI and batch workers never
try to open a window. A notebook's kernel chooses its inline backend (through ``MPLBACKEND``), and so may a
user: forcing Agg there would make figures print as text instead of showing.
"""

from __future__ import annotations

import matplotlib


def use_agg_unless_chosen() -> None:
    if matplotlib.rcParams._get_backend_or_none() is None:  # nobody chose: matplotlib would pick by itself
        matplotlib.use("Agg")
