"""Running a sweep: results are identical whatever the worker count, backend or completion order; a run that
raises or kills its worker is recorded and the others finish; a folder is never mixed; seeds and ids."""

from __future__ import annotations

import json
import os
import signal

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from sim.batch.process_pool import deferred_interrupt
from sim.batch.sweep import load_sweep
from sim.model import EscalationModel

from .faults import StepFault, inject
from .helpers import SMOKE, batch, records


def _summary(out) -> pd.DataFrame:
    return pd.read_parquet(out / "summary.parquet", dtype_backend="pyarrow")  # whole numbers stay whole beside nulls


def _same_results(out, clean) -> None:
    """Same summary (bytes and table) and the same series file of every run as the clean batch."""
    assert_frame_equal(_summary(out), _summary(clean))
    assert (out / "summary.parquet").read_bytes() == (clean / "summary.parquet").read_bytes()
    for path in (clean / "runs").glob("*.parquet"):
        assert (out / "runs" / path.name).read_bytes() == path.read_bytes(), path.name


# --- seeds and run ids -----------------------------------------------------------------------------------

def _child_seed(root: int, key: tuple) -> int:
    return int(np.random.SeedSequence(root, spawn_key=key).generate_state(1, dtype=np.uint32)[0])


def _variant(tmp_path, file: str, replace: tuple[str, str] | None = None, **changes) -> object:
    """The smoke sweep with some top-level fields changed (and ``replace`` = (old, new) text swapped)."""
    text = SMOKE.read_text(encoding="utf-8").replace("base: ../oct2025.yaml", f"base: {SMOKE.parent.parent / 'oct2025.yaml'}")
    if replace:
        assert replace[0] in text
        text = text.replace(*replace)
    for key, value in changes.items():
        lines = [ln for ln in text.splitlines() if not ln.startswith(f"{key}:")]
        text = "\n".join(lines + [f"{key}: {value}"]) + "\n"
    path = tmp_path / f"{file}.yaml"
    path.write_text(text, encoding="utf-8")
    return load_sweep(path)


def test_seeds_come_from_seed_sequences_keyed_on_position(smoke_plan, tmp_path):
    runs = list(smoke_plan.runs())
    assert len(runs) == smoke_plan.n_runs == 40
    root = smoke_plan.spec.root_seed
    assert smoke_plan.spec.common_random_numbers
    for run in runs:  # common random numbers: replicate r of every point shares its seed
        assert run.seed == _child_seed(root, (run.replicate,))
    assert len({run.seed for run in runs}) == smoke_plan.spec.replicates

    independent = _variant(tmp_path, "independent", common_random_numbers="false")
    runs = list(independent.runs())
    for run in runs:
        assert run.seed == _child_seed(root, (run.point, run.replicate))
    assert len({run.seed for run in runs}) == len(runs)


def test_run_ids_are_stable_and_change_with_scenario_or_seed(smoke_plan, tmp_path):
    runs = list(smoke_plan.runs())
    ids = [run.run_id for run in runs]
    assert ids == [run.run_id for run in load_sweep(SMOKE).runs()]
    assert len(set(ids)) == len(ids)  # the same seed at another design point is another run
    # an id is its scenario and seed only: another file, another sweep name, the same runs
    assert [run.run_id for run in _variant(tmp_path, "same").runs()] == ids
    assert [run.run_id for run in _variant(tmp_path, "renamed", name="renamed").runs()] == ids

    longer = [run.run_id for run in _variant(tmp_path, "longer", days=61).runs()]
    assert not set(longer) & set(ids)
    reseeded = list(_variant(tmp_path, "reseeded", root_seed=2).runs())
    assert not {run.run_id for run in reseeded} & set(ids)
    assert [(run.point, run.replicate) for run in reseeded] == [(run.point, run.replicate) for run in runs]
    # one axis value changed: the runs of the points that kept their scenario keep their ids, the others change
    moved = list(_variant(tmp_path, "moved", replace=("values: [0.5, 2.0]", "values: [0.5, 3.0]")).runs())
    for old, new in zip(runs, moved):
        assert (old.seed, old.point, old.replicate) == (new.seed, new.point, new.replicate)
        kept = smoke_plan.points[old.point]["restraint_pressure"] == 0.5
        assert (old.run_id == new.run_id) == kept


# --- worker count and backend --------------------------------------------------------------------------

