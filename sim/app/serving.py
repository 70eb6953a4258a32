"""How ``escalation app`` serves the page: to this computer, to a network, to a class.

The command works out the settings (with ``--class``, the class's code, the teacher's key and the folder the
class is written to, from ``class_folder.py``; the limit of browsers, the address students type) and hands
them to the server process through its environment; the page reads them back with :func:`settings`.
Nothing here starts a server.
"""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass
from pathlib import Path

from sim.app.seats import DEFAULT_LIMIT

CLASS_CODE, TEACHER_KEY, JOIN_URL, MAX_SESSIONS, CLASS_DIR = (
    "ESCALATION_CLASS_CODE", "ESCALATION_TEACHER_KEY", "ESCALATION_JOIN_URL", "ESCALATION_MAX_SESSIONS",
    "ESCALATION_CLASS_DIR")
EVERY_ADDRESS = ("0.0.0.0", "::", "")
# a page whose browser vanished without closing it (a laptop put to sleep) gives its place back after
# this long; the student's game is kept, a reload finds it again
PAGE_TIMEOUT = "2m"
CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread from a projector
CODE_LENGTH = 5


@dataclass(frozen=True)
class Settings:
    class_code: str | None = None  # set: the server runs a class (``--class``)
    teacher_key: str | None = None
    join_url: str | None = None
    max_sessions: int = DEFAULT_LIMIT
    class_dir: Path | None = None  # the folder the class is written to


def settings(environ=None) -> Settings:
    env = os.environ if environ is None else environ
    limit = env.get(MAX_SESSIONS, "")
    return Settings(class_code=env.get(CLASS_CODE) or None, teacher_key=env.get(TEACHER_KEY) or None,
                    join_url=env.get(JOIN_URL) or None,
                    max_sessions=int(limit) if limit.isdigit() and int(limit) > 0 else DEFAULT_LIMIT,
                    class_dir=Path(env[CLASS_DIR]) if env.get(CLASS_DIR) else None)


def new_class_code() -> str:
    # not the model's randomness: a code must differ from class to class, never repeat with a seed
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))


def lan_address() -> str:
    """This computer's address on its network (what a student's device reaches it by)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.254.254.254", 1))  # a UDP connect sends nothing: it only picks the route
            return probe.getsockname()[0]
        except OSError:
            return socket.gethostname()


def server_env(host: str, port: int, max_sessions: int, klass=None) -> tuple[dict[str, str], list[str]]:
    """``(environment for the server, lines to print)`` for ``escalation app``; ``klass``: the class it runs
    (a ``class_folder.ClassFolder``), if any."""
    env = {MAX_SESSIONS: str(max_sessions), "SOLARA_KERNEL_CULL_TIMEOUT": PAGE_TIMEOUT,
           # reacton's renderer that walks only the parts a change touched: a day's Step costs a few
           # milliseconds instead of a walk of the whole page (docs/classroom.md, "Serving a class")
           "REACTON_FAST": "1"}
    everyone = host in EVERY_ADDRESS
    base = f"http://{lan_address() if everyone else host}:{port}/"
    lines = [f"students' devices on this network open {base}"] if everyone else []
    if klass is not None:
        code, key = klass.code, klass.teacher_key
        join = f"{base}?class={code}"
        env.update({CLASS_CODE: code, TEACHER_KEY: key, JOIN_URL: join, CLASS_DIR: str(klass.folder)})
        own = "127.0.0.1" if everyone else host
        lines += [*klass.lines, f"class code {code}: students join at {join}",
                  f"teacher's view (keep this link to yourself): http://{own}:{port}/?teacher={key}"]
        if host in ("127.0.0.1", "localhost"):
            lines.append("note: only this computer can open the page; start with --host 0.0.0.0 for students' devices")
    lines.append(f"at most {max_sessions} browsers at once (--max-sessions N)")
    return env, lines
