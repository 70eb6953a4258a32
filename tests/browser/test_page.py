"""The classroom page in a real browser: ``escalation app`` served locally, driven by headless Chromium.

Each test gets a fresh page (its own Solara session, so its own run of oct2025 on seed 5). Waits are
Playwright's own (a condition on the page, up to 30 s), never fixed sleeps. Play and Pause:
``test_play_pause.py``; a class: ``test_class.py``.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import TIMEOUT_MS
from tests.browser.page_actions import commit_text, day_is, dots, full_page_screenshot, step

pytestmark = pytest.mark.browser

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="module")
def opening():
    """The run the first view shows, made here the same way (a run is a pure function of scenario and seed)."""
    from sim.app import dials as D
    from sim.app.live_run import LiveRun

    return LiveRun.start(D.dials_for("oct2025"))


@pytest.fixture
def server_log_start(server) -> int:
    """Where the server's log stood before this test's page opened."""
    return server.log_size()


def test_first_view_shows_day_0_already_run(server, server_log_start, page, browser_log, artifacts_dir, opening):
    """Without a click: day 0 headline, the map drawn in the browser (every province and crossing, with day 0's
    statuses), the levels chart, the counters and the opening acts in the feed; no picture from the server;
    and the page fetched nothing from outside 127.0.0.1 and logged no error."""
    model = opening.model
    expect(page.locator(".day-counter")).to_have_text("Day 0 (09 Oct 2025) of 120")
    board = page.locator(".province-map svg")
    expect(board).to_be_visible()
    expect(board.locator(".province")).to_have_count(len(model.world.provinces))
    crossings = board.locator(".crossing")
    expect(crossings).to_have_count(len(model.world.crossings))
    for c in model.world.crossings.values():
        expect(board.locator(f'.crossing[data-name="{c.name}"]')).to_have_attribute("data-status", c.status.label)
    expect(board).to_contain_text("oct2025 - day 0 (09 Oct 2025)")
    expect(board).to_contain_text("Durand Line")
    chart = page.locator(".levels-chart svg")
    expect(chart).to_be_visible()
    assert dots(page, "levels-chart") == 1 and page.locator(".levels-chart .series-1 circle").count() == 1
    killed = sum(model.log.casualties_total.values())
    expect(page.locator(".counters .killed-total")).to_have_text(f"{killed:,}")
    expect(page.locator(".counters")).to_contain_text("Day 0 (2025-10-09)")
    assert page.locator("img").count() == 0, "the page shows a picture made by the server"
    feed = page.locator(".event-feed")
    expect(feed).to_contain_text("Latest events")
    expect(feed.locator("li").first).to_contain_text("Day 0")  # the scenario's opening acts, newest first
    expect(page.get_by_role("tab", name="Watch")).to_be_visible()
    expect(page.get_by_role("tab", name="Play an actor")).to_be_visible()
    expect(page.get_by_role("tab", name="Teacher")).to_have_count(0)  # only with --class and the teacher's link
    expect(page.locator(".play-button")).to_have_text("Play")
    expect(page.locator(".page-problem")).to_have_count(0)
    page.screenshot(path=str(artifacts_dir / "first_view.png"))
    full_page_screenshot(page, artifacts_dir / "first_view_full.png")
    assert not browser_log.problems(), "\n".join(browser_log.problems())
    log = server.output(tail=10_000, since=server_log_start)
    assert "Could not load URL" not in log, f"the server tried to fetch an asset from a CDN:\n{log}"
    assert "Traceback" not in log, f"the server logged an error:\n{log}"


def test_step_advances_the_day_chart_map_and_feed(page, artifacts_dir):
    feed = page.locator(".event-feed")
    feed_before = feed.inner_text()
    step(page, 3)
    expect(page.locator(".day-counter")).to_have_text(day_is(3))
    expect(page.locator(".levels-chart .series-0 circle")).to_have_count(4)  # days 0 to 3
    expect(page.locator(".province-map svg")).to_contain_text("oct2025 - day 3 (12 Oct 2025)")
    expect(page.locator(".counters")).to_contain_text("Day 3 (2025-10-12)")
    expect(feed).not_to_have_text(feed_before)
    page.screenshot(path=str(artifacts_dir / "after_3_steps.png"))


def test_pointing_at_a_province_or_a_day_shows_details(page, opening, browser_log):
    """Hover: a province's posts, deaths and latest acts (Paktika was struck on day 0); a crossing's
    status; a day's levels on the chart."""
    from sim.app.map_data import ProvinceHistory, map_state

    state = map_state(opening.model, ProvinceHistory(opening.model.config.start_date))["provinces"]["Paktika"]
    assert state["recent"] and state["deaths"] > 0
    page.locator('.province-map .province[data-name="Paktika"]').hover()
    tip = page.locator(".province-map .map-tooltip")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text(f"Paktika - posts intact: {state['posts'][0]} of {state['posts'][1]}; "
                                f"killed here: {state['deaths']}")
    expect(tip).to_contain_text(state["recent"][0])
    page.locator('.province-map .crossing[data-name="Torkham"]').hover()
    expect(tip).to_contain_text("Torkham crossing:")
    page.locator(".levels-chart .hover-day").first.hover()
    day = page.locator(".levels-chart .chart-tooltip")
    expect(day).to_contain_text("Day 0")
    level = int(opening.model.pakistan.level)
    expect(day).to_contain_text(re.compile(rf"Pakistan: {level} \w+"))
    assert not browser_log.problems(), "\n".join(browser_log.problems())


