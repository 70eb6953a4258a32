"""Joining a class (``escalation app --class``): the class code and a name, then the side to play.

The code comes filled in from the join link (``?class=CODE``); the name is what the teacher's table
shows. A seat that joined stays joined: a reload goes straight to choosing a side, or back to the game.
"""

from __future__ import annotations

import solara

from sim.app.classroom import CLASSES


@solara.component
def JoinForm(seat, code_given: str | None, on_joined):
    code = solara.use_reactive(code_given or "")
    name = solara.use_reactive("")
    problem = solara.use_reactive(None)

    def join():
        classroom = CLASSES.get(code.value)
        if classroom is None:
            problem.set(f"No class with the code {code.value.strip()!r} on this server: check the code on the "
                        "board (letters and digits, no O or I).")
            return
        try:
            joined = classroom.join(seat.key, name.value)
        except ValueError as exc:
            problem.set(str(exc))
            return
        problem.set(None)
        on_joined(classroom.code, joined)

    with solara.Card("Join your class", classes=["join-form"]):
        solara.InputText("Class code", value=code, classes=["join-code"], continuous_update=True)
        solara.InputText("Your name (or your pair's names)", value=name, classes=["join-name"], continuous_update=True)
        if problem.value:
            solara.Error(problem.value, classes=["join-problem"])
        solara.Button("Join", on_click=join, color="primary", classes=["join-button"])
