"""Grading integrity, round 2 (issue 9), on a tiny course so it stays fast: per-submission
inputs, a batch that never aborts, no stale grade, size caps, instructor-side input errors,
static rules, and validate agreeing with grade."""

import json
import os
import sqlite3
import subprocess
import sys

import nbformat
import pytest
import torch

from autograder.assemble import assemble
from autograder.grade import Options, grade
from autograder.notebooks import read_notebook
from autograder.sandbox import isolation_problem
from autograder.settings import CourseError, Limits
from autograder.student import InProcessStudent, reset, use_remote_student
from autograder.validate import case_notebook, validate
from tests.autograder.course import ASSIGNMENT, submission, write_cases

pytestmark = [
    pytest.mark.grading,
    pytest.mark.skipif(isolation_problem() is not None, reason="isolation unavailable here"),
]
SPY = """
_seen = []
def square_sum(x):
    _seen.append([round(v, 6) for v in x.flatten().tolist()])
    return (x * x).sum()
"""
FAST = Options(limits=Limits(cell_seconds=20, notebook_seconds=120, grace_seconds=3))


def write(folder, name, nb):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    nbformat.write(nb, path)
    return path


def printed(settings, student):
    """What the student's last cell printed, from the instructor's autograded copy."""
    path = settings.state / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    outputs = nbformat.read(path, 4).cells[-1].outputs
    return outputs[0].text if outputs else ""


def gradebook_total(settings, student):
    db = sqlite3.connect(settings.state / "gradebook.db")
    (total,) = db.execute(
        "select sum(grade.auto_score) from grade "
        "join submitted_notebook on grade.notebook_id = submitted_notebook.id "
        "join submitted_assignment on submitted_notebook.assignment_id = submitted_assignment.id "
        "where submitted_assignment.student_id = ?",
        (student,),
    ).fetchone()
    return total


def test_hidden_inputs_are_drawn_per_submission(course, tmp_path):
    """Item 2: another file gets other inputs; the same file the same ones (a reproducible
    regrade); the grader's references come from the same draw (both score full marks)."""
    spy = submission(square_sum=SPY, extra="print(_seen)")
    first = write(tmp_path / "a", "ann.ipynb", spy)
    spy.cells[-1].source += "\n# another file"
    other = write(tmp_path / "b", "ben.ipynb", spy)
    results = grade(course, ASSIGNMENT, [first, other], options=FAST)
    assert [r.score for r in results] == [3, 3], [r.tasks for r in results]
    seen_ann, seen_ben = printed(course, "ann"), printed(course, "ben")
    assert seen_ann.startswith("[[") and seen_ann != seen_ben
    grade(course, ASSIGNMENT, [first], options=FAST)
    assert printed(course, "ann") == seen_ann


