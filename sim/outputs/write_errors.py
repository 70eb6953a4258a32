"""When the disk says no: a command that cannot write says where, what it kept, and how to go on.

A full disk, a quota, a read-only or forbidden folder stop a batch, a hindcast or a calibration midway.
What was finished before is on disk and counts (a batch's runs with their manifest lines, a calibration's
stored generations); what was in flight is lost, as after a kill. Python's own message
(``OSError: [Errno 28] No space left on device``) said none of that: ``OutputWriteError`` names the folder
that could not be written and why, how much is kept and where, and, once the command has added it
(``with_resume``), the command that goes on from there. The command line prints it as one line and exits
with status 1, the status of an input/output error (docs/robustness.md).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path


class OutputWriteError(Exception):
    """``where`` could not be written (``reason``); ``kept`` says what is kept; ``resume``: the command to go on."""

    def __init__(self, where: Path | str, reason: str, kept: str, folder: Path | str | None = None,
                 resume: str | None = None):
        super().__init__(where, reason, kept)
        self.where, self.reason, self.kept = Path(where), reason, kept
        self.folder = Path(folder) if folder is not None else None  # the output folder, to copy elsewhere
        self.resume = resume

    def with_resume(self, command: str | None) -> OutputWriteError:
        return OutputWriteError(self.where, self.reason, self.kept, self.folder, command)

    def __str__(self) -> str:
        text = f"cannot write to {self.where} ({self.reason}): {self.kept}"
        if self.resume:
            fix = ("free some space" if self.reason.endswith(("ENOSPC", "EDQUOT"))
                   else "make the folder writable")
            if self.folder is not None:  # something to go on from
                text += (f"; {fix} (or copy {self.folder} to a disk with room and give the copy instead), "
                         f"then go on with: {self.resume}")
            else:
                text += f"; {fix} (or choose another folder), then run again: {self.resume}"
        return text


def reason(exc: BaseException) -> str:
    """``No space left on device, ENOSPC``: the system's words and the error's name."""
    exc = getattr(exc, "orig", None) or exc  # a database library's error wraps the driver's (SQLAlchemy)
    if isinstance(exc, OSError) and exc.errno is not None:
        name = errno.errorcode.get(exc.errno, str(exc.errno))
        return f"{exc.strerror or os.strerror(exc.errno)}, {name}"
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "disk is full" in text or "disk I/O error" in text:  # SQLite's words for ENOSPC and EIO
        return f"{text}, {'ENOSPC' if 'full' in text else 'EIO'}"
    return text


def where(exc: BaseException, default: Path | str) -> Path:
    """The folder an ``OSError`` is about (its file's folder), else ``default``."""
    name = getattr(exc, "filename", None)
    if not name:
        return Path(default)
    path = Path(os.fsdecode(name))
    return path if path.is_dir() else path.parent


def is_disk_error(exc: BaseException) -> bool:
    """An OSError from writing, or a database's "disk is full" / "readonly" / "unable to open" (SQLite)."""
    exc = getattr(exc, "orig", None) or exc
    if isinstance(exc, OSError):
        return True
    text = str(exc)
    return any(s in text for s in ("disk is full", "disk I/O error", "readonly database", "unable to open database"))


def size(folder: Path | str) -> int:
    """Bytes of the files under ``folder`` (what a full disk holds of it)."""
    total = 0
    for root, _, files in os.walk(folder):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
    return total


def size_text(n: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"
