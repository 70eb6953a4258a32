"""Scenario input: the schema, safe YAML reading, loading with ``extends:`` and overrides, errors, maps."""
