"""Checkpoints (sim.checkpoint): a saved and resumed run equals an unbroken one, in this process or another;
forks diverge by key and repeat by key; a checkpoint of another version is refused."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sim import checkpoint
from sim.model import EscalationModel
from sim.record import events_table

DAYS, CUT = 160, 70


def _outputs(model) -> tuple:
    return (model.summary(), events_table(model.log.acts).to_pylist(), model.datacollector.to_table().to_pylist())


def _partial(oct2025, seed=7, days=DAYS, cut=CUT):
    model = EscalationModel(oct2025, rng=seed, days=days)
    for _ in range(cut):
        model.step()
    return model


@pytest.mark.parametrize("seed, cut", [(7, 70), (11, 1), (3, 159)])
def test_a_saved_and_resumed_run_equals_an_unbroken_one(oct2025, seed, cut):
    unbroken = EscalationModel(oct2025, rng=seed, days=DAYS).run()
    resumed = checkpoint.from_bytes(checkpoint.to_bytes(_partial(oct2025, seed, cut=cut))).run()
    assert _outputs(resumed) == _outputs(unbroken)


def test_a_run_resumed_in_another_process_equals_an_unbroken_one(oct2025, tmp_path):
    path = checkpoint.save(_partial(oct2025), tmp_path / "day70.ckpt")
    script = ("import json, sys; from sim import checkpoint; from sim.record import events_table; "
              "m = checkpoint.restore(sys.argv[1]).run(); "
              "print(json.dumps([m.summary(), events_table(m.log.acts).to_pylist(), "
              "m.datacollector.to_table().to_pylist()], default=str))")
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True)
    unbroken = EscalationModel(oct2025, rng=7, days=DAYS).run()
    assert json.loads(done.stdout) == json.loads(json.dumps(list(_outputs(unbroken)), default=str))


def test_forks_diverge_by_key_and_repeat_by_key(oct2025):
    data = checkpoint.to_bytes(_partial(oct2025))
    runs = {}
    for name, key in (("a", 1), ("b", 2), ("a_again", 1)):
        model = checkpoint.from_bytes(data)
        model.fork(key)
        runs[name] = _outputs(model.run())
    assert runs["a"] == runs["a_again"]
    assert runs["a"][2] != runs["b"][2]
    unforked = _outputs(checkpoint.from_bytes(data).run())
    assert runs["a"][2][:CUT] == unforked[2][:CUT]  # the past is shared; only the future differs
    assert runs["a"][2] != unforked[2]


def test_a_checkpoint_of_another_version_or_no_checkpoint_is_refused(oct2025, tmp_path):
    data = checkpoint.to_bytes(_partial(oct2025, cut=3))
    other = data.replace(checkpoint._header(), checkpoint.MAGIC + b"0.0.0\n", 1)
    with pytest.raises(checkpoint.CheckpointError, match="version 0.0.0"):
        checkpoint.from_bytes(other)
    (tmp_path / "junk").write_bytes(b"hello")
    with pytest.raises(checkpoint.CheckpointError, match="junk: not a checkpoint"):
        checkpoint.restore(tmp_path / "junk")


def test_a_finished_run_continues_past_its_horizon_when_extended(oct2025):
    model = EscalationModel(oct2025, rng=7, days=40).run()
    assert not model.running
    checkpoint.extend(model, 25).run()
    assert model.day == 64 and model.datacollector.to_table().num_rows == 65
