"""Agent-based escalation simulator of the Pakistan-Afghan Taliban border crisis.

The model lives in :mod:`sim.model`; scenarios are loaded by :mod:`sim.scenario.schema`.
Batch, analysis, app and command-line layers import the model, never the reverse.
"""

__version__ = "0.1.0"
