"""Make docs/classroom_first_view.png and docs/classroom_debrief.png from the running page.

    .venv/bin/python scripts/classroom_screenshots.py

Starts ``escalation app`` on a free port, opens it in Debian's headless Chromium (never a downloaded
browser), saves the first view as it opens, then plays Pakistan for 20 days (answer in kind up to
shelling, call for talks on day 6) and saves the debrief.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DAYS = 20


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the page did not answer at {url} within {seconds:.0f} s")


def choose(page, label: str) -> None:
    page.locator(".act-choice .v-input__slot").click()
    page.get_by_role("option", name=label, exact=True).click()


def main() -> int:
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen([sys.executable, "-m", "sim", "app", "scenarios/oct2025.yaml", "--port", str(port)],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_for(url)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            expect.set_options(timeout=60_000)
            page.goto(url)
            expect(page.locator(".levels-chart img")).to_be_visible()
            page.wait_for_timeout(1500)
            page.screenshot(path=str(DOCS / "classroom_first_view.png"))

            page.get_by_role("tab", name="Play an actor").click()
            page.locator(".play-start").click()
            for day in range(1, DAYS + 1):
                choose(page, "4 - artillery shelling" if day <= 3 else ("3 - small arms fire" if day <= 6 else "1 - warning"))
                if day == 6:
                    page.get_by_text("Call for talks (ask a mediator to host them)").click()
                page.locator(".play-day").click()
                expect(page.locator(".play-day-counter")).to_contain_text(f"Days played: {day} of")
            expect(page.locator(".debrief img")).to_be_visible()
            page.wait_for_timeout(1000)
            page.locator(".debrief").screenshot(path=str(DOCS / "classroom_debrief.png"))
            browser.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    print(f"wrote {DOCS / 'classroom_first_view.png'} and {DOCS / 'classroom_debrief.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
