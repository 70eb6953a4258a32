"""Play and Pause on the Watch tab, in a real browser: the days pass at the chosen speed and stop on Pause.

Waits are Playwright's own, except where a test checks that something does NOT change (the paused run).
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from tests.browser.conftest import TIMEOUT_MS
from tests.browser.page_actions import day_shown, step

pytestmark = pytest.mark.browser

expect.set_options(timeout=TIMEOUT_MS)


def diagnose(page, server) -> str:
    """What the page and the server show, for a failure message (a Solara render error replaces the page)."""
    body = page.locator("body").inner_text()
    if "Traceback" in body:
        last = [line for line in body.splitlines() if re.match(r"^\w+(Error|Exception)\b", line)]
        shown = "the page shows a Python traceback instead of the app: " + (last[-1] if last else body[-300:])
    else:
        shown = f"the page shows: {page.locator('.day-counter').all_inner_texts() or 'no day counter'}"
    errors = [line for line in server.output(tail=10_000).splitlines() if line.startswith("ERROR")]
    return shown + "\nserver errors (latest last):\n" + ("\n".join(errors[-3:]) or "(none)")


def wait_for_day_above(page, server, n: int, timeout_ms: int = TIMEOUT_MS) -> int:
    """Wait until the day counter shows a day after ``n``; fail at once if the page broke meanwhile."""
    try:
        page.wait_for_function(
            """n => { if (document.body.innerText.includes('Traceback')) return true;
                      const el = document.querySelector('.day-counter');
                      const m = el && el.textContent.match(/Day (\\d+)/); return m && parseInt(m[1]) > n; }""",
            arg=n, timeout=timeout_ms, polling=100)
        timed_out = False
    except PlaywrightTimeoutError:
        timed_out = True
    if timed_out or "Traceback" in page.locator("body").inner_text():
        pytest.fail(f"after Play, the day counter did not pass day {n} (waited up to {timeout_ms / 1000:.0f} s); "
                    + diagnose(page, server), pytrace=False)
    return day_shown(page)


def set_speed(page, speed: int) -> None:
    slider = page.get_by_role("slider", name="Speed (days per second)")
    slider.focus()
    now = int(slider.get_attribute("aria-valuenow"))
    for _ in range(abs(speed - now)):
        slider.press("ArrowRight" if speed > now else "ArrowLeft")
    expect(slider).to_have_attribute("aria-valuenow", str(speed))


def play_then_pause(page, server, past_day: int) -> int:
    """Play until the counter passes ``past_day``, Pause, and check the run stops; returns the day it stopped."""
    button = page.locator(".play-button")
    button.click()
    expect(button).to_have_text("Pause")
    expect(page.locator(".step-button")).to_be_disabled()
    wait_for_day_above(page, server, past_day)
    button.click()
    expect(button).to_have_text("Play")
    expect(page.locator(".step-button")).to_be_enabled()
    time.sleep(1.0)  # a day already under way when Pause was pressed may still finish
    paused_at = day_shown(page)
    assert paused_at > past_day
    time.sleep(2.0)  # at 3 days a second, a run that went on would show ~6 more days by now
    assert day_shown(page) == paused_at, "the run went on after Pause"
    assert "Traceback" not in page.locator("body").inner_text(), diagnose(page, server)
    return paused_at


def test_play_runs_on_and_pause_stops(page, server):
    """Play at the default speed (3 days a second) shows the days passing; Pause stops them."""
    play_then_pause(page, server, 3)
    step(page, 1)  # Step works again after Pause


def test_play_at_top_speed_keeps_the_page_alive(page, server):
    """At 10 days a second the page must keep up (or slow the run down), not break."""
    set_speed(page, 10)
    play_then_pause(page, server, 10)

