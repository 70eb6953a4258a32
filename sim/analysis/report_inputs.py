"""What the report reads from a results folder DIR, shared by :mod:`sim.analysis.report` and its sections.

:class:`NotAReport` (DIR holds nothing a report can be made of), the file look-up by name pattern in DIR and
``DIR/analysis``, and the scenario and sweep files as run, copied by the batch runner into ``DIR/sources``.
"""

from __future__ import annotations

from pathlib import Path


class NotAReport(ValueError):
    """DIR holds nothing a report can be made of."""


def _glob(folder: Path, *patterns: str) -> list[Path]:
    found: dict[Path, None] = {}
    for pattern in patterns:
        for sub in (folder, folder / "analysis"):
            for p in sorted(sub.glob(pattern)):
                if p.is_file():
                    found[p] = None
    return list(found)


def _sources(folder: Path) -> list[tuple[str, str]]:
    """(name as run, text) of every file in ``folder/sources`` (the first line, ``# path``, names it)."""
    out = []
    for p in sorted((folder / "sources").glob("*")):
        if p.is_file():
            text = p.read_text(encoding="utf-8", errors="replace")
            first, _, rest = text.partition("\n")
            out.append((first[2:] if first.startswith("# ") else p.name, rest if first.startswith("# ") else text))
    return out