def test_a_hostile_batch_never_aborts_and_every_grade_is_current(course, tmp_path):
    """Items 5, 6, 8, 11 and the static rules in one batch, an honest file graded last."""
    folder = tmp_path / "batch"
    write(folder, "carl.ipynb", submission())
    grade(course, ASSIGNMENT, [folder / "carl.ipynb"], options=FAST)
    assert gradebook_total(course, "carl") == 3
    (folder / "carl.ipynb").unlink()
    forged_reply = """def softplus(x):
    import json, os, struct, sys
    if x.numel() == 1:  # the visible test
        return torch.log1p(torch.exp(x))
    body = json.dumps({"ok": False, "ename": "\\ud800", "blobs": []}).encode()
    os.write(int(sys.argv[2]), struct.pack("!I", len(body)) + body)
    os._exit(0)
"""
    hostile = {
        # Item 6: a lone surrogate printed, and a softplus that overflows: a current grade.
        "carl": submission(
            softplus="def softplus(x):\n    return torch.log(1 + torch.exp(x))\n",
            extra='print("\\ud800")',
        ),
        # Item 5: a forged reply whose exception name is a lone surrogate.
        "dora": submission(softplus=forged_reply),
        # Item 6: deeply nested JSON forged onto the grader's pipe stops the notebook.
        "emil": submission(
            extra="""
            import os, struct, sys
            body = b"[" * 100000
            os.write(int(sys.argv[2]), struct.pack("!I", len(body)) + body)
            """
        ),
        # Item 6: a forged reply whose output is not text.
        "finn": submission(
            extra="""
            import json, os, struct, sys
            body = json.dumps({"status": "ok", "output": {"not": ["text"]}, "blobs": []})
            os.write(int(sys.argv[2]), struct.pack("!I", len(body)) + body.encode())
            os._exit(0)
            """
        ),
        # Static rules: torch.dot through an alias is not allowed, and named.
        "fay": submission(
            square_sum="from torch import dot as d\nsquare_sum = lambda x: d(x, x)\n"
        ),
    }
    for name, nb in hostile.items():
        write(folder, f"{name}.ipynb", nb)
    twice = submission()  # item 11: the solution cell copied, the last copy is wrong
    twice.cells.insert(3, nbformat.v4.new_code_cell("def square_sum(x):\n    return x.sum()\n"))
    twice.cells[3].metadata = json.loads(json.dumps(twice.cells[2].metadata))
    write(folder, "gus.ipynb", twice)
    big = submission()  # item 8: a 9 MiB notebook is refused
    big.cells.append(nbformat.v4.new_markdown_cell("x" * (9 * 2**20)))
    write(folder, "hal.ipynb", big)
    (folder / os.fsdecode(b"\xff\xfe-ivy.ipynb")).write_bytes(b"\x89PNG not a notebook")
    write(folder, "zoe.ipynb", submission())
    results = {r.student: r for r in grade(course, ASSIGNMENT, [folder], options=FAST)}

    assert results["zoe"].score == 3 and results["zoe"].status == "graded"
    carl = results["carl"]
    assert carl.status == "graded" and carl.score == 2 and gradebook_total(course, "carl") == 2
    dora = {t.grade_id: t.message for t in results["dora"].tasks}
    assert dora["test_softplus"] == "softplus raised an exception on a hidden input"
    assert results["dora"].status == "graded" and results["dora"].score == 2
    emil = results["emil"]
    assert emil.status == "graded" and emil.score == 3 and "stopped" in " ".join(emil.notices)
    assert results["finn"].status == "graded" and results["finn"].score == 3
    fay = {t.grade_id: t for t in results["fay"].tasks}
    assert fay["test_square_sum"].score == 0 and "torch.dot" in fay["test_square_sum"].message
    assert "Not allowed" in fay["test_square_sum"].message and fay["test_softplus"].score == 1
    gus = results["gus"]
    assert gus.score == 1 and any("appears 2 times" in n for n in gus.notices)
    assert results["hal"].status == "rejected" and "larger than the 8 MiB" in results["hal"].message
    ivy = next(r for sid, r in results.items() if sid.endswith("ivy"))
    assert ivy.status == "rejected"
    lines = (course.state / "results.jsonl").read_text(encoding="utf-8").splitlines()
    logged = {json.loads(line)["student"] for line in lines}
    assert set(results) <= logged
    assert not list(course.state.rglob("*.tmp"))
    for result in results.values():
        page = open(result.feedback, encoding="utf-8").read()
        assert "Traceback" not in page and "\ud800" not in page


