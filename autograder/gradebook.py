"""Reading and writing scores in nbgrader's gradebook.

SQLite in WAL mode by default (embedded, nothing to set up; readers such as ``export`` never
block the batch that is writing); any SQLAlchemy URL through ``SEQGEN_GRADEBOOK_URL``
(:mod:`autograder.settings`), e.g. ``postgresql://user@host/db`` for a course whose graders
run on several machines. The schema and its migrations are nbgrader's own.
"""

import warnings

from nbgrader.api import Gradebook, MissingEntry
from sqlalchemy import text
from sqlalchemy.exc import SAWarning

from autograder.settings import Settings


def open_gradebook(settings: Settings) -> Gradebook:
    gb = Gradebook(settings.db_url, course_id="seqgen")
    if gb.db.bind.dialect.name == "sqlite":
        # WAL is a property of the database file (set once, kept); the busy timeout lets a
        # second grading process wait for the lock instead of failing at once.
        gb.db.execute(text("PRAGMA journal_mode=WAL"))
        gb.db.execute(text("PRAGMA busy_timeout=30000"))
    return gb


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
