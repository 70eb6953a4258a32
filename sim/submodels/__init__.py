"""Submodels of one day (docs/ODD.md, section 7): pure functions and small records that never import the model."""
