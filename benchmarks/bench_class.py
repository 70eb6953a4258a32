"""Load benchmark of the classroom page serving a class: N students join and each plays D days.

    .venv/bin/python benchmarks/bench_class.py [--students 30] [--days 10] [--interval 1.0] [--browsers 0]

Starts ``escalation app --class`` on a free port, offline as the browser tests run it, with the teacher's
page open (its live table follows every game). Each student opens the join link, joins with a name,
starts a game (half play Pakistan, half the Taliban administration) and presses "Play this day" D times,
once every ``--interval`` seconds (0: as fast as the server answers), student i starting i/N of an
interval after the first (a class does not click in step; ``--in-step``: all at the same instant).

Students are clients at the page's websocket level: they exchange with the server exactly the messages a
browser does (Jupyter widget messages: the page's widgets arrive, a click goes back), without drawing.
``--browsers K`` makes K of them real headless Chromium pages (one Chromium, a context each), to measure
what the browsers add: their own latency (the click to the day shown in the page) and CPU.

A Step's latency: from sending the click to the server's "idle" for it (every update of that day sent),
or, in a browser, to the page showing the new day. Server CPU: the server process's user + system time
during the stepping only (joining is reported apart), divided by the student-days played. The last line
is machine-readable.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import struct
import sys
import time
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path

import psutil
import websockets

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from scripts.class_server import ClassServer  # noqa: E402
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SIDES = ("Pakistan", "Taliban administration")


def _unpack(raw) -> dict:
    if isinstance(raw, str):
        return json.loads(raw)
    n = struct.unpack("!i", raw[:4])[0]  # Jupyter's binary message: the JSON part comes first
    offsets = struct.unpack("!" + "I" * n, raw[4:4 * (n + 1)])
    return json.loads(raw[offsets[0]:offsets[1] if n > 1 else None].decode())


class PageClient:
    """One browser's conversation with the page, without the browser: the widgets' states by model id."""

    def __init__(self, base: str):
        self.base, self.session, self.models = base, uuid.uuid4().hex, {}
        self.changed = asyncio.Event()
        self.done: dict[str, asyncio.Future] = {}

    def _msg(self, msg_type: str, content: dict) -> tuple[str, str]:
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "msg_type": msg_type, "username": "", "session": self.session, "date": "",
                  "version": "5.3"}
        return msg_id, json.dumps({"header": header, "parent_header": {}, "metadata": {}, "content": content,
                                   "channel": "shell", "buffers": []})

    async def open(self, path: str) -> None:
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        await asyncio.to_thread(lambda: opener.open(self.base + path).read())
        cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
        url = self.base.replace("http", "ws") + f"/jupyter/api/kernels/{uuid.uuid4()}/channels?session_id={self.session}"
        self.ws = await websockets.connect(url, additional_headers={"Cookie": cookie}, max_size=None)
        self.reader = asyncio.create_task(self._read())
        control = uuid.uuid4().hex
        await self.send("comm_open", {"comm_id": control, "target_name": "solara.control", "data": {}})
        await self.send("comm_msg", {"comm_id": control, "data": {"method": "run", "args": {
            "path": path, "appName": None, "dark": False, "themes": {}}}})

    async def send(self, msg_type: str, content: dict) -> None:
        """Send a message and wait until the server is idle again after it (all its updates sent)."""
        msg_id, text = self._msg(msg_type, content)
        self.done[msg_id] = idle = asyncio.get_running_loop().create_future()
        await self.ws.send(text)
        try:
            await idle
        finally:
            del self.done[msg_id]

    async def _read(self) -> None:
        async for raw in self.ws:
            m = _unpack(raw)
            kind, c = m["header"]["msg_type"], m["content"]
            if kind == "status" and c.get("execution_state") == "idle":
                fut = self.done.get(m["parent_header"].get("msg_id"))
                if fut is not None and not fut.done():
                    fut.set_result(None)
            elif kind == "comm_open":
                self.models[c["comm_id"]] = dict(c["data"].get("state", {}))
            elif kind == "comm_msg" and c["data"].get("method") == "update":
                self.models.setdefault(c["comm_id"], {}).update(c["data"]["state"])
            elif kind == "comm_close":
                self.models.pop(c["comm_id"], None)
            self.changed.set()

    def find(self, css: str) -> str | None:
        """A widget by CSS class: Vuetify's ``class_``, or the page's browser-drawn parts' ``kind``."""
        return next((k for k, s in self.models.items()
                     if css in (s.get("class_") or "").split() or s.get("kind") == css), None)

    async def wait_for(self, css: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while (found := self.find(css)) is None:
            self.changed.clear()
            await asyncio.wait_for(self.changed.wait(), max(0.01, deadline - time.monotonic()))
        return found

    async def click(self, css: str) -> None:
        await self.send("comm_msg", {"comm_id": await self.wait_for(css), "data": {
            "method": "custom", "content": {"event": "click", "data": {}}}})

    async def set_value(self, css: str, value) -> None:
        await self.send("comm_msg", {"comm_id": await self.wait_for(css), "data": {
            "method": "update", "state": {"v_model": value}, "buffer_paths": []}})

    def text(self, css: str) -> str:
        model = self.models.get(self.find(css) or "", {})
        return str(model.get("children", ""))

    def game_counter(self) -> str:
        """The day counter of the played game's view (``game_day.vue``'s data)."""
        days = [s["day"] for s in self.models.values() if isinstance(s.get("day"), dict) and "counter" in s["day"]]
        return days[0]["counter"] if days else ""


async def ws_student(base, code, name, side, days, interval, start_gate, offset, latencies):
    page = PageClient(base)
    await page.open(f"/?class={code}")
    await page.set_value("join-name", name)
    await page.click("join-button")
    await page.wait_for("side-choice")
    await page.set_value("side-choice", side)
    await page.click("play-start")
    await page.wait_for("play-day")
    await start_gate.wait()
    await asyncio.sleep(offset)
    for day in range(1, days + 1):
        started = time.perf_counter()
        await page.click("play-day")
        latencies.append(time.perf_counter() - started)
        if f"Days played: {day} of" not in page.game_counter():
            raise RuntimeError(f"{name}: after day {day} the page shows {page.game_counter()!r}")
        await asyncio.sleep(max(0.0, interval - (time.perf_counter() - started)))
    return page


async def browser_student(browser, base, code, name, side, days, interval, start_gate, offset, latencies):
    ctx = await browser.new_context(viewport={"width": 1300, "height": 900})
    ctx.set_default_timeout(120_000)
    page = await ctx.new_page()
    await page.goto(f"{base}/?class={code}")
    await page.get_by_role("tab", name="Play an actor").click()
    await page.locator(".join-name input").fill(name)
    await page.locator(".join-button").click()
    await page.locator(".side-choice").get_by_role("button", name=SIDES[side]).click()
    await page.locator(".play-start").click()
    await page.locator(".play-day").wait_for()
    await start_gate.wait()
    await asyncio.sleep(offset)
    for day in range(1, days + 1):
        started = time.perf_counter()
        await page.locator(".play-day").click()
        await page.wait_for_function(
            "d => (document.querySelector('.play-day-counter') || {}).textContent?.includes(`Days played: ${d} of`)",
            arg=day, polling="raf")
        latencies.append(time.perf_counter() - started)
        await asyncio.sleep(max(0.0, interval - (time.perf_counter() - started)))
    return ctx


def cpu_s(processes) -> float:
    total = 0.0
    for p in processes:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def chromium_processes() -> list:
    return [p for p in psutil.Process().children(recursive=True) if "chrom" in p.name().lower()]


async def run(args) -> dict:
    load = os.getloadavg()
    with ClassServer(["--max-sessions", str(args.students + 5)]) as srv:
        print(f"server: pid {srv.process.pid}, {srv.url}", file=sys.stderr, flush=True)
        return await _measure(args, srv, psutil.Process(srv.process.pid), load)


async def _measure(args, srv, server, load) -> dict:
    teacher = PageClient(srv.url)
    await teacher.open(f"/?teacher={srv.key}")
    await teacher.wait_for("class-table")
    gate, ws_lat, br_lat = asyncio.Event(), [], []
    cpu0, t0 = cpu_s([server]), time.perf_counter()
    tasks, pw, browser = await _students(args, srv, gate, ws_lat, br_lat)
    while not _all_ready(teacher, args.students):
        failed = [t for t in tasks if t.done() and t.exception() is not None]
        if failed:
            raise failed[0].exception()
        await asyncio.sleep(0.2)
    join_s, join_cpu = time.perf_counter() - t0, cpu_s([server]) - cpu0
    await asyncio.sleep(2.0)  # let the joins' last updates settle
    cpu1, chrome1, own1, t1 = cpu_s([server]), cpu_s(chromium_processes()), cpu_s([psutil.Process()]), time.perf_counter()
    print(f"everyone joined in {join_s:.1f} s; stepping", file=sys.stderr, flush=True)
    gate.set()
    await asyncio.gather(*tasks)
    result = {"load": load, "join_s": join_s, "join_cpu": join_cpu, "step_s": time.perf_counter() - t1,
              "server_cpu": cpu_s([server]) - cpu1, "client_cpu": cpu_s([psutil.Process()]) - own1,
              "chrome_cpu": cpu_s(chromium_processes()) - chrome1 if args.browsers else 0.0,
              "ws": ws_lat, "browser": br_lat}
    if browser is not None:
        await browser.close()
        await pw.stop()
    return result


async def _students(args, srv, gate, ws_lat, br_lat):
    """``(tasks, playwright, browser)``: every student joining, then waiting for ``gate`` to step."""
    n_ws = args.students - args.browsers
    # students step out of step with each other, as a class does: student i starts i/N of an interval late
    offset = [0.0 if args.in_step else args.interval * i / args.students for i in range(args.students)]
    tasks = [asyncio.create_task(ws_student(srv.url, srv.code, f"student {i + 1}", i % 2, args.days, args.interval,
                                            gate, offset[i], ws_lat)) for i in range(n_ws)]
    if not args.browsers:
        return tasks, None, None
    from playwright.async_api import async_playwright

    pw = await async_playwright().start()
    browser = await pw.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
    tasks += [asyncio.create_task(browser_student(browser, srv.url, srv.code, f"browser {i + 1}", i % 2, args.days,
                                                  args.interval, gate, offset[n_ws + i], br_lat))
              for i in range(args.browsers)]
    return tasks, pw, browser


def _all_ready(teacher: PageClient, students: int) -> bool:
    """The teacher's table lists every student's game (it is drawn again once a second)."""
    count = teacher.text("class-count")
    return f"{students} games" in count


def quantile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1] if len(values) > 1 else values[0]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--days", type=int, default=10)
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between a student's steps (default 1)")
    parser.add_argument("--browsers", type=int, default=0, help="how many of the students are Chromium pages")
    parser.add_argument("--in-step", action="store_true",
                        help="every student clicks at the same instant (the worst case), not spread over the interval")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    if not 0 <= args.browsers <= args.students or args.students < 1 or args.days < 1:
        parser.error("need 1 <= students, 1 <= days and 0 <= browsers <= students")
    r = asyncio.run(run(args))
    days = args.students * args.days
    everyone = r["ws"] + r["browser"]
    print(f"{args.students} students ({args.browsers} in Chromium), {args.days} days each, a step every "
          f"{args.interval:g} s, on {os.cpu_count()} cores; load average before {r['load'][0]:.1f}, after "
          f"{os.getloadavg()[0]:.1f} (other work on this machine counts in the latency, not in the server's CPU)")
    print(f"joining: {r['join_s']:.1f} s for everyone, server CPU {r['join_cpu'] / args.students:.3f} s per student")
    print(f"stepping: {r['step_s']:.1f} s; server CPU {r['server_cpu']:.2f} s = {r['server_cpu'] / days:.4f} s per "
          f"student-day; this benchmark's own clients {r['client_cpu']:.2f} s")
    for label, lat in (("websocket clients", r["ws"]), ("Chromium pages", r["browser"])):
        if lat:
            print(f"step latency, {label}: p50 {quantile(lat, 0.5):.3f} s, p95 {quantile(lat, 0.95):.3f} s, "
                  f"max {max(lat):.3f} s ({len(lat)} steps)")
    if r["browser"]:
        print(f"Chromium's CPU: {r['chrome_cpu']:.2f} s = {r['chrome_cpu'] / (args.browsers * args.days):.4f} s per "
              "browser student-day")
    print(f"server_cpu_s_per_student_day={r['server_cpu'] / days:.4f} step_p50_s={quantile(everyone, 0.5):.3f} "
          f"step_p95_s={quantile(everyone, 0.95):.3f} students={args.students}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
