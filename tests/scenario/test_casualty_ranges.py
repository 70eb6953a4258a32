"""Per-act casualty means carry the range their sources support and say where it comes from (7.10)."""

import pytest
from pydantic import ValidationError

from sim.scenario.schema import ActCasualties


def test_a_mean_inside_its_sourced_range_is_accepted():
    spec = ActCasualties(target_civilian=10.0, range={"target_civilian": (6, 17)},
                         source={"target_civilian": "EPISODES.md ep. 1: Paktika 17 Oct 2025, 8 (ACB) to 17 (TOLOnews)"})
    assert spec.range["target_civilian"] == (6.0, 17.0)


@pytest.mark.parametrize("mean, match", [(38.9, "outside its sourced range"), (3.0, "outside its sourced range")])
def test_a_mean_outside_its_range_is_refused(mean, match):
    with pytest.raises(ValidationError, match=match):
        ActCasualties(target_civilian=mean, range={"target_civilian": (6, 17)}, source={"target_civilian": "x"})


def test_a_range_needs_a_source_and_low_at_most_high():
    with pytest.raises(ValidationError, match="needs a source"):
        ActCasualties(target_military=1.0, range={"target_military": (0, 2)})
    with pytest.raises(ValidationError, match="low <= high"):
        ActCasualties(target_military=1.0, range={"target_military": (3, 2)}, source={"target_military": "x"})
    with pytest.raises(ValidationError):
        ActCasualties(range={"no_such_group": (0, 1)}, source={"no_such_group": "x"})
