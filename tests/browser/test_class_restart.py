"""A class survives its server: students play, the server is killed (SIGKILL, as a crash or a dead laptop
battery would end it), ``escalation app --class-dir`` starts again on the same folder and port, and the
teacher's table, every choice in the CSV and each student's game after a reload are as before the kill.
"""

from __future__ import annotations

import csv
import io
import os
import re
import signal
import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import TIMEOUT_MS, start_server, _stop
from tests.browser.test_class import ClassServer, join, play, teacher_page

pytestmark = pytest.mark.browser

expect.set_options(timeout=TIMEOUT_MS)


def table_rows(teacher) -> list[str]:
    """The teacher's table, a line per game."""
    return [" | ".join(row.locator("td").all_inner_texts()) for row in teacher.locator(".class-table .data-row").all()]


def choices(teacher) -> str:
    with teacher.expect_download() as download:
        teacher.locator(".csv-download button").click()
    return open(download.value.path(), encoding="utf-8").read()


def kill(server) -> None:
    os.killpg(server.process.pid, signal.SIGKILL)  # the whole group: the server and anything it started
    server.process.wait(timeout=10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # gone when its port stops answering
        try:
            os.killpg(server.process.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)


def test_a_class_killed_mid_lesson_comes_back_as_it_was(pages, page_assets, browser_log, tmp_path, artifacts_dir):
    folder = tmp_path / "class"
    first = start_server(tmp_path / "server.log", "--class-dir", str(folder))
    port = int(re.search(r":(\d+)/$", first.url).group(1))
    try:
        klass = ClassServer(first)
        teacher = teacher_page(pages, klass)
        ayesha = join(pages, klass, "Ayesha")
        play(ayesha, 3, "3 - small arms fire")
        bilal = join(pages, klass, "Bilal", side="Taliban administration")
        play(bilal, 2, "4 - artillery shelling")
        bilal.locator(".play-end").click()  # ended early, and debriefed
        expect(bilal.locator(".debrief")).to_contain_text("You played Taliban administration for 2 days",
                                                          timeout=60_000)
        table = teacher.locator(".class-table")
        expect(table.locator(".data-row", has_text="Ayesha")).to_contain_text("3 of 20")
        expect(table.locator(".data-row", has_text="Bilal")).to_contain_text("ended on day 2")
        before_rows, before_csv = table_rows(teacher), choices(teacher)
        assert len(list(csv.DictReader(io.StringIO(before_csv)))) == 5  # 3 days of Ayesha's, 2 of Bilal's

        kill(first)
        second = start_server(tmp_path / "server.log", "--class-dir", str(folder), port=port)
    except BaseException:
        _stop(first.process)
        raise
    try:
        again = ClassServer(second)
        assert (again.code, again.key) == (klass.code, klass.key)  # the links given out still work
        assert f"class {klass.code} brought back from {folder / 'class.sqlite'}" in second.output()

        teacher.reload()  # the teacher's page, after the restart
        expect(teacher.locator(".class-restored")).to_contain_text(f"from {folder / 'class.sqlite'}")
        expect(teacher.locator(".class-restored")).to_contain_text("2 students, 2 games replayed to their day "
                                                                   "(5 choices), 1 debrief")
        expect(teacher.locator(".class-table .data-row")).to_have_count(2)
        assert table_rows(teacher) == before_rows
        assert choices(teacher) == before_csv  # every choice, and how each day ended
        teacher.screenshot(path=str(artifacts_dir / "teacher_restored.png"), full_page=True)

        ayesha.reload()  # back in her game, on its day, and it goes on
        ayesha.get_by_role("tab", name="Play an actor").click()
        expect(ayesha.locator(".play-day-counter")).to_have_text("Days played: 3 of 20")
        bilal.reload()
        bilal.get_by_role("tab", name="Play an actor").click()
        expect(bilal.locator(".debrief")).to_contain_text("You played Taliban administration for 2 days")
        browser_log.console_errors.clear()  # the pages' lost connection to the killed server, before the reloads
        browser_log.failed_requests.clear()
        play(ayesha, 1, "1 - warning")
        expect(teacher.locator(".class-table .data-row", has_text="Ayesha")).to_contain_text("4 of 20")
        rows = list(csv.DictReader(io.StringIO(choices(teacher))))
        assert [(r["day"], r["level"]) for r in rows if r["student"] == "Ayesha"] == [("1", "3"), ("2", "3"), ("3", "3"),
                                                                                   ("4", "1")]
        assert "Traceback" not in second.output(tail=10_000)
        assert not browser_log.problems(), "\n".join(browser_log.problems())
    finally:
        _stop(second.process)
