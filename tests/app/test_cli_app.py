"""``escalation app``: problems found before the server starts give a message and exit 2 (the server itself
is started by the browser tests)."""

from __future__ import annotations

import socket

from sim.cli import main


def test_a_port_in_use_is_named(capsys):
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        assert main(["app", "scenarios/classroom.yaml", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"cannot serve the page on 127.0.0.1:{port}" in err and "--port N" in err and "Traceback" not in err


def test_a_bad_scenario_is_reported_before_any_server(tmp_path, capsys):
    from tests.conftest import SCENARIOS

    bad = tmp_path / "bad.yaml"
    bad.write_text(f"extends: {SCENARIOS / 'classroom.yaml'}\nrestraint_pressure: lots\n")
    assert main(["app", str(bad), "--port", "1"]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml:2" in err and "restraint_pressure" in err


def test_a_bad_port_is_refused(capsys):
    try:
        code = main(["app", "--port", "zero"])
    except SystemExit as exc:  # argparse
        code = exc.code
    assert code == 2


def test_the_class_options_parse():
    from sim.cli_args import build_parser

    args = build_parser().parse_args(["app", "--class", "--max-sessions", "35", "--host", "0.0.0.0"])
    assert args.class_mode and args.max_sessions == 35 and args.host == "0.0.0.0"
    plain = build_parser().parse_args(["app"])
    assert not plain.class_mode and plain.max_sessions == 40


def test_a_bad_sessions_cap_is_refused(capsys):
    for bad in ("0", "many"):
        try:
            code = main(["app", "--max-sessions", bad])
        except SystemExit as exc:  # argparse
            code = exc.code
        assert code == 2
    assert "--max-sessions" in capsys.readouterr().err
