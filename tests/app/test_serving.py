"""How ``escalation app`` serves the page: the settings it hands the server, the lines it prints."""

from __future__ import annotations

import re

from pathlib import Path

from sim.app import serving
from sim.app.class_folder import ClassFolder
from sim.app.seats import DEFAULT_LIMIT

KLASS = ClassFolder(Path("/tmp/class"), "K7QMD", "the-key", ("the class is written as it goes to /tmp/class",))


def test_settings_read_back_what_the_command_set():
    env, lines = serving.server_env("127.0.0.1", 8765, 12, KLASS)
    s = serving.settings(env)
    assert (s.class_code, s.teacher_key, s.class_dir) == ("K7QMD", "the-key", Path("/tmp/class"))
    assert s.max_sessions == 12 and s.join_url == f"http://127.0.0.1:8765/?class={s.class_code}"
    assert env["REACTON_FAST"] == "1" and env["SOLARA_KERNEL_CULL_TIMEOUT"] == serving.PAGE_TIMEOUT
    assert KLASS.lines[0] in lines  # where the class is written


def test_without_a_class_there_is_no_code_and_a_bad_limit_falls_back():
    env, lines = serving.server_env("127.0.0.1", 8765, 40)
    assert serving.CLASS_CODE not in env and serving.settings(env).class_code is None
    assert lines == ["at most 40 browsers at once (--max-sessions N)"]
    assert serving.settings({serving.MAX_SESSIONS: "zero"}).max_sessions == DEFAULT_LIMIT
    assert serving.settings({}).max_sessions == DEFAULT_LIMIT


def test_a_class_on_the_network_prints_the_join_link_and_the_teachers(monkeypatch):
    monkeypatch.setattr(serving, "lan_address", lambda: "192.168.1.23")
    env, lines = serving.server_env("0.0.0.0", 8765, 40, KLASS)
    code, key = env[serving.CLASS_CODE], env[serving.TEACHER_KEY]
    assert "students' devices on this network open http://192.168.1.23:8765/" in lines
    assert f"class code {code}: students join at http://192.168.1.23:8765/?class={code}" in lines
    assert f"teacher's view (keep this link to yourself): http://127.0.0.1:8765/?teacher={key}" in lines
    assert not any("only this computer" in line for line in lines)


def test_a_class_on_this_computer_only_says_how_to_open_it_up():
    _, lines = serving.server_env("127.0.0.1", 8765, 40, KLASS)
    assert any("--host 0.0.0.0" in line for line in lines)


def test_class_codes_are_easy_to_read_and_differ():
    codes = {serving.new_class_code() for _ in range(50)}
    assert len(codes) > 45
    assert all(re.fullmatch(f"[{serving.CODE_LETTERS}]{{{serving.CODE_LENGTH}}}", c) for c in codes)
    assert not set("01OI") & set(serving.CODE_LETTERS)


def test_the_lan_address_is_an_address():
    assert re.fullmatch(r"\d+\.\d+\.\d+\.\d+|\S+", serving.lan_address())
