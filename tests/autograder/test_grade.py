"""Grading end to end on exercise 00: full, partial and refused submissions.

Written against whatever exercise 00 holds: its tasks, points and known-wrong variants are
read from the source notebook, so rebuilding the exercise does not break these tests.
"""

import subprocess
import sys

import nbformat
import pytest

from autograder.assemble import split_hidden
from autograder.grade import grade
from autograder.notebooks import nbgrader_meta
from autograder.sandbox import isolation_problem
from autograder.validate import case_notebook
from tests.conftest import ROOT

ASSIGNMENT = "00_rnn_basics"
SOURCE = ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
RELEASE = ROOT / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
KNOWN_WRONG = ROOT / "solutions" / ASSIGNMENT / "known_wrong"
pytestmark = pytest.mark.skipif(
    isolation_problem() is not None,
    reason=f"grading needs the sandbox (root and Linux namespaces): {isolation_problem()}",
)


def tasks() -> list[tuple[str, float, str]]:
    """(grade cell id, points, id of the solution cell before it), in notebook order."""
    found, solution = [], None
    for cell in nbformat.read(SOURCE, 4).cells:
        meta = nbgrader_meta(cell)
        if meta.get("solution"):
            solution = meta["grade_id"]
        elif meta.get("grade"):
            found.append((meta["grade_id"], float(meta["points"]), solution))
    return found


TASKS = tasks()
FULL = sum(points for _, points, _ in TASKS)


def stub_release():
    """The student notebook as released (stubs), built from the source."""
    return case_notebook(nbformat.read(SOURCE, 4), "stub")


def solved_release(override_task=None, override_code=""):
    """The student notebook with the reference solutions typed in; ``override_code``
    appended to the solution cell ``override_task`` (to make one task wrong)."""
    nb = case_notebook(nbformat.read(SOURCE, 4), "reference")
    for cell in nb.cells:
        if nbgrader_meta(cell).get("grade_id") == override_task:
            cell.source += "\n" + override_code
    return nb


def first_wrong_variant() -> tuple[str, float, str, str]:
    """(grade id, points, solution cell id, code) of the first task's first variant."""
    grade_id, points, solution = TASKS[0]
    path = sorted(KNOWN_WRONG.glob(f"{grade_id}__*.py"))[0]
    return grade_id, points, solution, path.read_text()


def hidden_lines():
    lines = []
    for cell in nbformat.read(SOURCE, 4).cells:
        hidden = split_hidden(cell.source)[1]
        lines += [ln.strip() for ln in hidden.splitlines() if len(ln.strip()) > 12]
    return lines


@pytest.fixture(scope="module")
def graded(grading_settings, tmp_path_factory):
    folder = tmp_path_factory.mktemp("submissions")
    nbformat.write(solved_release(), folder / "alice.ipynb")
    _, _, solution, code = first_wrong_variant()
    nbformat.write(solved_release(solution, code), folder / "bob.ipynb")
    (folder / "carol.ipynb").write_text('{"cells": [ oops')
    nbformat.write(stub_release(), folder / "dave.ipynb")
    results = grade(grading_settings, ASSIGNMENT, [folder])
    return {r.student: r for r in results}


@pytest.mark.grading
def test_correct_submission_gets_full_marks(graded):
    alice = graded["alice"]
    assert alice.status == "graded" and alice.max_score > 0
    assert alice.score == alice.max_score, [(t.grade_id, t.message) for t in alice.tasks]


@pytest.mark.grading
def test_a_wrong_task_gets_partial_marks(graded):
    bob = graded["bob"]
    target = TASKS[0][0]
    scores = {t.grade_id: t.score for t in bob.tasks}
    assert scores[target] == 0
    message = next(t.message for t in bob.tasks if t.grade_id == target)
    assert message.startswith(("A hidden check failed: ", "Not allowed: ")), message
    assert 0 < bob.score < bob.max_score


