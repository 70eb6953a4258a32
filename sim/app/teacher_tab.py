"""The teacher's tab (``escalation app --class``): the class code, a live table of every student's game,
the class debrief and the CSV of every choice.

The table is drawn again at most once a second, and only when a student did something: thirty students
stepping once a second cost the teacher's page one small update a second, not thirty.
"""

from __future__ import annotations

import threading

import solara

from sim.app import class_debrief, class_table
from sim.app.debriefs import finished_results
from sim.app.play_tab import DEBRIEF_RUNS
from sim.app.vue_parts import DataTable, Distribution, Sealed

REFRESH_S = 1.0


def _snapshot(classroom) -> tuple[int, Sealed]:
    version = classroom.version
    return version, Sealed(class_table.rows(classroom))


@solara.component
def TeacherTab(classroom, join_url: str | None):
    table = solara.use_reactive(solara.use_memo(lambda: _snapshot(classroom), [classroom]))
    debrief = solara.use_reactive(None)  # (panels, rows, still playing) once asked for

    def follow(cancel: threading.Event):
        while not cancel.wait(REFRESH_S):
            if classroom.version != table.value[0]:
                table.set(_snapshot(classroom))

    solara.use_thread(follow, dependencies=[classroom], intrusive_cancel=False)

    link = f" at [{join_url}]({join_url})" if join_url else ""
    with solara.Div(classes=["class-header"]):
        solara.Markdown(f"## Class {classroom.code}\n\nStudents join{link}, or open the page and type the code "
                        f"**{classroom.code}**. Every game starts from the same point: scenario "
                        f"`{classroom.dials['scenario_name']}`, seed {classroom.dials['seed']}, {classroom.days} "
                        "days to play.")
    if classroom.problem():
        solara.Error(classroom.problem())
    Kept(classroom)
    with solara.Card("Games (live)"):
        solara.Text(f"{len(classroom.names)} joined, {len(table.value[1].value)} games", classes=["class-count"])
        DataTable(list(class_table.COLUMNS), table.value[1], "class-table", empty="No student has started a game yet.")

    def make_debrief():
        done, playing = finished_results(classroom, DEBRIEF_RUNS)
        full = [g for g in done if g.result.days_played >= classroom.days]
        debrief.set((Sealed(class_debrief.panels(full)), Sealed(class_debrief.table(done)), len(playing)))

    with solara.Row():
        solara.Button("Class debrief", on_click=make_debrief, color="primary", classes=["class-debrief-button"])
        with solara.Div(classes=["csv-download"]):
            solara.FileDownload(lambda: class_table.choices_csv(classroom), label="Download every choice (CSV)",
                                filename=f"class_{classroom.code}_choices.csv", mime_type="text/csv")
    if debrief.value is not None:
        ClassDebrief(*debrief.value, days=classroom.days)


@solara.component
def Kept(classroom):
    """Where the class is written, what was restored from it at the server's start, and whether writing stopped."""
    store, restored = classroom.store, classroom.restored
    if store is not None:
        with solara.Div(classes=["class-kept"]):
            solara.Markdown(f"Every join, choice and debrief is written as it happens to `{store.path}`. If the "
                            f"server stops, `escalation app --class-dir {store.folder}` brings the class back, "
                            "and each student finds their game again on reloading the page.")
    if restored is not None:
        solara.Info(restored.describe(), classes=["class-restored"])
        for difference in restored.differences:
            solara.Warning(difference, classes=["class-restore-difference"])
    if classroom.store_problem:
        solara.Error(classroom.store_problem, classes=["class-not-saved"])


@solara.component
def ClassDebrief(panels: Sealed, rows: Sealed, playing: int, days: int):
    with solara.Div(classes=["class-debrief"]):
        solara.Markdown("## Class debrief\n\nEach game played to the end, against the model's own runs from the "
                        f"class's start ({days} days). Games ended early are in the table, each against the "
                        "model's runs of its own length." + (f" Still playing: {playing}." if playing else ""))
        if panels.value:
            Distribution(panels)
        else:
            solara.Info("No game has been played to the end yet.")
        DataTable(class_debrief.table_columns(), rows, "class-debrief-table", empty="No game has a debrief yet.")
