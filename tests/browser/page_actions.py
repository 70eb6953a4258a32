"""What the browser tests of the classroom page do on a page: read the day, step, type into a field."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def day_is(n: int) -> re.Pattern:
    return re.compile(rf"^Day {n} \(\d\d \w{{3}} \d{{4}}\) of 120$")


def day_shown(page) -> int:
    return int(re.match(r"Day (\d+)", page.locator(".day-counter").inner_text()).group(1))


def step(page, times: int) -> None:
    """Press Step ``times`` times, waiting for each day to show before the next press."""
    for _ in range(times):
        before = day_shown(page)
        page.locator(".step-button").click()
        expect(page.locator(".day-counter")).to_have_text(day_is(before + 1))


def dots(page, css: str) -> int:
    """Days drawn by the first series of the levels chart with class ``css``."""
    return page.locator(f".{css} .series-0 circle").count()


def commit_text(page, css: str, text: str, key: str = "Enter") -> None:
    """Type ``text`` into the text field with class ``css`` (the class sits on Vuetify's wrapper ``div``)."""
    field = page.locator(f".{css} input")
    field.fill(text)
    field.press(key)


def full_page_screenshot(page, path) -> None:
    """The whole page: Solara's layout scrolls inside its own panels, so Playwright's ``full_page`` alone
    gives the viewport; the viewport is stretched to the tallest panel for the shot, then put back."""
    size = page.viewport_size
    height = page.evaluate("() => Math.max(...Array.from(document.querySelectorAll('body *'), e => e.scrollHeight))")
    page.set_viewport_size({"width": size["width"], "height": min(max(height + 80, size["height"]), 8000)})
    try:
        page.wait_for_timeout(300)  # let the layout settle at the new size
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(size)

