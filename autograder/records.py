"""The grading state on disk: submitted copies, history, autograded copies, feedback pages,
the results log, the gradebook, and which students need a regrade.

Everything written here is made safe first (:func:`autograder.text.safe_text`): text from
a submission or a file name can never make a write fail.
"""

import fcntl
import json
import shutil
import threading
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import nbformat

from autograder.feedback import render_html, write_atomic
from autograder.results import Execution, GradeResult
from autograder.settings import Settings
from autograder.text import safe_text

STEPS = ("submitted", "autograded", "feedback")
REGRADE = "needs-regrade.json"
_recording = threading.Lock()


@contextmanager
def recording(settings: Settings):
    """One recording at a time: among a batch's parallel jobs (the lock) and among grading
    processes sharing this state folder (``flock``), so the gradebook, the regrade marks and
    the results log each have one writer at a time."""
    with _recording, (settings.state / ".recording.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


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


def place(settings: Settings, assignment: str, student: str, data: bytes) -> Path:
    """Keep the submitted file, byte for byte, where nbgrader expects it."""
    target_dir = folder(settings, "submitted", student, assignment)
    if target_dir.exists():
        shutil.rmtree(target_dir)
    target_dir.mkdir(parents=True)
    target = target_dir / f"{assignment}.ipynb"
    target.write_bytes(data)
    write_atomic(target_dir / "timestamp.txt", datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S %Z"))
    return target


def autograded_copy(settings, assignment, student, sources: list[str], run: Execution) -> None:
    """The notebook as it ran, with what each cell printed, for the instructor."""
    nb = nbformat.v4.new_notebook()
    for source, cell in zip(sources, run.cells):
        code = nbformat.v4.new_code_cell(safe_text(source))
        text = safe_text(cell.get("output", ""))
        if cell.get("status") == "error":
            text += f"\n[{safe_text(cell.get('ename'))}: {safe_text(cell.get('evalue', ''))}]"
        if text:
            code.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
        nb.cells.append(code)
    path = folder(settings, "autograded", student, assignment) / f"{assignment}.ipynb"
    write_atomic(path, nbformat.writes(nb))


def record(settings: Settings, result: GradeResult) -> None:
    """Gradebook (unless the grader itself failed), feedback page, results log line."""
    with recording(settings):
        record_unlocked(settings, result)


def record_unlocked(settings: Settings, result: GradeResult) -> None:
    from autograder.gradebook import record_scores  # nbgrader is slow to import

    result.message = safe_text(result.message)
    result.notices = [safe_text(n) for n in result.notices]
    if result.status == "error":
        mark_regrade(settings, result.student, result.assignment, True)
    else:
        scores = {t.grade_id: t.score for t in result.tasks}
        record_scores(settings, result.assignment, result.assignment, result.student, scores)
        mark_regrade(settings, result.student, result.assignment, False)
    page = folder(settings, "feedback", result.student, result.assignment)
    page = page / f"{result.assignment}.html"
    notices = ([result.message] if result.message else []) + result.notices
    title = f"Feedback: {result.assignment} ({result.student})"
    write_atomic(page, render_html(title, result.tasks, notices, result.max_score))
    result.feedback = str(page)
    log_result(settings, result)


def log_result(settings: Settings, result: GradeResult) -> None:
    """One line in the append-only results log (ASCII JSON: any text is safe in it)."""
    entry = asdict(result) | {"time": datetime.now(UTC).isoformat(timespec="seconds")}
    with (settings.state / "results.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, default=str) + "\n")


def regrade_marks(settings: Settings) -> set[tuple[str, str]]:
    """(student, assignment) pairs whose last grading failed on the grader's side."""
    path = settings.state / REGRADE
    if not path.exists():
        return set()
    return {tuple(pair) for pair in json.loads(path.read_text(encoding="utf-8"))}


def mark_regrade(settings: Settings, student: str, assignment: str, needed: bool) -> None:
    marks = regrade_marks(settings)
    changed = (student, assignment) in marks
    if needed == changed:
        return
    marks = marks | {(student, assignment)} if needed else marks - {(student, assignment)}
    write_atomic(settings.state / REGRADE, json.dumps(sorted(marks)))
