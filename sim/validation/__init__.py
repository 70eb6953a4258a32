"""Validation against history: episode files (what really happened) and hindcasts (does the ensemble cover it?).

``episodes/NAME.yaml`` names a scenario to start from and the observed ``targets``
(:mod:`sim.validation.episode`); ``escalation hindcast`` runs the scenario's ensemble and checks each
target against the simulated 90% interval (:mod:`sim.validation.hindcast`). Format: docs/episodes.md.
"""

from sim.validation.episode import Episode, LoadedEpisode, load_episode

__all__ = ["Episode", "LoadedEpisode", "load_episode"]
