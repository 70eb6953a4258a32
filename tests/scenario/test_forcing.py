"""A record forcing a run (sim/scenario/forcing.py, sim/record_events.py): rows become events on their days, each
kind does what its docstring says, and a bad province is reported at the record file's line."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sim.model import EscalationModel
from sim.scenario.errors import ScenarioError
from sim.scenario.forcing import record_events
from sim.scenario.loading import load_scenario
from tests.builders import quiet_world

START = dt.date(2022, 1, 1)
ATTACK = ("{date: 2022-01-03, place: X, province: Khyber, pakistan_military: 7, pakistan_civilian: 1, "
          "attackers: 2, claimed_by: TTP, blamed_on_afghanistan: %s, status: %s, source: 'Dawn, 2022-01-04'}")


def _record(folder, **files):
    folder.mkdir(exist_ok=True)
    for name, rows in files.items():
        (folder / f"{name}.yaml").write_text("rows:\n" + "".join(f"  - {r}\n" for r in rows), encoding="utf-8")
    return folder


def _forced(tmp_path, folder, days=20, **world):
    data = quiet_world(days=days, start_date=str(START), name="forced", **world)
    data["forcing"] = {"record": folder.name}
    path = tmp_path / "forced.yaml"
    path.write_text(json.dumps(data), encoding="utf-8")
    return load_scenario(path)


def test_rows_become_events_on_their_days_and_observations_never(tmp_path):
    folder = _record(tmp_path / "rec", attacks=[ATTACK % ("true", "core")],
                     tempo=["{date: 2021-12-01, end_date: 2022-01-10, attacks: 30, series: PICSS, factor: 0.5, "
                            "source: 'FACTS.md s.4'}"],
                     observations=["{date: 2022-01-05, actor: pakistan, act: strike, level: 5, province: Nangarhar, "
                                   "what: strike, source: 'AP, 2022-01-06'}"],
                     contacts=["{date: 2021-12-20, place: Kabul, kind: visit, host: taliban, what: a visit, "
                               "source: 'Dawn, 2021-12-21'}"])
    events = record_events(folder, START)
    assert [(e["type"], e["day"]) for e in events] == [("militant_attack", 2), ("ttp_surge", 0)]
    assert events[1]["days"] == 10 and events[1]["factor"] == 0.5  # 1-10 Jan: the part of the period in the run
    scenario = _forced(tmp_path, folder)
    assert [e.type for e in scenario.forcing.events] == ["militant_attack", "ttp_surge"]


def test_a_blamed_attack_is_perceived_as_the_ttps_and_an_unblamed_one_is_not(tmp_path):
    grievance = {}
    for blamed, status in (("true", "core"), ("false", "excluded")):
        folder = _record(tmp_path / f"rec_{blamed}", attacks=[ATTACK % (blamed, status)])
        scenario = _forced(tmp_path, folder, pakistan={"safe_haven_blame": 1.0, "grievance_per_militant_death": 1.0})
        model = EscalationModel(scenario, rng=1, days=4).run()
        attack = next(a for a in model.log.acts if a.day == 2 and "attack" in a.kind)
        assert attack.killed("pakistan_military") == 7 and attack.killed("ttp") == 2
        grievance[blamed] = model.pakistan.grievance
        assert model.log.ttp_attacks_total == (1 if blamed == "true" else 0)
    assert grievance["true"] > 0 and grievance["false"] == 0


def test_a_dispute_makes_the_objectors_posts_fire_in_that_sector_only_while_it_lasts(tmp_path):
    folder = _record(tmp_path / "rec", disputes=["{date: 2022-01-02, place: gate, province: Khyber, objector: taliban, "
                                                 "what: a gate, source: 'Dawn, 2022-01-03'}"])
    force = {"border_force": {"rule": {"name": "passive"}, "answer_delay_days": 0, "max_level": 4}}
    data_days = 12
    scenario = _forced(tmp_path, folder, days=data_days, both=force)
    scenario = scenario.model_copy(update={"forcing": scenario.forcing.model_copy(
        update={"dispute": scenario.forcing.dispute.model_copy(update={"fire_per_day": 1.0, "days": 3})})})
    model = EscalationModel(scenario, rng=1).run()
    fire = [(a.day, a.actor, a.provinces) for a in model.log.acts if a.kind == "small_arms_fire"]
    assert fire == [(1, "taliban", ("Khyber",)), (2, "taliban", ("Khyber",)), (3, "taliban", ("Khyber",)),
                    (4, "taliban", ("Khyber",))]  # from the dispute's day to its last: days 1 .. 1 + 3
    assert model.taliban.grievance > 0


def test_contacts_measures_and_a_regional_war_weigh_as_the_forcing_says(tmp_path):
    folder = _record(tmp_path / "rec",
                     measures=["{date: 2022-01-02, by: pakistan, kind: deportation, what: a drive, source: 'ARY, 2022'}"],
                     contacts=["{date: 2022-01-04, place: Kabul, kind: visit, host: taliban, what: a visit, "
                               "source: 'Dawn, 2022-01-05'}"],
                     shocks=["{date: 2022-01-03, kind: regional_war, mediators: [qatar], what: a war, "
                             "source: 'Salon, 2022-01-03'}"])
    mediator = {"qatar": {"display_name": "Qatar"}, "china": {"display_name": "China"}}
    scenario = _forced(tmp_path, folder, days=6, mediators=mediator, both={"grievance_decay": 1.0})
    model = EscalationModel(scenario, rng=1, days=3).run()  # days 0-2: the measure and the war, not the visit
    assert model.taliban.grievance == pytest.approx(4.0) and model.pakistan.grievance == 0
    assert {m.key: m.fatigue for m in model.mediators} == {"china": 0.0, "qatar": 0.5}
    model = EscalationModel(scenario, rng=1).run()  # and the visit on day 3 keeps 80% of it
    assert model.taliban.grievance == pytest.approx(3.2)


def test_an_unknown_province_in_the_record_is_an_error_at_its_line(tmp_path):
    folder = _record(tmp_path / "rec", attacks=[ATTACK.replace("Khyber", "Narnia") % ("true", "core")])
    with pytest.raises(ScenarioError, match=r"attacks.yaml:2:\d+: rows\[0\].province: unknown province 'Narnia'"):
        _forced(tmp_path, folder)


def test_a_record_folder_that_is_not_there_is_an_error_at_its_place(tmp_path):
    with pytest.raises(ScenarioError, match=r"forcing.record: record folder 'nowhere' is not a folder"):
        _forced(tmp_path, tmp_path / "nowhere")
