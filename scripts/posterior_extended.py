"""Write the shipped posterior, calibration v4 and v5 (docs/validation.md; sim/validation/posterior_extension.py):

    python -m scripts.posterior_extended

calibration/posterior.parquet: calibration v3's posterior (calibration/posterior_v3.parquet, 250 weighted rows)
with a column for every v4 and v5 parameter of calibration/priors.yaml, drawn from its prior row by row (seeded, in
the file's order, so a parameter added later leaves the earlier ones' draws as they were): the
decisions' priors are their fits on the record (calibration/record_fits.yaml), so every run draws its doctrine
from the fit's uncertainty; the lessons', standing's and hostility's are their assumption ranges, which the
history's particle filter then weighs (docs/history.md). A joint refit of every parameter on the history was tried
and did not hold (docs/FINDINGS.md 9).
"""

from __future__ import annotations

import sys
from pathlib import Path

from sim.validation.posterior_extension import extended
from sim.validation.priors import load_priors

ROOT = Path(__file__).resolve().parent.parent
CAL = ROOT / "calibration"
SEED = 2024


def main(argv=None) -> int:
    added = extended(CAL / "posterior_v3.parquet", load_priors(CAL / "priors.yaml"), CAL / "posterior.parquet", SEED)
    print(f"wrote calibration/posterior.parquet: v3's rows and {len(added)} v4 and v5 parameters drawn from their priors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
