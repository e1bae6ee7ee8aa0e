"""Hostile submissions earn nothing they did not earn with real code, and the grader survives.

Every hostile loop, allocation and spawn below is bounded by its own counts and sizes, so
it cannot harm a shared 2-core machine even if a sandbox limit were missing.
"""

import json
import socket
import sqlite3
import threading

import nbformat
import pytest

from autograder.grade import Options, grade
from autograder.sandbox import Limits, isolation_problem
from tests.autograder.test_grade import (
    ASSIGNMENT,
    FULL,
    ROOT,
    TASKS,
    first_wrong_variant,
    hidden_lines,
    solved_release,
    stub_release,
)

pytestmark = [
    pytest.mark.grading,
    pytest.mark.skipif(isolation_problem() is not None, reason="isolation unavailable here"),
]
FIRST_TASK, FIRST_POINTS, FIRST_SOLUTION, WRONG_FIRST = first_wrong_variant()
LAST_TASK, LAST_POINTS, LAST_SOLUTION = TASKS[-1]
BEFORE_LAST_TASK = TASKS[-2][0]


def with_cell(nb, code: str, after: str | None = None):
    """Add a cell of the student's own after the cell ``after`` (default: at the end)."""
    index = len(nb.cells)
    if after:
        index = 1 + next(
            i for i, c in enumerate(nb.cells)
            if c.metadata.get("nbgrader", {}).get("grade_id") == after
        )  # fmt: skip
    nb.cells.insert(index, nbformat.v4.new_code_cell(code))
    return nb


def stubs():
    return stub_release()


class Listener:
    """A TCP server on the host's loopback that counts connections (it should see none)."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while self.running:
            try:
                conn, _ = self.server.accept()
                self.connections += 1
                conn.close()
            except OSError:
                pass

    def close(self):
        self.running = False
        self.thread.join()
        self.server.close()


def submissions(state, port):
    gradebook = state / "gradebook.db"
    solutions = ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    return {
        # Reads the reference solutions and runs them: would score full marks if it could.
        "reader": (with_cell(stubs(), f"""
import json
try:
    nb = json.load(open({str(solutions)!r}))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and "BEGIN SOLUTION" in "".join(cell["source"]):
            code = "".join(cell["source"]).replace("### BEGIN SOLUTION", "")
            exec(code.replace("### END SOLUTION", ""))
except OSError as err:
    print("could not read:", err)
""", after=LAST_SOLUTION), 0),
        # Writes full marks into the gradebook from inside its kernel.
        "forger": (with_cell(stubs(), f"""
import sqlite3
try:
    db = sqlite3.connect({str(gradebook)!r})
    db.execute("update grade set auto_score = 100")
    db.commit()
except Exception as err:
    print("no gradebook:", err)
"""), 0),
        # Monkeypatches every comparison it can find, with a wrong LSTM cell.
        "patcher": (with_cell(solved_release(FIRST_SOLUTION, WRONG_FIRST), """
import numpy, numpy.testing, torch
torch.allclose = lambda *a, **k: True
torch.equal = lambda *a, **k: True
torch.Tensor.__eq__ = lambda *a, **k: True
numpy.allclose = lambda *a, **k: True
numpy.testing.assert_allclose = lambda *a, **k: None
torch.testing.assert_close = lambda *a, **k: None
""", after=FIRST_SOLUTION), FULL - FIRST_POINTS),
        # Patches builtins so broadly that its own process breaks: it may lose points for
        # that (the static rules refuse module-level use of builtins), but never gains any.
        "saboteur": (with_cell(solved_release(FIRST_SOLUTION, WRONG_FIRST), """
import builtins
builtins.isinstance = lambda *a, **k: True
builtins.all = lambda *a, **k: True
builtins.len = lambda *a, **k: 0
""", after=FIRST_SOLUTION), ("at most", FULL - FIRST_POINTS)),
        # Swallows every exception of every later cell (including the visible tests).
        "swallower": (with_cell(stubs(), """
ip = get_ipython()
ip.set_custom_exc((BaseException,), lambda *args, **kwargs: None)
""", after="setup"), 0),
        # Prints fake scores and forges protocol messages on every open descriptor.
        "faker": (with_cell(stubs(), """
import os, struct, json
print("Score: 12 / 12\\nAll checks passed.")
for fd in range(3, 12):
    try:
        body = json.dumps({"ok": True, "status": "ok", "blobs": []}).encode()
        os.write(fd, struct.pack("!I", len(body)) + body)
    except OSError:
        pass
"""), 0),
        # Tries the network: the host's loopback listener must see nothing.
        "caller": (with_cell(solved_release(), f"""
import socket
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=2)
    print("connected!")
except OSError as err:
    print("no network:", err)
"""), FULL),
        # A bounded fork loop: the process limit stops it early.
        "forker": (with_cell(solved_release(), """
import os, time
children = []
for _ in range(200):
    try:
        pid = os.fork()
    except OSError:
        break
    if pid == 0:
        time.sleep(2)
        os._exit(0)
    children.append(pid)
print(len(children), "children")
"""), FULL),
        # A bounded memory hog: stops at the address-space limit.
        "hog": (with_cell(solved_release(), """
blocks = []
try:
    for _ in range(32):
        blocks.append(bytearray(256 * 2**20))
except MemoryError:
    print("stopped at", len(blocks))
