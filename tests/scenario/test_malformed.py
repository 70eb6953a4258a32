"""Malformed scenarios: each error names file:line:column, the key path, what was expected and what was found.

Every case is a small YAML text written to ``tmp_path`` (most extend a copy of ``oct2025.yaml`` placed next
to it) and checked through ``escalation validate``: exit status 2, one ``error: FILE:LINE:COLUMN: KEY.PATH:``
line, the key words of the message, no traceback. Each case also names the text found at the position it
expects, and the test checks that the YAML really has that text there, so a position is never taken on trust.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sim.cli import main
from sim.scenario.yamlsafe import MAX_BYTES
from tests.builders import copy_shipped_scenario

ROOT = Path(__file__).resolve().parents[2]
OCT2025 = ROOT / "scenarios" / "oct2025.yaml"

BILLION_LAUGHS = """\
name: bomb
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


@dataclass
class Case:
    text: str  # the scenario file that is validated
    line: int  # 1-based
    column: int  # 1-based
    key_path: str  # "" for a problem with the file as a whole
    token: str  # what the file holds at line:column (checked, so the expected position is real)
    words: list[str]  # must all appear in the message
    others: dict[str, str] = field(default_factory=dict)  # more files next to it
    reported: str | None = None  # the file the error is in, if not the validated one


