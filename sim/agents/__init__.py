"""The model's agents, one file per kind."""

from sim.agents.border_force import BorderForce
from sim.agents.mediator import Mediator
from sim.agents.pakistan import PakistanState
from sim.agents.state import StateActor
from sim.agents.taliban import TalibanAdministration
from sim.agents.ttp import TTPCell

__all__ = ["BorderForce", "Mediator", "PakistanState", "StateActor", "TalibanAdministration", "TTPCell"]
