"""Run a notebook's code cells at the level of functions, in a separate process.

``python -m autograder.cell_runner JOB.json RESULT.json`` executes, for each *case* of the
job, the notebook's ordinary code cells in a fresh namespace, then the case's override
code (a known-wrong variant), then the chosen grade cells, and records which grade cells
passed. Validation uses it to check dozens of variants without re-running whole
notebooks. It runs instructor code only (solutions and variants), never a submission.
"""

import contextlib
import io
import json
import sys
import time
import traceback


def run_case(cells: list[str], override: str, tests: dict[str, str]) -> dict:
    """Execute ``cells`` then ``override``, then each test; report pass/fail per test."""
    namespace: dict = {"__name__": "__main__"}
    setup_error = None
    for source in [*cells, override]:
        try:
            exec(compile(source, "<cell>", "exec"), namespace)
        except BaseException as err:  # a stubbed cell may raise NotImplementedError
            setup_error = setup_error or describe(err)
    results = {}
    for grade_id, source in tests.items():
        start = time.perf_counter()
        try:
            exec(compile(source, f"<{grade_id}>", "exec"), namespace)
            results[grade_id] = {"passed": True, "error": None}
        except BaseException as err:
            results[grade_id] = {"passed": False, "error": describe(err)}
        results[grade_id]["seconds"] = round(time.perf_counter() - start, 3)
    return {"tests": results, "setup_error": setup_error}


def describe(err: BaseException) -> str:
    """``Type: first line of message``, for the instructor's table."""
    message = str(err).strip().splitlines()
    return f"{type(err).__name__}: {message[0][:160]}" if message else type(err).__name__


def main(argv: list[str]) -> int:
    job_path, result_path = argv
    with open(job_path, encoding="utf-8") as handle:
        job = json.load(handle)
    results = {}
    for case in job["cases"]:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            try:
                results[case["name"]] = run_case(case["cells"], case["override"], case["tests"])
            except BaseException:
                results[case["name"]] = {"tests": {}, "setup_error": traceback.format_exc()}
    with open(result_path, "w", encoding="utf-8") as handle:
        json.dump(results, handle)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