def test_one_and_two_workers_give_identical_results(smoke_plan, smoke_clean, tmp_path):
    out = tmp_path / "two"
    assert batch(SMOKE, out, "--workers", "2") == 0
    _same_results(out, smoke_clean)

    recs = records(out)
    assert len(recs) == 40 and all(rec["status"] == "done" for rec in recs)
    assert {rec["run_id"] for rec in recs} == {run.run_id for run in smoke_plan.runs()}
    for run in smoke_plan.runs():
        assert (out / "runs" / f"{run.run_id}.parquet").is_file()
        assert (out / "events" / f"{run.run_id}.parquet").is_file()
    summary = _summary(out)
    assert list(summary["run_id"]) == [run.run_id for run in smoke_plan.runs()]  # design order, not finish order
    assert (summary["status"] == "done").all() and summary["error"].isna().all()


def test_a_runs_files_read_back_as_the_models_own_tables(smoke_plan, smoke_clean):
    # the batch writes without the Arrow schema in the metadata (sim/batch/worker.py): the Parquet types must
    # still give back the schema and values of the model's tables
    import pyarrow.parquet as pq

    from sim.record import events_table

    run = next(iter(smoke_plan.runs()))
    model = EscalationModel(smoke_plan.scenarios[run.point], rng=run.seed, days=smoke_plan.spec.days).run()
    for path, table in ((smoke_clean / "runs" / f"{run.run_id}.parquet", model.datacollector.to_table()),
                        (smoke_clean / "events" / f"{run.run_id}.parquet", events_table(model.log.acts))):
        back = pq.read_table(path)
        assert back.schema == table.schema and back.equals(table), path.name


def test_no_events_writes_no_event_logs_and_the_same_summary(smoke_clean, tmp_path):
    out = tmp_path / "quiet"
    assert batch(SMOKE, out, "--workers", "2", "--no-events") == 0
    assert not list((out / "events").iterdir())
    assert (out / "summary.parquet").read_bytes() == (smoke_clean / "summary.parquet").read_bytes()


# --- failures --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("workers", [1, 2])
def test_a_run_that_raises_is_recorded_and_the_others_finish(workers, smoke_plan, smoke_clean, tmp_path, monkeypatch,
                                                             capsys):
    runs = list(smoke_plan.runs())
    bad_seeds = {runs[3].seed, runs[7].seed}  # common random numbers: each seed is one run at every point
    bad = {run.run_id for run in runs if run.seed in bad_seeds}
    assert len(bad) == 8
    inject(monkeypatch, StepFault("raise", frozenset(bad_seeds)))

    out = tmp_path / "failing"
    assert batch(SMOKE, out, "--workers", workers) == 3
    err = capsys.readouterr().err
    assert "8 run(s) failed" in err and "Traceback" not in err

    latest = {rec["run_id"]: rec for rec in records(out)}
    assert len(latest) == 40
    assert {rid for rid, rec in latest.items() if rec["status"] == "failed"} == bad
    for rid in bad:
        assert latest[rid]["error"].startswith(f"RuntimeError: boom at seed {latest[rid]['seed']} (faults.py:")
        assert not (out / "runs" / f"{rid}.parquet").exists()

    summary, clean = _summary(out).set_index("run_id"), _summary(smoke_clean).set_index("run_id")
    assert list(summary.index) == list(clean.index)
    failed = summary.index.isin(bad)
    assert (summary.loc[failed, "status"] == "failed").all()
    assert all(summary.loc[rid, "error"] == latest[rid]["error"] for rid in bad)
    assert summary.loc[failed, "peak_level"].isna().all()
    assert_frame_equal(summary.loc[~failed], clean.loc[~failed])  # the others are untouched by the failures
    assert_frame_equal(summary.loc[failed, ["point", "replicate", "seed"]], clean.loc[failed, ["point", "replicate", "seed"]])

    # --resume retries the failed runs only; with the fault gone the batch equals the clean one
    monkeypatch.undo()
    before = len(records(out))
    assert batch(SMOKE, out, "--workers", workers, "--resume") == 0
    assert {rec["run_id"] for rec in records(out)[before:]} == bad
    _same_results(out, smoke_clean)


@pytest.mark.parametrize("death", ["sigkill", "exit"])
def test_a_killed_worker_loses_only_its_run(death, smoke_plan, smoke_clean, tmp_path, monkeypatch):
    victim = list(smoke_plan.runs())[26]
    scenario = smoke_plan.scenarios[victim.point]
    # the point's axes identify it (a posterior draw changes the rest of the scenario)
    inject(monkeypatch, StepFault(death, frozenset({victim.seed}), restraint_pressure=scenario.restraint_pressure,
                                  taliban_rule=scenario.actors.taliban.rule.model_dump(mode="json")))
    out = tmp_path / "crash"
    assert batch(SMOKE, out, "--workers", "2") == 3

    latest = {rec["run_id"]: rec for rec in records(out)}
    assert len(latest) == 40
    assert {rid for rid, rec in latest.items() if rec["status"] == "failed"} == {victim.run_id}
    assert "worker process died" in latest[victim.run_id]["error"]
    summary, clean = _summary(out).set_index("run_id"), _summary(smoke_clean).set_index("run_id")
    others = summary.index != victim.run_id
    assert (summary.loc[others, "status"] == "done").all()
    assert_frame_equal(summary.loc[others], clean.loc[others])
    assert summary.loc[victim.run_id, "status"] == "failed"