CASES: dict[str, Case] = {
    "misspelt_top_level_key": Case(
        "extends: oct2025.yaml\nrestraint_presure: 2.0\n",
        2, 1, "restraint_presure", "restraint_presure",
        ["unknown key 'restraint_presure'", "did you mean 'restraint_pressure'?", "expected one of:"],
    ),
    "misspelt_nested_key": Case(
        "extends: oct2025.yaml\nactors:\n  taliban:\n    grievance_decy: 0.5\n",
        4, 5, "actors.taliban.grievance_decy", "grievance_decy",
        ["unknown key 'grievance_decy'", "did you mean 'grievance_decay'?"],
    ),
    "misspelt_mediator_key": Case(
        "extends: oct2025.yaml\nmediators:\n  qatar:\n    presure: 0.1\n",
        4, 5, "mediators.qatar.presure", "presure",
        ["unknown key 'presure'", "did you mean 'pressure'?"],
    ),
    "unknown_rule_name": Case(
        "extends: oct2025.yaml\nactors:\n  taliban:\n    rule: {name: tit_for_tatt}\n",
        4, 18, "actors.taliban.rule.name", "tit_for_tatt",
        ["unknown rule name 'tit_for_tatt'", "did you mean 'tit_for_tat'?", "escalate"],
    ),
    "misspelt_rule_parameter": Case(
        "extends: oct2025.yaml\nactors:\n  taliban:\n    rule: {name: threshold, thetaa: 3.0}\n",
        4, 29, "actors.taliban.rule.thetaa", "thetaa",
        ["unknown key 'thetaa'", "did you mean 'theta'?"],
    ),
    "rule_parameter_out_of_range": Case(
        "extends: oct2025.yaml\nactors:\n  taliban:\n    rule:\n      name: escalate\n      step: 9\n",
        6, 13, "actors.taliban.rule.step", "9",
        ["expected a number <= 7", "found 9"],
    ),
    "wrong_type": Case(
        "extends: oct2025.yaml\ndays: many\n",
        2, 7, "days", "many",
        ["expected a whole number", "found 'many'"],
    ),
    "negative_value": Case(
        "extends: oct2025.yaml\nactors:\n  pakistan:\n    civilian_outrage: -0.5\n",
        4, 23, "actors.pakistan.civilian_outrage", "-0.5",
        ["expected a number >= 0", "found -0.5"],
    ),
    "block_where_a_mapping_belongs": Case(
        "extends: oct2025.yaml\nceasefire: [1, 2]\n",
        2, 12, "ceasefire", "[1, 2]",
        ["expected a mapping", "found a list"],
    ),
    "unknown_province_in_event": Case(
        "extends: oct2025.yaml\nevents:\n  - {day: 1, type: strike, actor: pakistan, province: Kabool}\n",
        3, 55, "events[0].province", "Kabool",
        ["unknown province 'Kabool'", "did you mean 'Kabul'?"],
    ),
    "unknown_province_of_ttp_cell": Case(
        "extends: oct2025.yaml\nttp:\n  cells:\n    - name: east\n      province: Nangahar\n      fighters: 100\n",
        5, 17, "ttp.cells[0].province", "Nangahar",
        ["unknown province 'Nangahar'", "did you mean 'Nangarhar'?"],
    ),
    "unknown_crossing_in_closure": Case(
        "extends: oct2025.yaml\nevents:\n  - day: 2\n    type: closure\n    actor: pakistan\n"
        "    crossings: [Torkham, Chamann]\n",
        6, 26, "events[0].crossings[1]", "Chamann",
        ["unknown crossing 'Chamann'", "did you mean 'Chaman'?", "Torkham"],
    ),
    "closure_crossings_neither_list_nor_all": Case(
        "extends: oct2025.yaml\nevents:\n  - {day: 2, type: closure, actor: pakistan, crossings: some}\n",
        3, 57, "events[0].crossings", "some",
        ["expected a list or 'all'", "found 'some'"],
    ),
    "unknown_mediator_in_call": Case(
        "name: calls\nmediators:\n  qatar: {pressure: 0.5}\nevents:\n  - day: 2\n    type: mediator_call\n"
        "    mediator: qatr\n",
        7, 15, "events[0].mediator", "qatr",
        ["unknown mediator 'qatr'", "did you mean 'qatar'?", "known: qatar"],
    ),
    "event_type_that_does_not_exist": Case(
        "extends: oct2025.yaml\nevents:\n  - day: 2\n    type: strke\n    actor: pakistan\n",
        4, 11, "events[0].type", "strke",
        ["unknown event type 'strke'", "did you mean 'strike'?", "policy_change"],
    ),
    "event_without_type": Case(
        "extends: oct2025.yaml\nevents:\n  - {day: 2, actor: pakistan}\n",
        3, 5, "events[0]", "{day: 2",
        ["required key 'type' is missing"],
    ),
    "event_missing_a_required_key": Case(
        "extends: oct2025.yaml\nevents:\n  - {day: 3, type: ttp_attack}\n",
        3, 5, "events[0].province", "{day: 3",
        ["required key 'province' is missing"],
    ),
    "event_day_past_the_horizon": Case(
        "extends: oct2025.yaml\ndays: 30\nevents:\n  - {day: 45, type: ceasefire}\n",
        4, 11, "events[0].day", "45",
        ["expected a day before the horizon", "days: 30", "found 45"],
    ),
    "misspelt_side_in_event_mapping_key": Case(
        "extends: oct2025.yaml\nevents:\n  - {day: 1, type: diplomatic_visit, actor: taliban, partner: India, "
        "grievance: {pakistn: 1.0}}\n",
        3, 82, "events[0].grievance.pakistn", "pakistn",
        ["expected one of 'pakistan' or 'taliban'", "found 'pakistn'", "did you mean 'pakistan'?"],
    ),
    "policy_change_with_unknown_field": Case(
        "extends: oct2025.yaml\nevents:\n  - day: 10\n    type: policy_change\n    actor: taliban\n    set:\n"
        "      grievance_decay: 0.5\n      ttp_restrain: 0.5\n",
        8, 7, "events[0].set.ttp_restrain", "ttp_restrain",
        ["unknown key 'ttp_restrain'", "did you mean 'ttp_restraint'?"],
    ),
    "policy_change_with_value_out_of_range": Case(
        "extends: oct2025.yaml\nevents:\n  - day: 10\n    type: policy_change\n    actor: pakistan\n    set:\n"
        "      counter_terror: 1.5\n",
        7, 23, "events[0].set.counter_terror", "1.5",
        ["expected a number <= 1", "found 1.5"],
    ),
    "policy_change_rule_without_name": Case(
        # set_policy replaces the rule whole, so a rule with no name would fail in the middle of a run
        "extends: oct2025.yaml\nevents:\n  - day: 10\n    type: policy_change\n    actor: pakistan\n    set:\n"
        "      rule: {theta: 20.0}\n",
        7, 13, "events[0].set.rule", "{theta",
        ["required key 'name' is missing"],
    ),
    "python_object_tag": Case(
        'name: evil\ndescription: !!python/object/apply:os.system ["echo hi"]\n',
        2, 14, "description", "!!python",
        ["tag '!!python/object/apply:os.system' is not allowed", "plain values only"],
    ),
    "python_object_tag_as_key": Case(
        'name: evil\n? !!python/object/apply:os.system ["echo hi"]\n: 1\n',
        2, 3, "", "!!python",
        ["tag '!!python/object/apply:os.system' is not allowed"],
    ),
    "custom_tag": Case(
        "name: custom\ndays: !days 30\n",
        2, 7, "days", "!days",
        ["tag '!days' is not allowed"],
    ),
    "alias_bomb": Case(
        BILLION_LAUGHS,
        7, 8, "f[0]", "*e",
        ["alias *e expands to 66430 values", "more than 100000", "refusing to read"],
    ),
    "merge_key": Case(
        "name: merged\nbase: &base {pressure: 0.5}\nmediators:\n  qatar:\n    <<: *base\n",
        5, 5, "mediators.qatar", "<<",
        ["merge keys ('<<') are not supported", "extends:"],
    ),
    "file_over_the_size_limit": Case(
        "name: big\ndescription: " + "x" * MAX_BYTES + "\n",
        1, 1, "", "name",
        [f"larger than {MAX_BYTES} bytes", "refusing to read"],
    ),
    "invalid_yaml_syntax": Case(
        "name: broken\ndays: [1, 2\nseed: 3\n",
        3, 5, "", ":",
        ["not valid YAML", "expected ',' or ']'", "flow sequence at line 2, column 7"],
    ),
    "bad_indentation": Case(
        "name: broken\ndays: 3\n  seed: 3\n",
        3, 7, "", ":",
        ["not valid YAML", "mapping values are not allowed here"],
    ),
    "bool_tag_that_is_no_bool": Case(
        "extends: oct2025.yaml\nactors:\n  taliban:\n    acknowledge_raids: !!bool maybe\n",
        4, 24, "actors.taliban.acknowledge_raids", "!!bool",
        ["cannot read 'maybe' as true or false"],
    ),
    "nested_too_deep": Case(
        "name: deep\ndays: " + "[" * 100 + "]" * 100 + "\n",
        2, 70, "", "[",
        ["nested more than 64 deep", "refusing to read"],
    ),
    "duplicate_key": Case(
        "name: dup\ndays: 10\nseed: 1\ndays: 20\n",
        4, 1, "days", "days",
        ["key 'days' appears twice", "first at line 2, column 1"],
    ),
    "duplicate_nested_key": Case(
        "extends: oct2025.yaml\nactors:\n  pakistan: {initial_level: 1, initial_level: 2}\n",
        3, 32, "actors.pakistan.initial_level", "initial_level",
        ["key 'initial_level' appears twice", "first at line 3, column 14"],
    ),
    "extends_a_missing_file": Case(
        "extends: oct2024.yaml\nname: missing_parent\n",
        1, 10, "extends", "oct2024.yaml",
        ["file 'oct2024.yaml' not found", "did you mean 'oct2025.yaml'?"],
    ),
    "extends_not_a_file_name": Case(
        "extends: [oct2025.yaml]\nname: listed_parent\n",
        1, 10, "extends", "[oct2025.yaml]",
        ["expected the file name of the scenario to extend", "found ['oct2025.yaml']"],
    ),
    "circular_extends": Case(
        "extends: b.yaml\nname: a\n",
        2, 10, "extends", "a.yaml",
        ["circular extends: a.yaml -> b.yaml -> a.yaml"],
        others={"b.yaml": "name: b\nextends: a.yaml\n"},
        reported="b.yaml",
    ),
    "extends_itself": Case(
        "name: selfish\nextends: a.yaml\n",
        2, 10, "extends", "a.yaml",
        ["circular extends: a.yaml -> a.yaml"],
    ),
    "parent_with_an_error": Case(
        "extends: parent.yaml\nname: child\n",
        3, 7, "seed", "-1",
        ["expected a number >= 0", "found -1"],
        others={"parent.yaml": "name: parent\ndays: 20\nseed: -1\n"},
        reported="parent.yaml",
    ),
    "top_level_list": Case(
        "- name: x\n- days: 3\n",
        1, 1, "", "- name",
        ["expected a mapping of scenario fields", "found a list"],
    ),
    "top_level_scalar": Case(
        "just some words\n",
        1, 1, "", "just",
        ["expected a mapping of scenario fields", "found a text"],
    ),
    "bad_geography_name": Case(
        "extends: oct2025.yaml\ngeography: durand_lin\n",
        2, 12, "geography", "durand_lin",
        ["unknown map 'durand_lin'", "did you mean 'durand_line'?", "classroom_map"],
    ),
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy_shipped_scenario("oct2025.yaml", tmp_path / "oct2025.yaml")
    return tmp_path


def _error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("error: ")]


