"""Episode files for the scoring tests: a quiet world (tests/builders.py) with a script, written to a folder."""

from __future__ import annotations

import json
from pathlib import Path

from tests.builders import quiet_world


def write_episode(folder: Path, name: str, targets: dict, *, events=(), start_date="2024-01-01", days=30,
                  trigger=None, replicates=8, **world) -> Path:
    """An episode file ``name``.yaml and its scenario (JSON, which YAML reads) in ``folder``."""
    scenario = quiet_world(events=list(events), days=days, start_date=start_date, name=name, **world)
    (folder / f"{name}_scenario.yaml").write_text(json.dumps(scenario), encoding="utf-8")
    episode = {"name": name, "scenario": f"{name}_scenario.yaml", "replicates": replicates, "root_seed": 1,
               "trigger": trigger or {"day": 0, "initiator": "pakistan", "retaliation_level": 3},
               "targets": targets}
    path = folder / f"{name}.yaml"
    path.write_text(json.dumps(episode), encoding="utf-8")
    return path


def observed(value=None, interval=None, source="test") -> dict:
    return {"interval": interval, "source": source} if interval is not None else {"value": value, "source": source}
