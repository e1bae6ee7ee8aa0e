"""Validate an assignment before release, through the path ``grade`` takes.

Three promises: the reference solutions score full marks, the released stubs score zero,
and every known-wrong variant in ``solutions/<assignment>/known_wrong/`` loses points by
failing the grade cell named in its file name (``<grade_id>__<what is wrong>.py``; its code
runs right after the solution cell before that grade cell, replacing what it defines).

Each case is a notebook built from the source and decided exactly as a submission is:
assembled, run in the sandbox runner, rules and hidden checks in this process
(:func:`autograder.engine.run_steps`). ``grade`` draws the hidden inputs per submission
(``student.seed``), so each case is decided under every seed of :data:`SEEDS` (the fixed
seed first): a variant caught only by the inputs of one seed would earn points on some
students' files, and a reference that fails another seed's inputs would cost a correct
answer points. The score shown is the fixed seed's. To stay within budget, the cases of
one assignment share one runner process, each in a fresh namespace with its own notebook
clock (they are the instructor's trusted code; a variant should not patch modules, since a
patch would outlive its case).
"""

import copy
from dataclasses import replace
from pathlib import Path

from autograder.assemble import SOLUTION, assemble, split_hidden, stub_of
from autograder.engine import run_steps
from autograder.notebooks import nbgrader_meta, read_notebook
from autograder.results import CaseResult
from autograder.rules import load_rules
from autograder.sandbox import Sandbox, SandboxDied, isolation_problem
from autograder.settings import CourseError, Limits, Settings, source_notebook
from autograder.student import FIXED_SEED

SEEDS = (FIXED_SEED, 123_457, 2**31 - 1)  # the grader draws 31-bit seeds


def variant_files(settings: Settings, assignment: str) -> list[Path]:
    return sorted((settings.source / assignment / "known_wrong").glob("*.py"))


def case_notebook(source, mode: str, target: str | None = None, override: str = ""):
    """The source as a student would submit it (hidden tests cut out): solutions typed in
    (``reference``), left as stubs (``stub``), or typed in with ``override`` after the
    solution cell before the grade cell ``target``."""
    nb = copy.deepcopy(source)
    last_solution = None
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        if meta.get("grade") and not meta.get("solution"):
            cell.source = split_hidden(cell.source)[0]
        if meta.get("solution") and cell.cell_type == "code":
            cell.source = (
                stub_of(cell.source) if mode == "stub" else SOLUTION.sub(r"\1", cell.source)
            )
            last_solution = cell
        if target and meta.get("grade_id") == target and last_solution is not None:
            last_solution.source += "\n\n" + override
    return nb


def cases(settings: Settings, assignment: str, source, tests: dict) -> list[tuple]:
    """(name, target grade id, notebook) for the reference, the stub and every variant."""
    found = [("reference", None, case_notebook(source, "reference"))]
    found.append(("stub (released)", None, case_notebook(source, "stub")))
    for path in variant_files(settings, assignment):
        target = path.stem.split("__")[0]
        if target not in tests:
            raise CourseError(
                f"{path.name}: names grade cell {target!r}, which {assignment} does not have "
                f"(grade cells: {', '.join(tests)})"
            )
        override = path.read_text(encoding="utf-8")
        found.append((path.stem, target, case_notebook(source, "variant", target, override)))
    return found


def judge(name: str, passed: set[str], points: dict[str, float]) -> CaseResult:
    """Score one case and decide whether it keeps its promise."""
    total = sum(points.values())
    failed = tuple(gid for gid in points if gid not in passed)
    score = sum(points[gid] for gid in passed if gid in points)
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


def validate(
    settings: Settings, assignment: str, limits: Limits | None = None, seeds=SEEDS
) -> list:
    """Decide every case of ``assignment`` as ``grade`` would, under each of ``seeds``, and
    judge it: a case keeps its promise only if it keeps it under every seed."""
    path = source_notebook(settings, assignment)
    source = read_notebook(path)
    points = {s.grade_id: s.points for s in assemble(source, source).steps if s.is_test}
    rules = load_rules(settings.source / assignment)
    isolate = isolation_problem() is None  # trusted code: the runner works either way
    results, box, started = [], None, False
    try:
        for name, _, nb in cases(settings, assignment, source, points):
            judged = []
            for seed in seeds:
                if box is None:
                    box = Sandbox(path, limits, isolate=isolate).__enter__()
                elif started:
                    box.new_case()
                started = True
                run = run_steps(box, assemble(source, nb), seed, rules)
                passed = {t.grade_id for t in run.tasks if t.score >= t.points}
                judged.append((seed, judge(name, passed, points)))
                if run.stopped:  # the runner died with this case: the next gets a new one
                    box.__exit__(None, None, None)
                    box, started = None, False
            results.append(combine(judged))
    except SandboxDied as died:
        raise CourseError(f"validation could not run {assignment}: {died}") from None
    finally:
        if box is not None:
            box.__exit__(None, None, None)
    return results


def combine(judged: list[tuple[int, CaseResult]]) -> CaseResult:
    """One case's verdict over all seeds: the first seed's score, and the first seed under
    which the case broke its promise, if any."""
    first = judged[0][1]
    broken = [(seed, result) for seed, result in judged if not result.ok]
    if not broken:
        return first
    seed, result = broken[0]
    verdict = result.verdict + (f" (with seed {seed})" if len(judged) > 1 else "")
    return replace(result, score=first.score, failed=first.failed, verdict=verdict)


def format_table(results: list[CaseResult]) -> str:
    """A plain-text table: one row per case."""
    width = max(len(r.name) for r in results)
    lines = [f"{'case':<{width}}  {'score':>9}  verdict", f"{'-' * width}  {'-' * 9}  -------"]
    for r in results:
        mark = "ok  " if r.ok else "FAIL"
        score = f"{r.score:g}/{r.max_score:g}"
        lines.append(f"{r.name:<{width}}  {score:>9}  {mark} {r.verdict}")
    return "\n".join(lines)
