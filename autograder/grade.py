"""Grading submissions: a pipeline of small steps, each with one job.

check (a notebook of this assignment?) -> keep history (move an earlier grading aside)
-> place (nbgrader's submitted folder) -> assemble (the instructor's locked cells, hidden
tests cut out) -> execute (sandbox; hidden checks in this process) -> record (gradebook,
autograded copy, feedback page, results log). A bad file stops its own pipeline with a
clear message and a recorded result of zero; the batch goes on.
"""

import json
import re
import shutil
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import nbformat

from autograder import nbgrader_run
from autograder.assemble import assemble
from autograder.engine import Execution, TaskResult, execute, not_run
from autograder.feedback import render_html, write_atomic
from autograder.gradebook import record_scores
from autograder.notebooks import NotebookError, check_submission_matches, read_notebook
from autograder.sandbox import Limits, isolation_problem
from autograder.settings import CourseError, Settings, source_notebook

STEPS = ("submitted", "autograded", "feedback")


@dataclass
class GradeResult:
    student: str
    assignment: str
    file: str
    status: str  # "graded", "rejected" (bad input) or "error" (the grader failed)
    score: float = 0.0
    max_score: float = 0.0
    message: str = ""
    notices: list[str] = field(default_factory=list)
    tasks: list[TaskResult] = field(default_factory=list)
    feedback: str = ""


@dataclass(frozen=True)
class Options:
    isolate: bool = True
    keep_history: bool = True
    limits: Limits = field(default_factory=Limits)


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


def folder(settings: Settings, step: str, student: str, assignment: str) -> Path:
    return settings.state / step / student / assignment


def keep_history(settings: Settings, assignment: str, student: str) -> None:
    """Move an earlier grading of this student's assignment into history/<time>/."""
    earlier = [s for s in STEPS if folder(settings, s, student, assignment).exists()]
    if not earlier:
        return
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = settings.state / "history" / student / assignment / stamp
    for step in earlier:
        target.mkdir(parents=True, exist_ok=True)
        shutil.move(folder(settings, step, student, assignment), target / step)


def place(settings: Settings, assignment: str, student: str, nb) -> Path:
    """Write the submission where nbgrader expects it."""
    target_dir = folder(settings, "submitted", student, assignment)
    if target_dir.exists():
        shutil.rmtree(target_dir)
    target = target_dir / f"{assignment}.ipynb"
    write_atomic(target, nbformat.writes(nb))
    write_atomic(target_dir / "timestamp.txt", datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S %Z"))
    return target


def autograded_copy(settings, assignment, student, assembly, execution: Execution) -> None:
    """The notebook as it ran, with what each cell printed, for the instructor."""
    nb = nbformat.v4.new_notebook()
    for step, cell in zip(assembly.steps, execution.cells):
        code = nbformat.v4.new_code_cell(step.source)
        text = cell.get("output", "")
        if cell.get("status") == "error":
            text += f"\n[{cell.get('ename')}: {cell.get('evalue', '')}]"
        if text:
            code.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
        nb.cells.append(code)
    path = folder(settings, "autograded", student, assignment) / f"{assignment}.ipynb"
    write_atomic(path, nbformat.writes(nb))


def grade_one(settings, assignment, path: Path, student: str, options: Options) -> GradeResult:
    """Run the pipeline for one file; never raises for a bad submission."""
    result = GradeResult(student, assignment, str(path), "graded")
    source = read_notebook(source_notebook(settings, assignment))
    steps = assemble(source, source).steps  # the tasks and their points
    tests = [s for s in steps if s.is_test]
    result.max_score = sum(s.points for s in tests)
    if options.keep_history:
        keep_history(settings, assignment, student)
    try:
        nb = read_notebook(path)
        check_submission_matches(nb, source, path.name, assignment)
        submitted = place(settings, assignment, student, nb)
        assembly = assemble(source, nb)
        execution = execute(assembly, submitted, options.limits, options.isolate)
        autograded_copy(settings, assignment, student, assembly, execution)
        result.tasks, result.notices = execution.tasks, assembly.notices
        if execution.stopped:
            result.notices = [*result.notices, execution.stopped]
    except NotebookError as err:
        result.status, result.message = "rejected", str(err)
    except Exception as err:  # a fault of the grader: say so, record it, go on
        result.status = "error"
        result.message = f"The grader could not grade this file ({type(err).__name__}: {err})."
    if not result.tasks:
        result.tasks = [not_run(s, result.message) for s in tests]
    result.score = sum(t.score for t in result.tasks)
    record(settings, result)
    return result


def record(settings: Settings, result: GradeResult) -> None:
    """Gradebook, feedback page and one line in the append-only results log."""
    if result.status != "error":  # a fault of the grader must not overwrite a grade
        scores = {t.grade_id: t.score for t in result.tasks}
        record_scores(settings, result.assignment, result.assignment, result.student, scores)
    page = folder(settings, "feedback", result.student, result.assignment)
    page = page / f"{result.assignment}.html"
    notices = ([result.message] if result.message else []) + result.notices
    title = f"Feedback: {result.assignment} ({result.student})"
    write_atomic(page, render_html(title, result.tasks, notices, result.max_score))
    result.feedback = str(page)
    entry = asdict(result) | {"time": datetime.now(UTC).isoformat(timespec="seconds")}
    with (settings.state / "results.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry) + "\n")


def grade(
    settings: Settings,
    assignment: str,
    paths: list[Path],
    student: str | None = None,
    options: Options | None = None,
) -> list[GradeResult]:
    """Grade every notebook in ``paths`` for ``assignment``; one result per file."""
    options = options or Options()
    source_notebook(settings, assignment)  # a clear error for an unknown assignment
    files = expand(paths)
    if not files:
        raise CourseError("no notebooks to grade: give .ipynb files or folders holding them")
    if student and len(files) > 1:
        raise CourseError("--student names one student: give exactly one file with it")
    problem = isolation_problem() if options.isolate else None
    if problem:
        raise CourseError(
            f"submissions cannot be isolated here: {problem}. Refusing to run untrusted "
            "code; pass --unsafe to grade without isolation (only files you trust)."
        )
    nbgrader_run.ensure_in_gradebook(settings, assignment)
    return [
        grade_one(settings, assignment, path, student or student_id(path, assignment), options)
        for path in files
    ]
