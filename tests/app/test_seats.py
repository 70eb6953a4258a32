"""The page's seats: places on the server, the limit, the teacher, what a seat keeps."""

from __future__ import annotations

import ipyvuetify as v
import solara

from sim.app.seats import Seat, Seats, full_message, use_kept


def test_a_browser_beyond_the_limit_gets_no_seat_until_one_closes():
    seats = Seats(limit=2)
    assert seats.open_page("a") and seats.open_page("b")
    assert not seats.open_page("c") and seats.seated("c") is None and seats.live() == 2
    assert seats.open_page("a")  # a second tab of a seated browser always opens
    seats.close_page("b")
    assert seats.live() == 1 and seats.open_page("c") and seats.seated("c") is not None


def test_a_seat_comes_back_with_what_it_kept():
    seats = Seats(limit=1)
    seats.open_page("a")
    seats.seated("a").name = "Ayesha"
    seats.close_page("a")
    assert seats.seated("a") is None and seats.live() == 0
    assert seats.open_page("a") and seats.seated("a").name == "Ayesha"


def test_the_teacher_is_let_in_over_the_limit_and_takes_no_place():
    seats = Seats(limit=1)
    assert seats.open_page("student")
    assert not seats.open_page("teacher") and seats.open_page("teacher", over_limit=True)
    seats.mark_teacher("teacher")
    assert seats.live() == 1
    seats.close_page("student")
    assert seats.open_page("other student")


def test_closing_more_than_was_opened_changes_nothing():
    seats = Seats(limit=1)
    seats.close_page("nobody")
    seats.open_page("a"), seats.close_page("a"), seats.close_page("a")
    assert seats.live() == 0 and seats.open_page("b")


def test_the_full_message_says_what_to_do():
    assert "full: 1 browser has it open" in full_message(1)
    text = full_message(30)
    assert "30 browsers" in text and "--max-sessions N" in text and "reload" in text


def test_a_kept_value_lives_on_the_seat():
    seat = Seat("s")

    @solara.component
    def Counter():
        n = use_kept(seat, "name", lambda: "0")
        solara.Button(n.value, on_click=lambda: n.set(str(int(n.value) + 1)))

    box, rc = solara.render(Counter(), handle_error=False)
    assert seat.name == "0"
    rc.find(v.Btn).widget.click()
    assert seat.name == "1"
    box, rc = solara.render(Counter(), handle_error=False)  # a reload: a new page, the same seat
    rc.find(v.Btn, children=["1"]).assert_single()


def test_when_full_a_vanished_browser_gives_its_place_and_may_come_back():
    there = {"a", "b"}
    seats = Seats(limit=2, connected=lambda: set(there))
    seats.open_page("a"), seats.open_page("b")
    assert not seats.open_page("c")  # both still connected: full
    there.discard("b")  # b's laptop went to sleep, its page never said goodbye
    assert seats.open_page("c") and seats.seated("b") is not None  # b keeps its seat and its game
    assert seats.open_page("b")  # and is let back in when it wakes up


def test_the_connected_browsers_of_a_server_without_pages():
    from sim.app.seats import connected_sessions

    assert connected_sessions() == set()


def test_a_browser_still_connecting_is_there_and_one_whose_pages_all_dropped_is_not(monkeypatch):
    from types import SimpleNamespace

    from solara.server import kernel_context
    from solara.server.kernel_context import PageStatus

    from sim.app.seats import connected_sessions

    kernels = {"k1": SimpleNamespace(session_id="arriving", page_status={}),
               "k2": SimpleNamespace(session_id="here", page_status={"p1": PageStatus.DISCONNECTED, "p2": PageStatus.CONNECTED}),
               "k3": SimpleNamespace(session_id="asleep", page_status={"p3": PageStatus.DISCONNECTED}),
               "k4": SimpleNamespace(session_id="left", page_status={"p4": PageStatus.CLOSED})}
    monkeypatch.setattr(kernel_context, "contexts", kernels)
    assert connected_sessions() == {"arriving", "here"}
