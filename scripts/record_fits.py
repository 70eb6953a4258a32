"""Write calibration/record_fits.yaml: the strategic decisions fitted on the record (sim/validation/record_fits.py).

    python -m scripts.record_fits [--check]

``--check`` exits 1 if the file differs from a fresh fit (the record changed and the priors must follow)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import io

from ruamel.yaml import YAML

from sim.scenario.history_record import read_record
from sim.scenario.maps import load_geography_spec
from sim.scenario.yamlsafe import read_yaml
from sim.validation.record_fits import record_fits

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "calibration" / "record_fits.yaml"
HEADER = ("# Strategic decisions fitted on the record (sim/validation/record_fits.py; docs/ODD.md 7.3a), written by\n"
          "# `python -m scripts.record_fits`. calibration/priors.yaml takes the decisions' priors from here.\n")


def fresh() -> dict:
    cities = frozenset(p.name for p in load_geography_spec("durand_line").provinces if p.column == "pk_interior")
    return record_fits(read_record(ROOT / "record"), cities)


def main(argv=None) -> int:
    args = argparse.ArgumentParser(description=__doc__).parse_known_args(argv)[1]
    fits = fresh()
    if "--check" in args:
        return 0 if read_yaml(OUT)[0] == fits else 1
    text = io.StringIO()
    yaml = YAML(typ="safe")
    yaml.default_flow_style = None
    yaml.dump(fits, text)
    OUT.write_text(HEADER + text.getvalue())
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
