"""The README's layout section matches the tree: every module and package of sim/ (and every submodel) is named."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def layout_block() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Layout"):]
    return re.search(r"```\n(.*?)```", section, re.S).group(1)


def test_every_module_and_package_of_sim_is_in_the_layout():
    block = layout_block()
    sim = ROOT / "sim"
    names = [p.name for p in sim.glob("*.py") if not p.name.startswith("__")]
    names += [p.name + "/" for p in sim.iterdir() if p.is_dir() and (p / "__init__.py").exists()]
    names += [p.stem for p in (sim / "submodels").glob("*.py") if not p.name.startswith("__")]
    missing = [n for n in names if not re.search(rf"(?<![\w.]){re.escape(n)}", block)]
    assert missing == [], f"README layout does not name: {missing}"


def test_no_two_modules_of_sim_share_a_name():
    stems = [p.name for p in (ROOT / "sim").rglob("*.py") if not p.name.startswith("__")]
    assert sorted({s for s in stems if stems.count(s) > 1}) == []