def test_there_are_many_cases():
    assert len(CASES) >= 14


@pytest.mark.parametrize("case_id", list(CASES))
def test_malformed_scenario_is_reported_with_its_place(case_id, folder, capsys):
    case = CASES[case_id]
    path = folder / "a.yaml"
    path.write_text(case.text, encoding="utf-8")
    for name, text in case.others.items():
        (folder / name).write_text(text, encoding="utf-8")
    reported = folder / (case.reported or "a.yaml")

    # the expected position is where the token really is in the file the error points into
    written = reported.read_text(encoding="utf-8").splitlines()
    assert written[case.line - 1][case.column - 1:].startswith(case.token), (case.line, case.column, case.token)

    started = time.perf_counter()
    status = main(["validate", str(path)])
    elapsed = time.perf_counter() - started
    out, err = capsys.readouterr()

    assert status == 2
    assert "Traceback" not in out + err
    assert "ok:" not in out
    lines = _error_lines(err)
    assert lines, err
    prefix = f"error: {reported}:{case.line}:{case.column}: " + (f"{case.key_path}: " if case.key_path else "")
    matching = [line for line in lines if line.startswith(prefix)]
    assert matching, f"no line starts with {prefix!r}:\n{err}"
    for word in case.words:
        assert word in matching[0], f"{word!r} not in {matching[0]!r}"
    assert elapsed < 3.0, f"took {elapsed:.1f} s"


