"""Validate an assignment before release.

Three promises, checked at the level of the graded functions (one process, no nbgrader):
the reference solutions score full marks, the released stubs score zero, and every
known-wrong variant in ``solutions/<assignment>/known_wrong/`` loses points by failing
the grade cell named in its file name (``<grade_id>__<what is wrong>.py``).
"""

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from autograder.assemble import stub_of
from autograder.notebooks import grade_cells, nbgrader_meta, read_notebook
from autograder.settings import CourseError, Settings, source_notebook


@dataclass(frozen=True)
class CaseResult:
    name: str
    target: str | None
    score: float
    max_score: float
    failed: tuple[str, ...]
    ok: bool
    verdict: str


def ordinary_code(nb) -> list[str]:
    """Source of every code cell that is not a grade cell, in order."""
    return [
        c.source for c in nb.cells if c.cell_type == "code" and not nbgrader_meta(c).get("grade")
    ]


def stubbed_code(nb) -> list[str]:
    """The ordinary code cells as students receive them: solution regions stubbed."""
    return [stub_of(code) for code in ordinary_code(nb)]


def variant_files(settings: Settings, assignment: str) -> list[Path]:
    return sorted((settings.source / assignment / "known_wrong").glob("*.py"))


def build_job(settings: Settings, assignment: str) -> tuple[dict, dict[str, float]]:
    """The cases to run and the points of each grade cell."""
    nb = read_notebook(source_notebook(settings, assignment))
    tests = {cell.grade_id: cell.source for cell in grade_cells(nb)}
    points = {cell.grade_id: cell.points for cell in grade_cells(nb)}
    cells = ordinary_code(nb)
    cases = [
        {"name": "reference", "cells": cells, "override": "", "tests": tests},
        {
            "name": "stub (released)",
            "cells": stubbed_code(nb),
            "override": "",
            "tests": tests,
        },
    ]
    for path in variant_files(settings, assignment):
        target = path.stem.split("__")[0]
        if target not in tests:
            raise CourseError(
                f"{path.name}: names grade cell {target!r}, which {assignment} does not have "
                f"(grade cells: {', '.join(tests)})"
            )
        override = path.read_text(encoding="utf-8")
        cases.append({"name": path.stem, "cells": cells, "override": override, "tests": tests})
    return {"cases": cases}, points


def run_job(job: dict, timeout: int) -> dict:
    """Run the job in a fresh Python process and return its results."""
    with tempfile.TemporaryDirectory() as tmp:
        job_path, result_path = Path(tmp, "job.json"), Path(tmp, "result.json")
        job_path.write_text(json.dumps(job), encoding="utf-8")
        try:
            subprocess.run(
                [sys.executable, "-m", "autograder.cell_runner", str(job_path), str(result_path)],
                check=True,
                timeout=timeout,
                capture_output=True,
            )
        except subprocess.TimeoutExpired:
            raise CourseError(f"validation did not finish within {timeout} s") from None
        except subprocess.CalledProcessError as err:
            raise CourseError(f"validation crashed:\n{err.stderr.decode()[-2000:]}") from None
        return json.loads(result_path.read_text(encoding="utf-8"))


def judge(name: str, outcome: dict, points: dict[str, float]) -> CaseResult:
    """Score one case and decide whether it keeps its promise."""
    total = sum(points.values())
    passed = {gid for gid, r in outcome["tests"].items() if r["passed"]}
    failed = tuple(gid for gid in points if gid not in passed)
    score = sum(points[gid] for gid in passed)
    if name == "reference":
        ok = score == total
        verdict = "full marks" if ok else f"FAILS {', '.join(failed)}: fix the reference"
        return CaseResult(name, None, score, total, failed, ok, verdict)
    if name.startswith("stub"):
        ok = score == 0
        verdict = "zero" if ok else "STUB EARNS POINTS: a grade cell passes without a solution"
        return CaseResult(name, None, score, total, failed, ok, verdict)
    target = name.split("__")[0]
    ok = target in failed
    verdict = f"loses {total - score:g} points" if ok else f"NOT CAUGHT by {target}"
    return CaseResult(name, target, score, total, failed, ok, verdict)


def validate(settings: Settings, assignment: str, timeout: int = 900) -> list[CaseResult]:
    """Run every case of ``assignment`` and judge it."""
    job, points = build_job(settings, assignment)
    outcomes = run_job(job, timeout)
    return [judge(case["name"], outcomes[case["name"]], points) for case in job["cases"]]


def format_table(results: list[CaseResult]) -> str:
    """A plain-text table: one row per case."""
    width = max(len(r.name) for r in results)
    lines = [f"{'case':<{width}}  {'score':>9}  verdict", f"{'-' * width}  {'-' * 9}  -------"]
    for r in results:
        mark = "ok  " if r.ok else "FAIL"
        score = f"{r.score:g}/{r.max_score:g}"
        lines.append(f"{r.name:<{width}}  {score:>9}  {mark} {r.verdict}")
    return "\n".join(lines)
