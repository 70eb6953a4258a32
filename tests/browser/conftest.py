"""Fixtures for the browser tests of the classroom page (``escalation app``).

One page server and one headless Chromium for the whole session; a fresh browser context (its own
Solara session, so its own run) for every test. The browser is Debian's ``/usr/bin/chromium``, driven
by the ``playwright`` package: no browser is ever downloaded. A missing browser or missing page assets
make the tests FAIL, not skip: a browser test that did not run proves nothing.

The page must work offline: the browser may only talk to the page's own server (anything else is
aborted and recorded), and the server runs with an unreachable HTTP proxy, so a missing front-end
asset it would otherwise fetch from a CDN on the fly breaks the page visibly instead of being hidden
by the network.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts" / "browser"
SCENARIO = "scenarios/oct2025.yaml"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
SERVER_START_TIMEOUT = 60.0
TIMEOUT_MS = 30_000  # CI machines are slow: every wait on the page allows this long


@dataclass
class Server:
    url: str
    log: Path
    process: subprocess.Popen

    def output(self, tail: int = 60, since: int = 0) -> str:
        """The server's last ``tail`` lines of output, from byte ``since`` of its log on."""
        with open(self.log, "rb") as f:
            f.seek(since)
            lines = f.read().decode("utf-8", errors="replace").splitlines()
        return "\n".join(lines[-tail:]) or "(no output)"

    def log_size(self) -> int:
        return self.log.stat().st_size


@dataclass
class BrowserLog:
    """What went wrong in the browser during one test (asserted on by the tests that care)."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return ([f"console error: {m}" for m in self.console_errors]
                + [f"uncaught page error: {m}" for m in self.page_errors]
                + [f"request outside 127.0.0.1 (aborted: the page must work offline): {u}"
                   for u in self.external_requests]
                + [f"failed request: {m}" for m in self.failed_requests])


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives the classroom page in headless Chromium (tests/browser)")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so the ``page`` fixture can screenshot a failed test."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname in LOCAL_HOSTS


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Screenshots (``tests/artifacts/.gitignore`` keeps PNGs out of git); a failed test leaves FAILED-<test>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for stale in ARTIFACTS.glob("FAILED-*.png"):
        stale.unlink()
    return ARTIFACTS


@pytest.fixture(scope="session")
def page_assets() -> None:
    """The page's JavaScript, CSS and fonts in the venv (``python -m sim.app.assets``), else fail."""
    from sim.app.assets import cache_dir, ensure_installed, missing

    absent = missing()
    if absent and not ensure_installed(quiet=True):
        still = ", ".join(p.spec for p in missing())
        pytest.fail(f"the page's front-end assets are missing from {cache_dir()} ({still}) and could not be "
                    "installed from the npm registry; run `python -m sim.app.assets` with internet access once.",
                    pytrace=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def start_server(log: Path, *args: str, port: int | None = None) -> Server:
    """``escalation app scenarios/oct2025.yaml ARGS`` on ``port`` (default: a free one), in its own process
    group, answering."""
    port = port or _free_port()
    env = {**os.environ,
           # the server can reach nothing but itself: a CDN fetch for a missing asset fails visibly
           "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
           "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
           "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
           "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "sim.cli", "app", SCENARIO, "--port", str(port), *args]
    with open(log, "ab") as out:  # a server started again on the same log goes on after the first's lines
        process = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   env=env, start_new_session=True)
    srv = Server(url=f"http://127.0.0.1:{port}/", log=log, process=process)
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while True:
        if process.poll() is not None:
            pytest.fail(f"the page server exited with code {process.returncode} before answering:\n"
                        f"$ {' '.join(cmd)}\n{srv.output()}", pytrace=False)
        try:
            with urllib.request.urlopen(srv.url, timeout=5) as response:
                if response.status == 200:
                    return srv
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            _stop(process)
            pytest.fail(f"the page server did not answer 200 on {srv.url} within {SERVER_START_TIMEOUT:.0f} s:"
                        f"\n$ {' '.join(cmd)}\n{srv.output()}", pytrace=False)
        time.sleep(0.25)


@pytest.fixture(scope="session")
def server(page_assets, tmp_path_factory) -> Server:
    """``escalation app scenarios/oct2025.yaml`` on a free port."""
    srv = start_server(tmp_path_factory.mktemp("page-server") / "server.log")
    try:
        yield srv
    finally:
        _stop(srv.process)


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        except PlaywrightError as exc:
            version = subprocess.run([str(chromium), "--version"], check=False, capture_output=True,
                                     text=True).stdout.strip()
            pytest.fail(f"playwright could not start {chromium} ({version or 'version unknown'}): {exc}",
                        pytrace=False)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def browser_log() -> BrowserLog:
    return BrowserLog()


class Pages:
    """Opens pages on a server, each in a context of its own (its own Solara session, so its own seat and
    run), logging what goes wrong in the browser; closes them all after the test, screenshots first if the
    test failed. A page is closed before its context, so that it tells the server (and gives its seat back)."""

    def __init__(self, browser, browser_log: BrowserLog, artifacts_dir: Path, request):
        self.browser, self.log, self.artifacts, self.request = browser, browser_log, artifacts_dir, request
        self.opened: list = []

    def open(self, server: Server, path: str = "", wait_for: str | None = ".day-counter"):
        from playwright.sync_api import Error as PlaywrightError

        context = self.browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        log = self.log

        def route(r):
            if _is_local(r.request.url):
                r.continue_()
            else:
                log.external_requests.append(r.request.url)
                r.abort("internetdisconnected")

        context.route("**/*", route)
        pg = context.new_page()
        pg.on("console", lambda m: log.console_errors.append(f"{m.text} ({m.location})") if m.type == "error" else None)
        pg.on("pageerror", lambda exc: log.page_errors.append(str(exc)))
        pg.on("requestfailed", lambda r: log.failed_requests.append(f"{r.url}: {r.failure}") if _is_local(r.url) else None)
        self.opened.append((context, pg))
        try:
            pg.goto(server.url + path)
            if wait_for:
                pg.locator(wait_for).first.wait_for()
        except PlaywrightError as exc:
            pytest.fail(f"the page {path or '/'} did not show {wait_for}: {exc}\n" + "\n".join(log.problems())
                        + f"\nserver output:\n{server.output()}", pytrace=False)
        return pg

    def close(self) -> None:
        from playwright.sync_api import Error as PlaywrightError

        report = getattr(self.request.node, "report_call", None)
        for i, (context, pg) in enumerate(self.opened):
            if report is not None and report.failed:
                name = re.sub(r"[^\w.-]+", "_", self.request.node.name) + (f"-{i}" if i else "")
                try:
                    pg.screenshot(path=str(self.artifacts / f"FAILED-{name}.png"), full_page=True)
                except PlaywrightError:
                    pass
            try:
                pg.close()
            except PlaywrightError:
                pass
            context.close()


@pytest.fixture
def pages(browser, browser_log, artifacts_dir, request):
    opener = Pages(browser, browser_log, artifacts_dir, request)
    try:
        yield opener
    finally:
        opener.close()


@pytest.fixture
def page(pages, server):
    """A fresh page (its own context, hence its own Solara session) opened on the server, day 0 shown."""
    return pages.open(server)