def test_a_reload_keeps_the_run_and_the_game(page):
    step(page, 2)
    page.get_by_role("tab", name="Play an actor").click()
    page.locator(".play-start").click()
    page.locator(".play-day").click()
    expect(page.locator(".play-day-counter")).to_have_text("Days played: 1 of 20")
    briefing = page.locator(".briefing").text_content()
    page.reload()
    expect(page.locator(".day-counter")).to_have_text(day_is(2))
    page.get_by_role("tab", name="Play an actor").click()
    expect(page.locator(".play-day-counter")).to_have_text("Days played: 1 of 20")
    expect(page.locator(".briefing")).to_have_text(briefing)


def test_reset_returns_to_day_0(page):
    step(page, 2)
    page.locator(".reset-button").click()
    expect(page.locator(".day-counter")).to_have_text("Day 0 (09 Oct 2025) of 120")
    expect(page.locator(".page-problem")).to_have_count(0)
    step(page, 1)  # and the new run goes on


@pytest.mark.parametrize("key", ["Enter", "Tab"])
def test_bad_seed_gives_a_message_not_a_traceback(page, key):
    """'abc' as the seed: an inline message at once, and after Reset a problem box; the run still works."""
    commit_text(page, "seed-input", "abc", key)
    seed = page.locator(".seed-input")
    expect(seed.locator(".v-messages__message")).to_contain_text("Seed must be a whole number")
    expect(seed.locator(".v-messages__message")).to_be_visible()
    page.locator(".reset-button").click()
    problem = page.locator(".page-problem")
    expect(problem).to_be_visible()
    expect(problem).to_contain_text("Seed must be a whole number")
    expect(page.locator(".day-counter")).to_have_text("Day 0 (09 Oct 2025) of 120")
    expect(page.locator("body")).not_to_contain_text("Traceback")
    step(page, 1)


def test_bad_rule_parameter_gives_a_message_not_a_traceback(page):
    commit_text(page, "param-pakistan-theta", "x")
    expect(page.locator(".param-pakistan-theta .v-messages__message")).to_have_text("expected a number; found 'x'")
    page.locator(".reset-button").click()
    problem = page.locator(".page-problem")
    expect(problem).to_be_visible()
    expect(problem).to_contain_text("theta")
    expect(problem).to_contain_text("expected a number")
    expect(problem).not_to_contain_text("Seed")
    expect(page.locator(".day-counter")).to_have_text("Day 0 (09 Oct 2025) of 120")
    expect(page.locator("body")).not_to_contain_text("Traceback")
    step(page, 1)


def test_play_an_actor_then_debrief(page, browser_log, artifacts_dir):
    page.get_by_role("tab", name="Play an actor").click()
    sides = page.locator(".side-choice")
    sides.get_by_role("button", name="Taliban administration").click()
    expect(sides.get_by_role("button", name="Taliban administration")).to_have_class(re.compile(r"v-btn--active"))
    sides.get_by_role("button", name="Pakistan").click()
    expect(sides.get_by_role("button", name="Pakistan")).to_have_class(re.compile(r"v-btn--active"))
    page.locator(".play-start").click()

    briefing = page.locator(".briefing")
    expect(briefing).to_contain_text("you are Pakistan")
    expect(briefing).to_contain_text(re.compile(r"^Day 1 - "))
    counter = page.locator(".play-day-counter")
    expect(counter).to_have_text("Days played: 0 of 20")
    expect(page.locator(".play-end")).to_be_disabled()
    expect(page.locator(".play-levels-chart svg")).to_be_visible()
    expect(page.locator(".play-map .province").first).to_be_visible()

    # Vuetify's select: the class is on the wrapper; its options open in a menu attached to the page root
    act = page.locator(".act-choice")
    act.locator(".v-input__slot").click()
    page.get_by_role("option", name="1 - warning", exact=True).click()
    expect(act.locator(".v-select__selection")).to_have_text("1 - warning")
    assert dots(page, "play-levels-chart") == 1
    page.locator(".play-day").click()
    expect(counter).to_have_text("Days played: 1 of 20")
    expect(briefing).to_contain_text(re.compile(r"^Day 2 - you are Pakistan"))
    expect(page.locator(".play-levels-chart .series-0 circle")).to_have_count(2)
    expect(page.locator(".play-problem")).to_have_count(0)

    page.locator(".play-end").click()
    debrief = page.locator(".debrief")
    expect(debrief).to_contain_text("You played Pakistan", timeout=60_000)  # 100 model runs first
    assert "**" not in debrief.inner_text(), "the debrief's Markdown was shown raw"
    expect(debrief.locator("strong", has_text="Pakistan").first).to_be_visible()
    expect(debrief.locator("table")).to_be_visible()
    charts = debrief.locator(".debrief-chart")
    expect(charts).to_have_count(2)  # one a side, drawn in the browser
    expect(charts.first).to_contain_text("Pakistan (played by you)")
    expect(charts.nth(1)).to_contain_text("Taliban administration (played by the model)")
    expect(charts.first.locator("path.band")).to_have_count(2)  # the model's 90% and 50% of runs
    expect(page.locator(".play-again")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Traceback")
    debrief.screenshot(path=str(artifacts_dir / "debrief.png"))
    full_page_screenshot(page, artifacts_dir / "debrief_full.png")

    page.locator(".play-again").click()
    expect(page.locator(".play-start")).to_be_visible()
    assert not browser_log.problems(), "\n".join(browser_log.problems())
