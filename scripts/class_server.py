"""``escalation app --class`` started for a developer tool (the screenshots, the load benchmark).

    from scripts.class_server import ClassServer
    with ClassServer(["--max-sessions", "40"]) as server:
        server.url, server.code, server.key

The server runs on a free port of 127.0.0.1 in its own process group, as the browser tests run it:
offline (an unreachable proxy), so that a missing front-end asset shows instead of being fetched.
Leaving the ``with`` block stops it.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OFFLINE = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "NO_PROXY": "127.0.0.1,localhost"}
SCENARIO = "scenarios/oct2025.yaml"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ClassServer:
    def __init__(self, args: list[str] = (), scenario: str = SCENARIO):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = tempfile.mkdtemp(prefix="class-")  # the class's file: gone with the server
        self.cmd = [sys.executable, "-m", "sim", "app", scenario, "--class-dir", self.folder, "--port", str(self.port),
                    *args]

    def __enter__(self) -> ClassServer:
        self.process = subprocess.Popen(self.cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True, env={**os.environ, **OFFLINE}, start_new_session=True)
        lines = []
        while not any("Solara server is starting" in ln for ln in lines):
            line = self.process.stdout.readline()
            if not line:
                raise SystemExit("the page server stopped before it started:\n" + "".join(lines))
            lines.append(line)
        threading.Thread(target=self.process.stdout.read, daemon=True).start()  # keep its pipe from filling up
        text = "".join(lines)
        self.code = re.search(r"class code (\w+)", text).group(1)
        self.key = re.search(r"\?teacher=(\S+)", text).group(1)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2):
                    return self
            except OSError:
                time.sleep(0.25)
        self.__exit__()
        raise SystemExit(f"the page did not answer at {self.url} within 60 s")

    def __exit__(self, *exc) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=20)
        shutil.rmtree(self.folder, ignore_errors=True)