def test_instructor_input_errors_are_clear(course, tmp_path):
    """Items 9 and 10: a student id that is a path, two files of one student."""
    nb = write(tmp_path, "x.ipynb", submission())
    source = (course.source / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_bytes()
    with pytest.raises(CourseError, match="invalid student id"):
        grade(course, ASSIGNMENT, [nb], student="../../solutions", options=FAST)
    assert (course.source / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_bytes() == source
    write(tmp_path / "two", "bob.ipynb", submission())
    write(tmp_path / "two", "bob~.ipynb", submission())
    with pytest.raises(CourseError, match=r"bob\.ipynb and .*bob~\.ipynb .*student 'bob'"):
        grade(course, ASSIGNMENT, [tmp_path / "two"], options=FAST)


def test_a_path_that_does_not_exist_records_nothing(course, tmp_path):
    """Review: a typo in a path was graded as a submission, recording 0 over ria's grade."""
    path = write(tmp_path, "ria.ipynb", submission())
    assert grade(course, ASSIGNMENT, [path], options=FAST)[0].score == 3
    with pytest.raises(CourseError, match=r"no such file or folder: .*ria\.ipynbb"):
        grade(course, ASSIGNMENT, [tmp_path / "ria.ipynbb"], options=FAST)
    with pytest.raises(CourseError, match="nothing was graded"):
        grade(course, ASSIGNMENT, [tmp_path / "missing"], student="ria", options=FAST)
    assert gradebook_total(course, "ria") == 3


def test_cli_strips_terminal_control_characters(course, tmp_path):
    """Item 12: nothing a submission or its file name chooses drives the terminal."""
    (tmp_path / "\x1b]0;owned\x07\x1b[32mok.ipynb").write_text("not json \x1b[2J")
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", ASSIGNMENT, str(tmp_path)],
        capture_output=True,
        text=True,
        env=course.environ(),
        cwd=course.root,
    )
    assert "rejected" in done.stdout
    assert "\x1b" not in done.stdout + done.stderr and "\x07" not in done.stdout


def test_validate_and_grade_agree_on_every_case(course, tmp_path):
    """Structure: validate decides through grade's path. Every case, graded as a file,
    scores what validate says; and one variant that only the real path catches."""
    results = validate(course, ASSIGNMENT)
    assert all(r.ok for r in results), [(r.name, r.verdict) for r in results]
    source = read_notebook(course.source / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    folder = tmp_path / "cases"
    write_cases(course, ASSIGNMENT, results, folder)
    graded = grade(course, ASSIGNMENT, [folder], options=FAST)
    assert [r.score for r in graded] == [r.score for r in results]
    patched = next(r for r in results if r.name.endswith("patches_allclose"))
    assert patched.ok and "test_softplus" in patched.failed
    assert passes_in_one_process(course, source, patched.name)


def passes_in_one_process(settings, source, variant: str) -> bool:
    """The old validation: the variant's notebook and the hidden checks in one process."""
    override = (settings.source / ASSIGNMENT / "known_wrong" / f"{variant}.py").read_text()
    nb = case_notebook(source, "variant", "test_softplus", override)
    namespace: dict = {}
    saved = torch.allclose
    token = use_remote_student(InProcessStudent(namespace))
    try:
        for step in assemble(source, nb).steps:
            exec(step.source, namespace)
        hidden = next(s.hidden for s in assemble(source, nb).steps if s.grade_id == "test_softplus")
        exec(hidden, namespace)
        return True
    except AssertionError:
        return False
    finally:
        torch.allclose = saved
        reset(token)


def test_a_grader_fault_keeps_the_grade_and_marks_a_regrade(course, tmp_path):
    """Item 6: only a fault proven to be the grader's (here: the sandbox never started,
    before any submitted code ran) leaves the gradebook untouched, and export says so."""
    from autograder.export import export_csv

    path = write(tmp_path, "kim.ipynb", submission())
    assert grade(course, ASSIGNMENT, [path], options=FAST)[0].score == 3
    broken = Options(limits=Limits(startup_seconds=0.001, grace_seconds=0.1))
    (result,) = grade(course, ASSIGNMENT, [write(tmp_path, "kim.ipynb", submission(softplus=""))],
                      options=broken)  # fmt: skip
    assert result.status == "error" and "marked for regrading" in result.message
    assert gradebook_total(course, "kim") == 3
    export_csv(course, tmp_path / "grades.csv")
    rows = [r for r in (tmp_path / "grades.csv").read_text().splitlines() if r.startswith("kim,")]
    assert rows and all(r.endswith(",yes") for r in rows)
    grade(course, ASSIGNMENT, [path], options=FAST)
    export_csv(course, tmp_path / "grades.csv")
    rows = [r for r in (tmp_path / "grades.csv").read_text().splitlines() if r.startswith("kim,")]
    assert rows and not any(r.endswith(",yes") for r in rows)


def test_a_gradebook_that_cannot_be_written_marks_a_regrade(course, tmp_path, monkeypatch):
    """Item 6: recording is inside the per-file boundary; a failed write is reported, the
    student marked for regrading, and the batch goes on."""
    import autograder.gradebook
    from autograder.records import regrade_marks

    def unavailable(*args, **kwargs):
        raise OSError("database is locked")

    monkeypatch.setattr(autograder.gradebook, "record_scores", unavailable)
    (tmp_path / "lou.ipynb").write_text("not json")
    write(tmp_path, "max.ipynb", submission())
    lou, maxi = grade(course, ASSIGNMENT, [tmp_path], options=FAST)
    assert lou.status == maxi.status == "error" and "Recording this grading failed" in lou.message
    assert {("lou", ASSIGNMENT), ("max", ASSIGNMENT)} <= regrade_marks(course)


@pytest.mark.parametrize(
    "meta",
    ["x", ["test_softplus"], {"grade_id": ["test_softplus"]}, {"grade_id": 5, "points": "many"}],
    ids=["text", "list", "id-list", "id-number"],
)
def test_malformed_nbgrader_metadata_is_the_submissions_problem(course, tmp_path, meta):
    """Review 4: cell metadata ``"nbgrader": "x"`` is valid nbformat, but it crashed the
    checks; grade blamed itself, kept the old gradebook grade and marked a regrade."""
    nb = submission(softplus="def softplus(x):\n    return x\n")
    nb.cells[-2].metadata["nbgrader"] = meta  # the student's softplus cell
    path = write(tmp_path, "mia.ipynb", nb)
    (result,) = grade(course, ASSIGNMENT, [path], options=FAST)
    assert result.status in ("graded", "rejected"), (result.status, result.message)
    assert result.score <= 2  # softplus is wrong whatever its metadata says