def test_python_tag_runs_nothing(folder, capsys):
    marker = folder / "pwned"
    path = folder / "evil.yaml"
    path.write_text(f'name: evil\ndescription: !!python/object/apply:os.system ["touch {marker}"]\n')
    assert main(["validate", str(path)]) == 2
    assert not marker.exists()
    assert "Traceback" not in "".join(capsys.readouterr())


def test_alias_bomb_is_refused_quickly(folder, capsys):
    path = folder / "bomb.yaml"
    path.write_text(BILLION_LAUGHS)
    import sim.scenario.loading  # noqa: F401 - the first validate imports the schema (~0.6 s): not what is timed

    started = time.perf_counter()
    assert main(["validate", str(path)]) == 2
    assert time.perf_counter() - started < 1.0
    assert "alias bomb" in capsys.readouterr().err


def test_modest_aliases_are_fine(folder, capsys):
    path = folder / "aliases.yaml"
    path.write_text("extends: oct2025.yaml\nmediators:\n  qatar:\n    leverage: &even {pakistan: 0.5, taliban: 0.5}\n"
                    "  turkiye:\n    leverage: *even\n")
    assert main(["validate", str(path)]) == 0, capsys.readouterr().err


def test_missing_file(folder, capsys):
    path = folder / "nowhere.yaml"
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"error: {path}:1:1: cannot read file" in err and "Traceback" not in err


def test_every_file_is_checked_and_each_bad_one_reported(folder, capsys):
    bad1, bad2 = folder / "bad1.yaml", folder / "bad2.yaml"
    bad1.write_text("extends: oct2025.yaml\ndays: many\n")
    bad2.write_text("extends: oct2025.yaml\nseed: -1\n")
    assert main(["validate", str(bad1), str(folder / "oct2025.yaml"), str(bad2)]) == 2
    out, err = capsys.readouterr()
    assert "ok: " in out and "oct2025" in out
    assert f"error: {bad1}:2:7: days: " in err and f"error: {bad2}:2:7: seed: " in err


def test_several_problems_in_one_file_are_all_reported(folder, capsys):
    path = folder / "many.yaml"
    path.write_text("extends: oct2025.yaml\ndays: 0\nseverity_base: 1.0\nactors:\n  taliban:\n    atribution: 0.5\n")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"error: {path}:2:7: days: expected a number >= 1; found 0" in err
    assert f"error: {path}:3:16: severity_base: expected a number > 1" in err
    assert f"error: {path}:6:5: actors.taliban.atribution: unknown key 'atribution'; did you mean 'attribution'?" in err


def test_errors_after_extends_point_into_the_child(folder, capsys):
    """The child's list replaces the parent's: a problem in it is the child's, not the parent's old item's."""
    path = folder / "child.yaml"
    path.write_text("extends: oct2025.yaml\nevents:\n  - {day: 0, type: strike, actor: pakistan}\n")
    assert main(["validate", str(path)]) == 2
    assert f"error: {path}:3:5: events[0].province: required key 'province' is missing" in capsys.readouterr().err


# --- --set overrides -----------------------------------------------------------------------------