def test_ctrl_c_reaching_a_worker_alone_is_ignored(smoke_plan, smoke_clean, tmp_path, monkeypatch):
    """A terminal's Ctrl-C reaches every process of the group; only the coordinator acts on it (a worker
    interrupted inside the pool's queues could hang the pool: sim/batch/process_pool.py)."""
    victim = list(smoke_plan.runs())[11]
    inject(monkeypatch, StepFault("sigint", frozenset({victim.seed}), day=3))
    out = tmp_path / "sigint"
    assert batch(SMOKE, out, "--workers", "2") == 0
    _same_results(out, smoke_clean)


def test_deferred_interrupt_turns_sigint_into_a_flag_and_restores_the_handler():
    before = signal.getsignal(signal.SIGINT)
    with deferred_interrupt() as stop:
        assert not stop.is_set()
        os.kill(os.getpid(), signal.SIGINT)  # delivered to this (main) thread: no KeyboardInterrupt
        assert stop.wait(5)
    assert signal.getsignal(signal.SIGINT) is before


# --- refusals --------------------------------------------------------------------------------------------

def _refused(capsys, *args) -> str:
    assert batch(*args) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), captured.err
    return lines[0]


def test_another_sweeps_folder_is_refused_even_with_resume(smoke_sweep_copy, tmp_path, capsys):
    _, out = smoke_sweep_copy
    other = tmp_path / "other.yaml"
    other.write_text(SMOKE.read_text(encoding="utf-8").replace("root_seed: 1", "root_seed: 2")
                     .replace("base: ../oct2025.yaml", f"base: {SMOKE.parent.parent / 'oct2025.yaml'}"), encoding="utf-8")
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    manifest = (out / "manifest.jsonl").read_bytes()
    for extra in ((), ("--resume",)):
        message = _refused(capsys, other, out, "--workers", "1", *extra)
        assert str(out) in message and "another sweep" in message
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert (out / "manifest.jsonl").read_bytes() == manifest


def test_the_same_sweep_without_resume_is_refused(smoke_sweep_copy, capsys):
    sweep, out = smoke_sweep_copy
    message = _refused(capsys, sweep, out, "--workers", "1")
    assert str(out) in message and "--resume" in message
    # and a finished batch resumed again runs nothing and keeps its summary
    summary = (out / "summary.parquet").read_bytes()
    n = len(records(out))
    assert batch(sweep, out, "--workers", "1", "--resume") == 0
    assert len(records(out)) == n and (out / "summary.parquet").read_bytes() == summary


def test_a_folder_that_holds_something_else_is_refused(tmp_path, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    message = _refused(capsys, SMOKE, out, "--workers", "1")
    assert str(out) in message and "not empty" in message
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    message = _refused(capsys, SMOKE, out, "--workers", "1", "--resume")
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_a_scheduler_needs_the_dask_backend(tmp_path, capsys):
    out = tmp_path / "never"
    message = _refused(capsys, SMOKE, out, "--scheduler", "tcp://127.0.0.1:8786")
    assert "--scheduler" in message and "--backend dask" in message
    assert not out.exists()


# --- the Dask backend (last: a cluster leaves threads in this process) -----------------------------------

def test_dask_local_cluster_gives_the_same_results(smoke_clean, tmp_path):
    out = tmp_path / "dask"
    assert batch(SMOKE, out, "--backend", "dask", "--workers", "2") == 0
    _same_results(out, smoke_clean)
    assert len(records(out)) == 40


def test_dask_at_a_given_scheduler_gives_the_same_results(smoke_plan, smoke_clean, tmp_path):
    from dask.distributed import LocalCluster

    out = tmp_path / "dask-scheduler"
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        assert batch(SMOKE, out, "--backend", "dask", "--scheduler", cluster.scheduler_address) == 0
    _same_results(out, smoke_clean)
    assert len(records(out)) == 40
    meta = json.loads((out / "batch.json").read_text())
    assert meta["runs"] == 40 and meta["fingerprint"] == smoke_plan.fingerprint
