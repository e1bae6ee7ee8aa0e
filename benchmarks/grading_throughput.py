"""Grading throughput: plain sequential ``nbgrader autograde`` against ``autograder grade``.

One set of submissions of exercise 00 (correct, partial, broken, slow; 40 by default) is
graded, in one run on this machine:

1. by plain ``nbgrader autograde`` (one submission at a time, hidden tests in the student's
   own kernel, no isolation), the baseline of issue 14;
2. by ``autograder grade`` with isolation on (sandbox per submission), one job at a time;
3. by ``autograder grade`` with isolation on and ``--jobs`` (default: the cores).

Each grader gets its own fresh grading folder and gradebook. The report gives wall-clock
seconds, submissions per minute, the ratio to nbgrader, the load average while it ran (the
machine may be shared) and how often the graders agree on a submission's total.

    .venv/bin/python -m benchmarks.grading_throughput [--count 40] [--jobs 2] [--skip-serial]
"""

import argparse
import os
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

import nbformat

from autograder.grade import Options, grade
from autograder.nbgrader_run import ensure_in_gradebook, nbgrader
from autograder.notebooks import nbgrader_meta
from autograder.sandbox import isolation_problem
from autograder.settings import default_jobs, load_settings
from autograder.validate import case_notebook

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "00_rnn_basics"
SOURCE = ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
SLOW_CELL = "import time\ntime.sleep(4)  # a slow submission\n"
BROKEN_CELL = "raise RuntimeError('broken on import')\n"
MIX = {"correct": 0.4, "partial": 0.35, "broken": 0.1, "slow": 0.15}


def variants() -> list[tuple[str, str, str]]:
    """(name, target grade id, code) of every known-wrong variant of the exercise."""
    folder = SOURCE.parent / "known_wrong"
    found = []
    for path in sorted(folder.glob("*__*.py")):
        target = path.stem.split("__")[0]
        found.append((path.stem, target, path.read_text(encoding="utf-8")))
    return found


def broken(source, index: int):
    """Half are not notebooks at all; half raise in their first answer cell."""
    if index % 2 == 0:
        return None
    nb = case_notebook(source, "reference")
    for cell in nb.cells:
        if nbgrader_meta(cell).get("solution"):
            cell.source = BROKEN_CELL + cell.source
            break
    return nb


def submissions(count: int, folder: Path) -> dict[str, str]:
    """Write ``count`` submissions into ``folder``; return student -> kind."""
    source = nbformat.read(SOURCE, 4)
    wrong = variants()
    sizes = {kind: round(share * count) for kind, share in MIX.items()}
    sizes["correct"] += count - sum(sizes.values())
    kinds: dict[str, str] = {}
    for kind, size in sizes.items():
        for i in range(size):
            student = f"{kind}{i:03d}"
            kinds[student] = kind
            if kind == "correct":
                nb = case_notebook(source, "reference")
            elif kind == "partial":
                name, target, code = wrong[i % len(wrong)]
                nb = case_notebook(source, "variant", target, code)
            elif kind == "slow":
                nb = case_notebook(source, "reference")
                nb.cells.append(nbformat.v4.new_code_cell(SLOW_CELL))
            else:
                nb = broken(source, i)
            path = folder / f"{student}.ipynb"
            if nb is None:
                path.write_text('{"cells": [ this is not a notebook')
            else:
                nbformat.write(nb, path)
    return kinds


def fresh_settings(state: Path):
    os.environ["SEQGEN_GRADING_DIR"] = str(state)
    os.environ.pop("SEQGEN_GRADEBOOK_URL", None)
    return load_settings(ROOT)