@pytest.mark.grading
def test_unattempted_release_scores_zero(graded):
    dave = graded["dave"]
    assert dave.status == "graded" and dave.score == 0
    assert all("Not attempted" in t.message for t in dave.tasks)
    assert all(t.visible == "not attempted" for t in dave.tasks)


@pytest.mark.grading
def test_malformed_notebook_is_rejected_clearly_and_batch_goes_on(graded):
    carol = graded["carol"]
    assert carol.status == "rejected" and "not valid notebook JSON" in carol.message
    assert carol.score == 0
    assert "not valid notebook JSON" in open(carol.feedback).read()
    assert {"alice", "bob", "dave"} <= set(graded)


@pytest.mark.grading
def test_feedback_never_shows_hidden_tests(graded):
    secrets = hidden_lines()
    assert secrets
    for result in graded.values():
        page = open(result.feedback).read()
        leaked = [line for line in secrets if line in page]
        assert not leaked, f"{result.student}'s feedback quotes hidden tests: {leaked[:3]}"
        assert "Traceback" not in page


@pytest.mark.grading
def test_results_are_logged_and_exported(graded, grading_settings, tmp_path):
    log = (grading_settings.state / "results.jsonl").read_text().splitlines()
    assert len(log) >= 4
    target = tmp_path / "grades.csv"
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "export", "-o", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=grading_settings.environ(),
    )
    assert done.returncode == 0, done.stderr
    rows = target.read_text().splitlines()
    assert rows[0] == "student,assignment,notebook,task,score,max_score,needs_regrade"
    assert any(row.startswith("alice,00_rnn_basics") for row in rows)


@pytest.mark.grading
def test_cli_grade_of_malformed_file_has_no_traceback(grading_settings, tmp_path):
    bad = tmp_path / "erin.ipynb"
    bad.write_text("this is not json")
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", ASSIGNMENT, str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=grading_settings.environ(),
    )
    assert done.returncode == 1
    assert "rejected" in done.stdout and "not valid notebook JSON" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_a_batch_graded_under_other_limits_or_isolation_is_not_resumed(grading_settings):
    """Resuming skips recorded files: only the very same conditions may resume a batch."""
    from autograder.grade import Options, batch_for
    from autograder.settings import Limits

    pairs = [(ROOT / "exercises" / "00_rnn_basics" / "00_rnn_basics.ipynb", "kim")]
    base = batch_for(grading_settings, "00_rnn_basics", Options(), pairs)
    assert batch_for(grading_settings, "00_rnn_basics", Options(), pairs) == base
    slower = Options(limits=Limits(cell_seconds=999))
    assert batch_for(grading_settings, "00_rnn_basics", slower, pairs) != base
    assert batch_for(grading_settings, "00_rnn_basics", Options(isolate=False), pairs) != base


def test_a_failed_recording_marks_the_regrade_under_the_recording_lock(monkeypatch, tmp_path):
    """Parallel jobs share the regrade marks: a job whose recording failed must not write
    them while another job holds the lock (its write would be lost)."""
    from contextlib import contextmanager

    from autograder import grade as grading
    from autograder.results import GradeResult

    held, seen = [], []

    @contextmanager
    def recording(settings):
        held.append(True)
        yield
        held.pop()

    def broken(settings, result):
        raise OSError("gradebook down")

    monkeypatch.setattr(grading, "recording", recording)
    monkeypatch.setattr(grading, "record", broken)
    monkeypatch.setattr(grading, "mark_regrade", lambda *a: seen.append(("mark", bool(held))))
    monkeypatch.setattr(grading, "log_result", lambda *a: seen.append(("log", bool(held))))
    result = GradeResult("kim", "00_rnn_basics", "kim.ipynb", status="graded")
    grading.record_one(None, result, run="r1")
    assert result.status == "error" and "gradebook down" in result.message
    assert seen == [("mark", True), ("log", True)]