blocks = None
"""), FULL),
        # Floods its output: captured output is capped.
        "flooder": (with_cell(solved_release(), """
line = "x" * 1000
for _ in range(20000):
    print(line)
"""), FULL),
        # Remembers the hidden inputs it is called with and tries to leak them in feedback.
        "leaker": (with_cell(with_cell(solved_release(), """
_stash = []
_real = {FIRST_SOLUTION}
def {FIRST_SOLUTION}(*args):
    _stash.append(repr(args)[:400])
    return _real(*args)
""".replace("{FIRST_SOLUTION}", FIRST_SOLUTION), after=FIRST_SOLUTION), """
raise AssertionError("LEAK " + " ".join(_stash))
"""), FULL),
        # Edits the test cells' metadata and source: points up, tests emptied.
        "editor": (edit_metadata(stubs()), 0),
        # Dies in a late cell: the tasks checked before it keep their points.
        "quitter": (with_cell(solved_release(), "import os\nos._exit(1)", after=BEFORE_LAST_TASK), FULL - LAST_POINTS),  # noqa: E501
        # Ignores interrupts and loops: stopped by the time limit, earlier tasks kept.
        "looper": (with_cell(solved_release(), """
import signal, time
signal.signal(signal.SIGALRM, signal.SIG_IGN)
for _ in range(600):
    time.sleep(0.1)
""", after=BEFORE_LAST_TASK), FULL - LAST_POINTS),
        # And an honest student, graded last: the grader is still healthy.
        "honest": (solved_release(), FULL),
    }  # fmt: skip


def edit_metadata(nb):
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            meta["points"] = 1000
            cell.source = "pass"
        if meta.get("solution"):
            meta.update(grade=True, points=50)
    return nb


@pytest.fixture(scope="module")
def hostile(grading_settings, tmp_path_factory):
    listener = Listener()
    folder = tmp_path_factory.mktemp("hostile")
    cases = submissions(grading_settings.state, listener.port)
    for name, (nb, _) in cases.items():
        nbformat.write(nb, folder / f"{name}.ipynb")
    (folder / "imposter.ipynb").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    nbformat.write(
        nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")]), folder / "stranger.ipynb"
    )
    options = Options(limits=Limits(cell_seconds=20, notebook_seconds=240, grace_seconds=3))
    results = {r.student: r for r in grade(grading_settings, ASSIGNMENT, [folder], options=options)}
    listener.close()
    return cases, results, listener


CASES = [
    "reader", "forger", "patcher", "saboteur", "swallower", "faker", "caller", "forker", "hog",
    "flooder", "leaker", "editor", "quitter", "looper", "honest",
]  # fmt: skip


@pytest.mark.parametrize("name", CASES)
def test_hostile_submission_scores_exactly_what_its_code_earns(hostile, name):
    cases, results, _ = hostile
    result = results[name]
    assert result.status == "graded", result.message
    expected = cases[name][1]
    detail = [(t.grade_id, t.score, t.message) for t in result.tasks]
    if isinstance(expected, tuple):
        assert result.score <= expected[1], detail
    else:
        assert result.score == expected, detail
    assert result.max_score == FULL


@pytest.mark.parametrize(
    ("name", "message"),
    [("imposter", "not a text file"), ("stranger", "not a notebook of assignment")],
)
def test_files_that_are_no_submission_are_rejected_in_the_batch(hostile, name, message):
    _, results, _ = hostile
    assert results[name].status == "rejected" and message in results[name].message
    assert results[name].score == 0 and results["honest"].score == FULL


def test_gradebook_holds_the_real_scores(hostile, grading_settings):
    _, results, _ = hostile
    db = sqlite3.connect(grading_settings.state / "gradebook.db")
    rows = db.execute(
        "select student.id, sum(grade.auto_score) from grade "
        "join submitted_notebook on grade.notebook_id = submitted_notebook.id "
        "join submitted_assignment on submitted_notebook.assignment_id = submitted_assignment.id "
        "join student on submitted_assignment.student_id = student.id group by student.id"
    ).fetchall()
    recorded = dict(rows)
    for name, result in results.items():
        assert recorded[name] == result.score, name
    assert recorded["imposter"] == 0


def test_network_listener_saw_nothing(hostile):
    _, _, listener = hostile
    assert listener.connections == 0


def test_feedback_leaks_no_hidden_input_or_test(hostile):
    _, results, _ = hostile
    secrets = hidden_lines()
    for result in results.values():
        page = open(result.feedback).read()
        assert "LEAK" not in page and "tensor(" not in page and "Traceback" not in page
        assert not [line for line in secrets if line in page], result.student


def test_editor_is_told_what_was_restored(hostile):
    _, results, _ = hostile
    notices = " ".join(results["editor"].notices)
    assert "edited" in notices and "points" in notices


def test_stopped_notebooks_say_why(hostile):
    _, results, _ = hostile
    assert "stopped" in " ".join(results["quitter"].notices)
    assert "time limit" in " ".join(results["looper"].notices)
    looper = {t.grade_id: t for t in results["looper"].tasks}
    assert looper[FIRST_TASK].score == FIRST_POINTS
    assert looper[LAST_TASK].visible == "not run"


def test_results_log_is_append_only_json(hostile, grading_settings):
    lines = (grading_settings.state / "results.jsonl").read_text().splitlines()
    entries = [json.loads(line) for line in lines]
    assert {e["student"] for e in entries} >= set(CASES)