SET_CASES = {
    "no_equals_sign": ("days", 1, "days", "days", ["expected KEY=VALUE", "found 'days'"]),
    "unknown_key_path": ("actors.talibn.rule.step=2", 8, "actors.talibn", "talibn",
                         ["unknown key 'talibn'", "did you mean 'taliban'?"]),
    "unknown_top_level_key": ("dayz=30", 1, "dayz", "dayz", ["unknown key 'dayz'", "did you mean 'days'?"]),
    "misspelt_leaf_key": ("actors.taliban.grievance_decy=0.5", 16, "actors.taliban.grievance_decy", "grievance_decy",
                          ["unknown key 'grievance_decy'", "did you mean 'grievance_decay'?"]),
    "wrong_type_of_value": ("days=many", 6, "days", "many", ["expected a whole number", "found 'many'"]),
    "value_out_of_range": ("actors.taliban.rule={name: escalate, step: 9}", 44, "actors.taliban.rule.step", "9",
                           ["expected a number <= 7", "found 9"]),
    "list_item_that_does_not_exist": ("events.9.day=3", 8, "events[9]", "9",
                                      ["expected an item number from 0 to 4", "found 9"]),
    "empty_part": ("actors..rule=1", 8, "actors..rule", "", ["expected a key path like a.b.c"]),
    "invalid_yaml_value": ("days=[1", 8, "days", "", ["not valid YAML", "flow sequence at column 6"]),
    "tag_in_value": ("description=!!python/object/apply:os.system [x]", 13, "description", "!!python",
                     ["tag '!!python/object/apply:os.system' is not allowed"]),
}


@pytest.mark.parametrize("case_id", list(SET_CASES))
def test_bad_set_is_reported_with_its_place(case_id, folder, capsys):
    text, column, key_path, token, words = SET_CASES[case_id]
    assert text[column - 1:].startswith(token)
    status = main(["validate", str(folder / "oct2025.yaml"), "--set", text])
    out, err = capsys.readouterr()
    assert status == 2
    assert "Traceback" not in out + err and "ok:" not in out
    prefix = f"error: <--set {text}>:1:{column}: {key_path}: "
    matching = [line for line in _error_lines(err) if line.startswith(prefix)]
    assert matching, f"no line starts with {prefix!r}:\n{err}"
    for word in words:
        assert word in matching[0], f"{word!r} not in {matching[0]!r}"


# --- "writes nothing" ------------------------------------------------------------------------------

@pytest.mark.parametrize("case_id", ["misspelt_top_level_key", "python_object_tag", "alias_bomb", "invalid_yaml_syntax",
                                     "circular_extends", "unknown_province_in_event"])
def test_run_with_a_bad_scenario_exits_2_and_writes_nothing(case_id, folder, capsys, monkeypatch):
    case = CASES[case_id]
    path = folder / "a.yaml"
    path.write_text(case.text)
    for name, text in case.others.items():
        (folder / name).write_text(text)
    monkeypatch.chdir(folder)
    before = sorted(p.name for p in folder.iterdir())
    out_dir = folder / "results"
    assert main(["run", str(path), "--out", str(out_dir)]) == 2
    out, err = capsys.readouterr()
    assert err.startswith("error: ") and "Traceback" not in out + err
    assert not out_dir.exists()
    assert sorted(p.name for p in folder.iterdir()) == before  # nor out/ in the working folder


def test_run_with_a_bad_set_writes_nothing(folder, capsys, monkeypatch):
    monkeypatch.chdir(folder)
    out_dir = folder / "results"
    assert main(["run", str(folder / "oct2025.yaml"), "--set", "actors.talibn.rule.step=2", "--out", str(out_dir)]) == 2
    err = capsys.readouterr().err
    assert "error: <--set actors.talibn.rule.step=2>:1:8: actors.talibn: unknown key 'talibn'" in err
    assert not out_dir.exists() and not (folder / "out").exists()


def test_too_many_plain_values_are_refused_at_the_first_one_past_the_limit(monkeypatch):
    import sim.scenario.yamlsafe as yamlsafe

    limit = 50  # the same check as at 100,000 values, quicker to compose
    monkeypatch.setattr(yamlsafe, "MAX_NODES", limit)
    text = "name: many\nitems:\n" + "".join(f"- {i}\n" for i in range(limit))
    with pytest.raises(yamlsafe.YamlProblem) as problem:
        yamlsafe.read_yaml_text(text, "many.yaml")
    # the root, name and the list are 3 values: the list's item limit - 3 is the first one too many
    assert problem.value.where.line == 3 + limit - 3 and f"more than {limit} values" in problem.value.message
    assert problem.value.path == ("items", limit - 3)
    data, _ = yamlsafe.read_yaml_text("name: fine\nitems:\n" + "".join(f"- {i}\n" for i in range(limit - 3)))
    assert len(data["items"]) == limit - 3
