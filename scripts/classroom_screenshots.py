"""Make the screenshots of docs/classroom.md from the running page.

    .venv/bin/python -m scripts.classroom_screenshots

Starts ``escalation app --class`` on a free port and opens it in Debian's headless Chromium (never a
downloaded browser), one browser context per person. It saves the first view as it opens
(``classroom_first_view.png``) and the map's details under the pointer (``classroom_hover.png``); then four
students join the class: Ayesha plays Pakistan for 20 days (answer in kind up to shelling, call for talks on
day 6; her debrief is ``classroom_debrief.png``), Bilal the Taliban administration with warnings only, Chen
Pakistan with air strikes, and Dana the Taliban administration for 8 days so far. The teacher's tab with
their games is ``classroom_teacher.png``, the class debrief ``classroom_class_debrief.png``.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from scripts.class_server import ClassServer

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DAYS = 20
VIEWPORT = {"width": 1400, "height": 1000}


def choose(page, label: str) -> None:
    page.locator(".act-choice .v-input__slot").click()
    page.get_by_role("option", name=label, exact=True).click()


def student(browser, url: str, name: str, side: str):
    page = browser.new_context(viewport=VIEWPORT).new_page()
    page.goto(url)
    page.get_by_role("tab", name="Play an actor").click()
    page.locator(".join-name input").fill(name)
    page.locator(".join-button").click()
    page.locator(".side-choice").get_by_role("button", name=side).click()
    page.locator(".play-start").click()
    expect(page.locator(".play-day-counter")).to_have_text(f"Days played: 0 of {DAYS}")
    return page


def play(page, plan, days: int = DAYS) -> None:
    """``plan(day)`` is the act of that day (a label), or None to keep yesterday's; day 6 also calls for talks
    when ``plan`` says ``"talks"`` on it."""
    for day in range(1, days + 1):
        act = plan(day)
        if act == "talks":
            page.get_by_text("Call for talks (ask a mediator to host them)").click()
        elif act:
            choose(page, act)
        page.locator(".play-day").click()
        if day < DAYS:
            expect(page.locator(".play-day-counter")).to_have_text(f"Days played: {day} of {DAYS}")


def ayesha(day: int):
    return {1: "4 - artillery shelling", 4: "3 - small arms fire", 6: "talks", 7: "1 - warning"}.get(day)


def main() -> int:
    with ClassServer() as server:
        shoot(f"{server.url}/", server.code, server.key)
    for name in ("first_view", "hover", "debrief", "teacher", "class_debrief"):
        print(f"wrote {DOCS / f'classroom_{name}.png'}")
    return 0


def shoot(base: str, code: str, key: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        expect.set_options(timeout=60_000)
        first_views(browser, base + f"?class={code}")
        teacher = browser.new_context(viewport=VIEWPORT).new_page()
        teacher.goto(base + f"?teacher={key}")
        expect(teacher.locator(".class-table")).to_be_visible()
        students_play(browser, base + f"?class={code}")
        teacher_views(teacher)
        browser.close()


def first_views(browser, url: str) -> None:
    """The first view as it opens; three days on, the details of a province under the pointer."""
    first = browser.new_context(viewport=VIEWPORT).new_page()
    first.goto(url)
    expect(first.locator(".province-map svg")).to_be_visible()
    first.wait_for_timeout(1000)
    first.screenshot(path=str(DOCS / "classroom_first_view.png"))
    for day in range(1, 4):
        first.locator(".step-button").click()
        expect(first.locator(".day-counter")).to_contain_text(f"Day {day} ")
    first.locator('.province-map .province[data-name="Kurram"]').hover()
    expect(first.locator(".map-tooltip")).to_be_visible()
    first.locator(".watch-day").screenshot(path=str(DOCS / "classroom_hover.png"))


def students_play(browser, url: str) -> None:
    """Four students; Ayesha's debrief is the student's debrief screenshot."""
    a = student(browser, url, "Ayesha", "Pakistan")
    play(a, ayesha)
    expect(a.locator(".debrief .debrief-chart")).to_have_count(2)
    a.wait_for_timeout(800)
    a.locator(".debrief").screenshot(path=str(DOCS / "classroom_debrief.png"))
    play(student(browser, url, "Bilal", "Taliban administration"), lambda day: "1 - warning" if day == 1 else None)
    play(student(browser, url, "Chen", "Pakistan"), lambda day: {1: "5 - air strike", 6: "3 - small arms fire"}.get(day))
    play(student(browser, url, "Dana", "Taliban administration"),
         lambda day: "3 - small arms fire" if day == 1 else None, days=8)


def teacher_views(teacher) -> None:
    """The teacher's tab with the four games, then the class debrief."""
    expect(teacher.locator(".class-table .data-row")).to_have_count(4)
    expect(teacher.locator(".class-table .data-row", has_text="Dana")).to_contain_text("8 of 20")
    teacher.screenshot(path=str(DOCS / "classroom_teacher.png"))
    teacher.locator(".class-debrief-button").click()
    expect(teacher.locator(".class-debrief .student-mark")).to_have_count(9)  # 3 games to the end, 3 panels
    teacher.wait_for_timeout(800)
    teacher.locator(".class-debrief").screenshot(path=str(DOCS / "classroom_class_debrief.png"))

if __name__ == "__main__":
    raise SystemExit(main())