def run_nbgrader(folder: Path, state: Path) -> tuple[float, dict[str, float]]:
    """Plain nbgrader: place every file as submitted, one ``autograde`` over them all."""
    settings = fresh_settings(state)
    ensure_in_gradebook(settings, ASSIGNMENT)
    for path in folder.glob("*.ipynb"):
        target = state / "submitted" / path.stem / ASSIGNMENT
        target.mkdir(parents=True)
        shutil.copy(path, target / f"{ASSIGNMENT}.ipynb")
    start = time.perf_counter()
    try:
        nbgrader(settings, "autograde", ASSIGNMENT, "--force")
    except Exception as err:  # a failed submission makes nbgrader exit non-zero; it went on
        print(f"nbgrader autograde reported failures: {str(err)[:300]}")
    seconds = time.perf_counter() - start
    return seconds, gradebook_totals(state / "gradebook.db")


def gradebook_totals(db: Path) -> dict[str, float]:
    rows = sqlite3.connect(db).execute(
        "select submitted_assignment.student_id, sum(coalesce(grade.manual_score, "
        "grade.auto_score, 0)) from grade "
        "join submitted_notebook on grade.notebook_id = submitted_notebook.id "
        "join submitted_assignment on submitted_notebook.assignment_id = submitted_assignment.id "
        "group by submitted_assignment.student_id"
    )
    return {student: float(total or 0) for student, total in rows}


def run_ours(folder: Path, state: Path, jobs: int) -> tuple[float, dict[str, float]]:
    settings = fresh_settings(state)
    ensure_in_gradebook(settings, ASSIGNMENT)  # as for nbgrader: set-up outside the clock
    start = time.perf_counter()
    results = grade(settings, ASSIGNMENT, [folder], options=Options(jobs=jobs, resume=False))
    seconds = time.perf_counter() - start
    return seconds, {r.student: r.score for r in results}


def agreement(a: dict[str, float], b: dict[str, float]) -> str:
    same = sum(abs(a.get(s, 0.0) - b.get(s, 0.0)) < 1e-9 for s in a)
    return f"{same}/{len(a)}"


def report(count, kinds, rows, loads) -> str:
    base = rows[0][1]
    lines = [
        f"# Grading throughput ({count} submissions of {ASSIGNMENT})",
        "",
        "Mix: " + ", ".join(f"{k} {sum(v == k for v in kinds.values())}" for k in MIX) + ".",
        f"Machine: {len(os.sched_getaffinity(0))} cores; load average (1 min) before each run: "
        + ", ".join(f"{load:.1f}" for load in loads)
        + " (other work on the machine inflates every wall-clock time alike).",
        "",
        "| grader | isolation | wall s | submissions/min | vs nbgrader | same total as nbgrader |",
        "|---|---|---|---|---|---|",
    ]
    for name, seconds, isolated, totals in rows:
        lines.append(
            f"| {name} | {isolated} | {seconds:.1f} | {60 * count / seconds:.1f} | "
            f"{base / seconds:.2f}x | {agreement(rows[0][3], totals)} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--skip-serial", action="store_true", help="skip ours at --jobs 1")
    parser.add_argument("--output", default=str(ROOT / "benchmarks" / "GRADING.md"))
    args = parser.parse_args(argv)
    problem = isolation_problem()
    if problem:
        print(f"not measured: grading with isolation is unavailable here ({problem})")
        return 1
    work = Path(tempfile.mkdtemp(prefix="seqgen-throughput-"))
    folder = work / "submissions"
    folder.mkdir()
    kinds = submissions(args.count, folder)
    rows, loads = [], []
    plan = [("plain nbgrader autograde (sequential)", "none", None)]
    if not args.skip_serial:
        plan.append(("autograder grade --jobs 1", "sandbox", 1))
    plan.append((f"autograder grade --jobs {args.jobs}", "sandbox", args.jobs))
    for index, (name, isolated, jobs) in enumerate(plan):
        loads.append(os.getloadavg()[0])
        state = work / f"state{index}"
        if jobs is None:
            seconds, totals = run_nbgrader(folder, state)
        else:
            seconds, totals = run_ours(folder, state, jobs)
        rows.append((name, seconds, isolated, totals))
        print(f"{name}: {seconds:.1f} s", flush=True)
    text = report(args.count, kinds, rows, loads)
    Path(args.output).write_text(text, encoding="utf-8")
    print(text)
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
