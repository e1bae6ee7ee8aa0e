"""Reading scores from nbgrader's gradebook (SQLite by default, any SQLAlchemy URL)."""

from dataclasses import dataclass

from nbgrader.api import Gradebook, MissingEntry

from autograder.settings import Settings


@dataclass(frozen=True)
class TaskScore:
    grade_id: str
    score: float
    max_score: float


def open_gradebook(settings: Settings) -> Gradebook:
    return Gradebook(settings.db_url, course_id="seqgen")


def has_assignment(settings: Settings, assignment: str) -> bool:
    """True when the gradebook already knows ``assignment``."""
    with open_gradebook(settings) as gb:
        try:
            gb.find_assignment(assignment)
        except MissingEntry:
            return False
    return True


def task_scores(
    settings: Settings, assignment: str, notebook: str, student: str
) -> list[TaskScore]:
    """Score of each autograded cell of one student's notebook, in notebook order."""
    with open_gradebook(settings) as gb:
        submission = gb.find_submission_notebook(notebook, assignment, student)
        order = {cell.name: i for i, cell in enumerate(submission.notebook.grade_cells)}
        grades = sorted(submission.grades, key=lambda g: order.get(g.name, 0))
        return [
            TaskScore(g.name, float(g.score or 0.0), float(g.max_score))
            for g in grades
            if g.cell_type == "code" and g.auto_score is not None
        ]


def all_scores(settings: Settings) -> list[dict]:
    """One row per (student, assignment, task) in the gradebook, for export."""
    rows = []
    with open_gradebook(settings) as gb:
        for assignment in gb.assignments:
            for submission in assignment.submissions:
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        rows.append(
                            {
                                "student": submission.student.id,
                                "assignment": assignment.name,
                                "notebook": notebook.name,
                                "task": grade.name,
                                "score": float(grade.score or 0.0),
                                "max_score": float(grade.max_score),
                            }
                        )
    return rows
