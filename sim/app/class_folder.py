"""Where a class is kept, and what ``escalation app --class`` says about it before the server starts.

A new class gets a folder of its own: ``out/classes/CODE``, or the folder ``--class-dir`` names. A folder
that already holds a class brings it back: its code and its teacher's key are read from its file, so the
join link on the board and the teacher's link still work after a restart. The folder is checked before any
server starts: one that holds something else, or cannot be written, is refused at once with its name.
Starting a new class beside a recent one says where that one is, in case the teacher meant to go on with it.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from sim.app.class_store import FILE, ClassStore, ClassStoreError
from sim.app.serving import new_class_code

DEFAULT_ROOT = Path("out") / "classes"
RECENT_S = 12 * 3600  # a class written this recently is pointed out when a new one starts


@dataclass(frozen=True)
class ClassFolder:
    folder: Path  # absolute: the server may not run where the command did
    code: str
    teacher_key: str
    lines: tuple[str, ...] = ()  # what the command prints about the folder


def open_class_folder(class_dir: str | Path | None, scenario_name: str, root: Path = DEFAULT_ROOT) -> ClassFolder:
    """The class of ``class_dir`` (made there if the folder is new or empty), or a new class under ``root``;
    ``ClassStoreError`` if the folder cannot be used."""
    if class_dir is None:
        code = new_class_code()
        while (root / code).exists():
            code = new_class_code()
        folder, hint = root / code, _recent_class(root)
    else:
        folder, code, hint = Path(class_dir), None, ()
    folder = folder.resolve()
    if ClassStore.holds_a_class(folder):
        return _brought_back(folder, scenario_name)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ClassStoreError(f"{folder} is not an empty folder and holds no class ({FILE}); choose another --class-dir")
    code = code or new_class_code()
    key = secrets.token_urlsafe(9)
    store = ClassStore(folder)
    try:
        store.set_meta(code=code, teacher_key=key, created=time.time())
    finally:
        store.close()
    return ClassFolder(folder, code, key, (*hint, f"the class is written as it goes to {folder}: if the server stops, "
                                                  f"`escalation app --class-dir {folder}` brings it back"))


def _brought_back(folder: Path, scenario_name: str) -> ClassFolder:
    store = ClassStore(folder)
    try:
        record = store.record()
    finally:
        store.close()
    meta = record.meta
    if not meta.get("code") or not meta.get("teacher_key"):
        raise ClassStoreError(f"{store.path} holds no class code or teacher's key; choose another --class-dir")
    last = (f"; last written {time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(record.last_written))}"
            if record.last_written else "")
    lines = [f"class {meta['code']} brought back from {store.path}: {len(record.joins)} joined, {len(record.games)} games, "
             f"{record.choices} choices, {record.debriefs} debriefs{last}"]
    dials = meta.get("dials")
    if dials:
        other = "" if dials.get("scenario_name") == scenario_name else f" (not {scenario_name}, given to this command)"
        lines.append(f"the class plays from its own start: scenario {dials.get('scenario_name')}{other}, "
                     f"seed {dials.get('seed')}, {meta.get('days')} days")
    return ClassFolder(folder, meta["code"], meta["teacher_key"], tuple(lines))


def _recent_class(root: Path) -> tuple[str, ...]:
    """A line naming the class under ``root`` written last, if within ``RECENT_S``."""
    try:
        files = [f for f in root.glob(f"*/{FILE}") if f.is_file()]
    except OSError:
        return ()
    if not files:
        return ()
    latest = max(files, key=lambda f: f.stat().st_mtime)
    written = max(latest.stat().st_mtime, *(w.stat().st_mtime for w in latest.parent.glob(f"{FILE}-wal")))
    if time.time() - written > RECENT_S:
        return ()
    return (f"note: this is a new class; class {latest.parent.name}, written at "
            f"{time.strftime('%H:%M', time.localtime(written))}, is in {latest.parent}: "
            f"`escalation app --class-dir {latest.parent}` goes on with it",)
