"""Agent-based escalation simulator of the Pakistan-Afghan Taliban border crisis.

The model is :class:`sim.model.EscalationModel` (its reference is ``docs/ODD.md``); scenarios are read and
validated by :mod:`sim.scenario` (``sim.scenario.loading.load_scenario``). Batch, analysis, validation,
outputs, app and command-line layers import the model, never the reverse.
"""

__version__ = "0.1.0"
