"""A file another file names, when it cannot be used: the referring file:line:column first, then the target, and
whether the target is missing, a directory, unreadable or not a mapping (every command that reads one)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.cli import main

ROOT = Path(__file__).resolve().parents[2]
OCT2025 = ROOT / "scenarios" / "oct2025.yaml"

# target name -> (how to make it in tmp_path, words the message must say)
TARGETS = {
    "missing": (None, "not found: there is no"),
    "directory": ("dir", "is a directory"),
    "text": ("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n", "not a YAML mapping"),
    "list": ("- a\n- b\n", "not a YAML mapping"),
    "broken": ("name: [\n", "cannot be read"),
    "binary": (b"\xff\xfe\x00garbage", "not UTF-8"),
}


def _target(tmp_path: Path, kind: str) -> str:
    content, _ = TARGETS[kind]
    path = tmp_path / f"target_{kind}.yaml"
    if content == "dir":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    return path.name


def _referrers(tmp_path: Path, name: str) -> list[tuple[list[str], Path, str, str]]:
    """(argv, referring file, line:column of the name, key) for each kind of file that names another."""
    files = {
        "extends": ("s.yaml", f"name: s\nextends: {name}\n", "2:10", ["validate"]),
        "base": ("w.yaml", f"name: w\nbase: {name}\nreplicates: 1\n", "2:7", ["batch", "--out", str(tmp_path / "o")]),
        "scenario": ("e.yaml", f"name: e\nscenario: {name}\ntargets:\n  open_war: {{value: false, source: s}}\n",
                     "2:11", ["hindcast", "--out", str(tmp_path / "o")]),
        "priors": ("c.yaml", f"priors: {name}\nepisodes: [{ROOT}/episodes/oct2025.yaml]\n", "1:9",
                   ["calibrate", "--out", str(tmp_path / "o")]),
        "episodes[0]": ("c2.yaml", f"priors: {ROOT}/calibration/priors.yaml\nepisodes:\n  - {name}\n", "3:5",
                        ["calibrate", "--out", str(tmp_path / "o")]),
    }
    out = []
    for key, (file, text, at, argv) in files.items():
        path = tmp_path / file
        path.write_text(text)
        out.append((argv[:1] + [str(path)] + argv[1:], path, at, key))
    return out


@pytest.mark.parametrize("kind", sorted(TARGETS))
def test_a_bad_target_is_reported_where_it_is_named(kind, tmp_path, capsys):
    name = _target(tmp_path, kind)
    for argv, path, at, key in _referrers(tmp_path, name):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        first = err.splitlines()[0]
        assert first.startswith(f"error: {path}:{at}: {key}: ") and name in first, first
        assert TARGETS[kind][1] in first and "Traceback" not in err
        assert not (tmp_path / "o").exists()


def test_a_device_is_refused_not_read_forever(tmp_path, capsys):
    path = tmp_path / "s.yaml"
    path.write_text("name: s\nextends: /dev/zero\n")
    assert main(["validate", str(path)]) == 2
    assert f"{path}:2:10: extends: scenario file '/dev/zero' cannot be read" in capsys.readouterr().err
    assert main(["validate", "/dev/zero"]) == 2
    assert "larger than" in capsys.readouterr().err


def test_a_missing_file_in_a_chain_is_reported_by_the_file_that_names_it(tmp_path, capsys):
    (tmp_path / "a.yaml").write_text("name: a\nextends: b.yaml\n")
    (tmp_path / "b.yaml").write_text("# b extends c\nextends: c.yaml\n")
    assert main(["validate", str(tmp_path / "a.yaml")]) == 2
    assert capsys.readouterr().err.startswith(f"error: {tmp_path / 'b.yaml'}:2:10: extends: scenario file 'c.yaml' not found")


@pytest.mark.parametrize("kind, words", [("missing", "not found"), ("directory", "is a directory"),
                                         ("text", "cannot be read")])
def test_a_bad_posterior_is_reported_where_it_is_named(kind, words, tmp_path, capsys):
    name = _target(tmp_path, kind)
    path = tmp_path / "s.yaml"
    path.write_text(f"extends: {OCT2025}\nposterior: {name}\n")
    assert main(["validate", str(path)]) == 2
    first = capsys.readouterr().err.splitlines()[0]
    assert first.startswith(f"error: {path}:2:12: posterior: posterior file {name!r}") and words in first


def test_a_name_with_a_nul_character_is_refused_where_it_is_written(tmp_path, capsys):
    """Found by the fuzz harness: Path.resolve raised ValueError (exit 1) on `extends:` with a NUL in it."""
    path = tmp_path / "s.yaml"
    path.write_text('name: s\nextends: "a\\0b.yaml"\n')
    assert main(["validate", str(path)]) == 2
    assert capsys.readouterr().err.startswith(f"error: {path}:2:10: extends: expected a file name; found 'a\\x00b.yaml'")
