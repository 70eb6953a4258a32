"""A class in real browsers: ``escalation app --class --max-sessions 3`` served locally, each student and the
teacher in a Chromium context of their own (one Solara session each, as on their own devices).

The cap test comes first, on a server nobody else has used yet: it counts the places itself.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import TIMEOUT_MS, start_server, _stop

pytestmark = pytest.mark.browser

expect.set_options(timeout=TIMEOUT_MS)
CAP = 3


class ClassServer:
    def __init__(self, server):
        self.server = server
        log = server.output(tail=50)
        self.code = re.search(r"class code (\w+): students join at (\S+)", log).group(1)
        self.key = re.search(r"\?teacher=(\S+)", log).group(1)


@pytest.fixture(scope="module")
def klass(page_assets, tmp_path_factory) -> ClassServer:
    folder = tmp_path_factory.mktemp("class-server")
    srv = start_server(folder / "server.log", "--class-dir", str(folder / "class"), "--max-sessions", str(CAP))
    try:
        yield ClassServer(srv)
    finally:
        _stop(srv.process)


def teacher_page(pages, klass):
    pg = pages.open(klass.server, f"?teacher={klass.key}", wait_for=".class-table")
    expect(pg.get_by_role("tab", name="Teacher")).to_be_visible()
    return pg


def student_page(pages, klass):
    """A student's page on the join link. A page the last test closed gives its place back a moment later
    (the browser tells the server as it closes): a full server is asked again for a few seconds."""
    return let_in(pages.open(klass.server, f"?class={klass.code}", wait_for=".day-counter, .page-full"))


def let_in(pg):
    """``pg`` once a reload finds a place for it (asked again each second for 15 s), else fail."""
    for _ in range(15):
        if pg.locator(".day-counter").count():
            return pg
        pg.wait_for_timeout(1000)
        pg.reload()
        pg.locator(".day-counter, .page-full").first.wait_for()
    expect(pg.locator(".day-counter")).to_be_visible()
    return pg


def join(pages, klass, name: str, side: str = "Pakistan"):
    """A student's page: the join link, their name, their side, a game started."""
    pg = student_page(pages, klass)
    pg.get_by_role("tab", name="Play an actor").click()
    expect(pg.locator(".join-code input")).to_have_value(klass.code)  # filled in from the join link
    pg.locator(".join-name input").fill(name)
    pg.locator(".join-button").click()
    expect(pg.locator(".joined-as")).to_contain_text(f"You are {name} in class {klass.code}")
    pg.locator(".side-choice").get_by_role("button", name=side).click()
    pg.locator(".play-start").click()
    expect(pg.locator(".play-day-counter")).to_have_text("Days played: 0 of 20")
    return pg


def play(pg, days: int, level: str = "3 - small arms fire") -> None:
    """Play ``days`` days at ``level`` (chosen once: the form keeps the act from day to day)."""
    counter = pg.locator(".play-day-counter")
    start = int(re.search(r"Days played: (\d+)", counter.inner_text()).group(1))
    pg.locator(".act-choice .v-input__slot").click()
    pg.get_by_role("option", name=level, exact=True).click()
    expect(pg.locator(".act-choice .v-select__selection")).to_have_text(level)
    for day in range(start + 1, start + days + 1):
        pg.locator(".play-day").click()
        if day < 20:  # the 20th day ends the game: the debrief replaces the form
            expect(counter).to_have_text(f"Days played: {day} of 20")


def test_a_full_server_says_so_and_a_closed_page_frees_its_place(pages, klass, browser_log):
    admitted = [pages.open(klass.server, f"?class={klass.code}") for _ in range(CAP)]
    full = pages.open(klass.server, f"?class={klass.code}", wait_for=".page-full")
    expect(full.locator(".page-full")).to_contain_text(f"The classroom page is full: {CAP} browsers have it open")
    expect(full.locator(".day-counter")).to_have_count(0)
    teacher_page(pages, klass)  # the teacher's link is let in over the limit
    admitted[0].close()  # a closed page tells the server, which gives its place back
    let_in(full)
    assert "Traceback" not in klass.server.output(tail=10_000)
    assert not browser_log.problems(), "\n".join(browser_log.problems())


def test_a_browser_gone_without_a_word_gives_its_place_when_the_page_is_full(pages, klass, browser_log):
    # Solara's opt-out of the close beacon: the page goes as a sleeping laptop's would, its kernel left
    # running on the server with no browser connected (docs/classroom.md, "A cap on browsers")
    silent = [let_in(pages.open(klass.server, f"?class={klass.code}&solara-no-close-beacon",
                                wait_for=".day-counter, .page-full")) for _ in range(CAP)]
    full = pages.open(klass.server, f"?class={klass.code}", wait_for=".page-full")
    expect(full.locator(".page-full")).to_be_visible()  # every place held by a connected browser
    silent[0].context.close()
    let_in(full)
    assert "Traceback" not in klass.server.output(tail=10_000)
    assert not browser_log.problems(), "\n".join(browser_log.problems())


