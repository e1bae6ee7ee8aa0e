"""Reading scores from nbgrader's gradebook (SQLite by default, any SQLAlchemy URL)."""

import warnings

from nbgrader.api import Gradebook, MissingEntry
from sqlalchemy import text
from sqlalchemy.exc import SAWarning

from autograder.settings import Settings


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


def record_scores(
    settings: Settings, assignment: str, notebook: str, student: str, scores: dict[str, float]
) -> None:
    """Store one submission's task scores as nbgrader's automatic grades, in one commit."""
    with open_gradebook(settings) as gb, warnings.catch_warnings():
        # nbgrader's own submission code trips SQLAlchemy's autoflush warnings; harmless.
        warnings.simplefilter("ignore", SAWarning)
        if gb.db.bind.dialect.name == "sqlite":
            gb.db.execute(text("PRAGMA journal_mode=WAL"))
        gb.update_or_create_student(student)
        gb.update_or_create_submission(assignment, student)
        for grade_id, score in scores.items():
            gb.find_grade(grade_id, notebook, assignment, student).auto_score = score
        gb.db.commit()


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
