"""What isolation costs per submission: the same grading with and without the sandbox.

Times, for one correct submission of each assignment (median of a few runs):
- the notebook's own execution in a plain Jupyter kernel (nbclient), for reference;
- grading with the sandbox (namespaces, unprivileged user, limits);
- grading through the same runner and protocol but without isolation (--unsafe);
- starting and stopping an empty sandbox.
The isolation overhead is the difference between the second and the third.
"""

import os
import statistics
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from autograder.assemble import reference_submission
from autograder.grade import Options, grade
from autograder.sandbox import Limits, Sandbox, isolation_problem
from autograder.settings import assignment_names, load_settings

ROOT = Path(__file__).resolve().parents[1]
RUNS = 3


def solved(assignment: str):
    """The released notebook with the reference solutions typed in."""
    source = nbformat.read(ROOT / "solutions" / assignment / f"{assignment}.ipynb", 4)
    release = nbformat.read(ROOT / "exercises" / assignment / f"{assignment}.ipynb", 4)
    return reference_submission(source, release)


def timed(action) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(assignment: str, workdir: Path) -> dict:
    nb = solved(assignment)
    path = workdir / f"{assignment}.ipynb"
    nbformat.write(nb, path)
    settings = load_settings(ROOT)

    def plain():
        NotebookClient(nbformat.read(path, 4), kernel_name="python3", timeout=600).execute()

    def graded(isolate: bool):
        (result,) = grade(
            settings, assignment, [path], student="bench", options=Options(isolate=isolate)
        )
        assert result.score == result.max_score, result

    def empty_sandbox():
        with Sandbox(path, Limits()) as box:
            box.run_cell("pass")

    return {
        "plain kernel": timed(plain),
        "isolated": timed(lambda: graded(True)),
        "unisolated": timed(lambda: graded(False)),
        "empty sandbox": timed(empty_sandbox),
    }


def table() -> list[str]:
    problem = isolation_problem()
    if problem:
        return [f"Isolation overhead not measured: {problem}."]
    lines = [
        "| assignment | plain kernel s | graded, isolated s | graded, unisolated s "
        "| isolation overhead s | empty sandbox s |",
        "|---|---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SEQGEN_GRADING_DIR"] = str(Path(tmp) / "state")
        for assignment in assignment_names(load_settings(ROOT)):
            m = measure(assignment, Path(tmp))
            overhead = m["isolated"] - m["unisolated"]
            lines.append(
                f"| {assignment} | {m['plain kernel']:.1f} | {m['isolated']:.1f} | "
                f"{m['unisolated']:.1f} | {overhead:.2f} | {m['empty sandbox']:.2f} |"
            )
    return lines