def test_students_join_and_the_teacher_sees_their_games_live(pages, klass, browser_log, artifacts_dir):
    teacher = teacher_page(pages, klass)
    expect(teacher.locator(".class-header")).to_contain_text(f"Class {klass.code}")
    expect(teacher.locator(".class-header")).to_contain_text(f"?class={klass.code}")  # the join link

    ayesha = join(pages, klass, "Ayesha")
    stranger = student_page(pages, klass)
    expect(stranger.get_by_role("tab", name="Teacher")).to_have_count(0)  # not without the teacher's key
    stranger.get_by_role("tab", name="Play an actor").click()
    stranger.locator(".join-code input").fill("NOPE9")
    stranger.locator(".join-button").click()
    expect(stranger.locator(".join-problem")).to_contain_text("No class with the code 'NOPE9'")
    stranger.locator(".join-code input").fill(klass.code.lower())  # codes are read in either case
    stranger.locator(".join-button").click()
    expect(stranger.locator(".join-problem")).to_contain_text("Type your name")
    stranger.locator(".join-name input").fill("ayesha")
    stranger.locator(".join-button").click()
    expect(stranger.locator(".join-problem")).to_contain_text("already joined as 'ayesha'")
    bilal = join(pages, klass, "Bilal", side="Taliban administration")

    play(ayesha, 2)
    table = teacher.locator(".class-table")
    ayesha_row = table.locator(".data-row", has_text="Ayesha")
    expect(ayesha_row).to_contain_text("Pakistan")
    expect(ayesha_row).to_contain_text("2 of 20")  # drawn again within a second of the student's day
    expect(ayesha_row).to_contain_text("playing")
    expect(table.locator(".data-row", has_text="Bilal")).to_contain_text("Taliban administration")
    expect(table.locator(".data-row", has_text="Bilal")).to_contain_text("0 of 20")
    play(bilal, 1)
    expect(table.locator(".data-row", has_text="Bilal")).to_contain_text("1 of 20")
    teacher.screenshot(path=str(artifacts_dir / "teacher.png"), full_page=True)
    assert not browser_log.problems(), "\n".join(browser_log.problems())


def test_the_class_debrief_and_every_choice_as_csv(pages, klass, browser_log, artifacts_dir):
    from sim.app.class_table import CHOICE_FIELDS

    teacher = teacher_page(pages, klass)
    student = join(pages, klass, "Chen")
    play(student, 3, "4 - artillery shelling")
    play(student, 17, "1 - warning")
    expect(student.locator(".debrief")).to_contain_text("You played Pakistan for 20 days", timeout=60_000)
    expect(student.locator(".debrief-chart")).to_have_count(2)

    teacher.locator(".class-debrief-button").click()
    debrief = teacher.locator(".class-debrief")
    expect(debrief).to_contain_text("Class debrief", timeout=60_000)
    panels = debrief.locator(".distribution-panel")
    expect(panels).to_have_count(3)  # peak level, people killed, trade lost
    expect(panels.first).to_contain_text("peak level")
    for i in range(3):  # Chen's game on each: the only one played to the end
        expect(panels.nth(i).locator('.student-mark[data-student="Chen"]')).to_have_count(1)
    expect(panels.first.locator(".bin")).to_have_count(8)  # one bar a rung
    panels.nth(1).locator('.student-mark[data-student="Chen"]').hover()
    expect(debrief.locator(".distribution-tooltip")).to_contain_text("Chen (Pakistan)")
    expect(debrief.locator(".class-debrief-table .data-row", has_text="Chen")).to_contain_text("20")
    debrief.screenshot(path=str(artifacts_dir / "class_debrief.png"))

    with teacher.expect_download() as download:
        teacher.locator(".csv-download button").click()
    assert download.value.suggested_filename == f"class_{klass.code}_choices.csv"
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert list(rows[0]) == list(CHOICE_FIELDS)
    chen = [r for r in rows if r["student"] == "Chen"]
    assert [int(r["day"]) for r in chen] == list(range(1, 21))
    assert [int(r["level"]) for r in chen] == [4] * 3 + [1] * 17
    assert {r["class"] for r in rows} == {klass.code} and {r["side"] for r in chen} == {"pakistan"}
    assert not browser_log.problems(), "\n".join(browser_log.problems())
