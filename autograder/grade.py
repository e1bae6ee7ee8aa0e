"""Grading submissions: a pipeline of small steps, each with one job.

check (is it a notebook of this assignment?) -> place (copy into nbgrader's submitted
folder) -> execute (nbgrader autograde; swappable, so a sandbox can wrap it) -> score
(read the gradebook) -> feedback (HTML per task). A bad file stops its own pipeline with
a clear message and a recorded result; the batch goes on.
"""

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import nbformat

from autograder import nbgrader_run
from autograder.feedback import (
    TaskFeedback,
    cell_errors,
    outcome_message,
    render_html,
    write_atomic,
)
from autograder.gradebook import task_scores
from autograder.notebooks import (
    NotebookError,
    check_submission_matches,
    grade_cells,
    read_notebook,
)
from autograder.settings import CourseError, Settings, source_notebook

Executor = Callable[[Settings, str, str], object]


@dataclass
class GradeResult:
    student: str
    assignment: str
    file: str
    status: str  # "graded", "rejected" (bad input) or "error" (the grader failed)
    score: float = 0.0
    max_score: float = 0.0
    message: str = ""
    tasks: list[TaskFeedback] = field(default_factory=list)
    feedback: str = ""


def expand(paths: list[Path]) -> list[Path]:
    """Files as given; folders replaced by the notebooks inside them."""
    files = []
    for path in paths:
        path = Path(path)
        files.extend(sorted(path.rglob("*.ipynb")) if path.is_dir() else [path])
    return files


def student_id(path: Path, assignment: str) -> str:
    """``alice.ipynb`` -> alice; ``alice/00_rnn_basics.ipynb`` -> alice."""
    name = path.parent.name if path.stem == assignment else path.stem
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name).strip("._") or "student"


def place(settings: Settings, assignment: str, student: str, nb) -> Path:
    """Write the submission where nbgrader expects it, replacing an older one."""
    folder = settings.state / "submitted" / student / assignment
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    target = folder / f"{assignment}.ipynb"
    write_atomic(target, nbformat.writes(nb))
    write_atomic(folder / "timestamp.txt", datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f %Z"))
    return target


def collect_feedback(settings: Settings, assignment: str, student: str) -> list[TaskFeedback]:
    """Points from the gradebook, messages from the executed notebook's grade cells."""
    graded = settings.state / "autograded" / student / assignment / f"{assignment}.ipynb"
    errors = cell_errors(read_notebook(graded))
    tasks = []
    for task in task_scores(settings, assignment, assignment, student):
        message = outcome_message(task.score >= task.max_score, errors.get(task.grade_id))
        tasks.append(TaskFeedback(task.grade_id, task.score, task.max_score, message))
    return tasks


def grade_one(
    settings: Settings, assignment: str, path: Path, student: str, execute: Executor
) -> GradeResult:
    """Run the pipeline for one file; never raises for a bad submission."""
    result = GradeResult(student, assignment, str(path), "graded")
    try:
        nb = read_notebook(path)
        check_submission_matches(
            nb, read_notebook(source_notebook(settings, assignment)), path.name, assignment
        )
        place(settings, assignment, student, nb)
        execute(settings, assignment, student)
        result.tasks = collect_feedback(settings, assignment, student)
    except NotebookError as err:
        result.status, result.message = "rejected", str(err)
    except CourseError as err:
        result.status, result.message = "error", f"The grader could not grade this file: {err}"
    result.score = sum(t.score for t in result.tasks)
    result.max_score = sum(t.max_score for t in result.tasks) or max_points(settings, assignment)
    result.feedback = str(write_feedback(settings, result))
    record(settings, result)
    return result


def max_points(settings: Settings, assignment: str) -> float:
    return sum(c.points for c in grade_cells(read_notebook(source_notebook(settings, assignment))))


def write_feedback(settings: Settings, result: GradeResult) -> Path:
    """The student's feedback page, in nbgrader's feedback folder."""
    path = (
        settings.state
        / "feedback"
        / result.student
        / result.assignment
        / f"{result.assignment}.html"
    )
    title = f"Feedback: {result.assignment} ({result.student})"
    write_atomic(path, render_html(title, result.tasks, result.message or None))
    return path


def record(settings: Settings, result: GradeResult) -> None:
    """Append the result to the grading log (one JSON line per grading, never rewritten)."""
    entry = asdict(result) | {"time": datetime.now(UTC).isoformat(timespec="seconds")}
    log = settings.state / "results.jsonl"
    with log.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry) + "\n")


def grade(
    settings: Settings,
    assignment: str,
    paths: list[Path],
    student: str | None = None,
    execute: Executor = nbgrader_run.autograde,
) -> list[GradeResult]:
    """Grade every notebook in ``paths`` for ``assignment``; one result per file."""
    source_notebook(settings, assignment)  # a clear error for an unknown assignment
    files = expand(paths)
    if not files:
        raise CourseError("no notebooks to grade: give .ipynb files or folders holding them")
    if student and len(files) > 1:
        raise CourseError("--student names one student: give exactly one file with it")
    nbgrader_run.ensure_in_gradebook(settings, assignment)
    return [
        grade_one(settings, assignment, path, student or student_id(path, assignment), execute)
        for path in files
    ]
