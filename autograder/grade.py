"""Grading submissions: a pipeline of small steps, each with one job.

check (size, a notebook of this assignment?) -> keep history -> place (the submitted
bytes) -> assemble (the instructor's locked cells, hidden tests cut out) -> execute
(sandbox; rules and hidden checks in this process, on inputs drawn from ``student.seed``)
-> record (gradebook, autograded copy, feedback page, results log).

Every per-file step, recording included, runs inside one failure boundary: whatever a
file does, the batch goes on. A fault caused by the submission is its result (recorded,
zero for what did not run); only a fault of the grader's own (its settings, the source
notebook, the gradebook, starting the sandbox) leaves the gradebook untouched, and then the
student is marked as needing a regrade (see ``export``).
"""

import re
import sys
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from autograder.assemble import assemble
from autograder.engine import execute, not_run
from autograder.notebooks import NotebookError, check_submission_matches, parse_notebook
from autograder.records import (
    autograded_copy,
    keep_history,
    log_result,
    mark_regrade,
    place,
    record,
    recording,
)
from autograder.results import GradeResult
from autograder.rules import load_rules
from autograder.sandbox import isolation_problem
from autograder.seeds import course_secret, submission_seed
from autograder.settings import CourseError, Limits, Settings, default_jobs, source_notebook
from autograder.text import safe_text

STUDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


class GraderFault(Exception):
    """A failure of the grader's own (not caused by the submission)."""


@dataclass(frozen=True)
class Options:
    isolate: bool = True
    keep_history: bool = True
    limits: Limits = field(default_factory=Limits)
    jobs: int = field(default_factory=default_jobs)  # submissions graded at once
    resume: bool = True  # an interrupted batch skips what it recorded (autograder.batch)
    # None: threads on this machine; "local": a Dask LocalCluster; else a Dask scheduler's
    # address (autograder.distributed)
    cluster: str | None = None


def expand(paths: list[Path]) -> list[Path]:
    """Files as given; folders replaced by the notebooks inside them. A path that does not
    exist is the instructor's typo, not a submission: an error before anything is recorded
    (graded, it would record zero over that student's real grade)."""
    missing = [safe_text(str(p)) for p in paths if not Path(p).exists()]
    if missing:
        raise CourseError(f"no such file or folder: {', '.join(missing)}; nothing was graded")
    files = []
    for path in paths:
        path = Path(path)
        files.extend(sorted(path.rglob("*.ipynb")) if path.is_dir() else [path])
    return files


def student_id(path: Path, assignment: str) -> str:
    """``alice.ipynb`` -> alice; ``alice/00_rnn_basics.ipynb`` -> alice."""
    name = path.parent.name if path.stem == assignment else path.stem
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name).strip("._")[:64] or "student"


def check_student_id(student: str) -> str:
    """A student id given by the instructor: a safe name, never a path."""
    if not STUDENT_ID.fullmatch(student) or ".." in student:
        raise CourseError(
            f"invalid student id {safe_text(student)!r}: use letters, digits, '_', '-' and "
            "'.', starting with a letter or digit (at most 64 characters, no '..')"
        )
    return student


def assign_students(files: list[Path], assignment: str, student: str | None) -> list[tuple]:
    """(file, student id) pairs; two files of one student in one batch are an error."""
    if student:
        return [(files[0], check_student_id(student))]
    pairs, owner = [], {}
    for path in files:
        sid = student_id(path, assignment)
        if sid in owner:
            raise CourseError(
                f"{safe_text(owner[sid])} and {safe_text(path)} would both be graded as "
                f"student {sid!r}: keep one of them, or grade them separately with --student"
            )
        owner[sid] = path
        pairs.append((path, sid))
    return pairs


def read_submission(settings: Settings, path: Path) -> bytes:
    """The file's bytes, refused clearly when it is missing or too large."""
    if not path.is_file():
        raise NotebookError(f"{safe_text(path.name)}: no such file")
    limit = settings.max_submission_mb * 2**20
    if path.stat().st_size > limit:
        raise NotebookError(
            f"{safe_text(path.name)}: {path.stat().st_size / 2**20:.1f} MiB is larger than the "
            f"{settings.max_submission_mb:g} MiB a submission may have (clear large outputs, "
            "then save again)"
        )
    return path.read_bytes()


@dataclass
class Context:
    """What grading one assignment needs, prepared once per batch (the grader's side)."""

    source: object
    rules: dict
    secret: bytes
    max_score: float
    tests: list


def prepare(settings: Settings, assignment: str) -> tuple[Context, str]:
    from autograder.notebooks import read_notebook

    source = read_notebook(source_notebook(settings, assignment))
    tests = [s for s in assemble(source, source).steps if s.is_test]
    try:
        rules = load_rules(settings.source / assignment)
        secret, notice = course_secret(settings.secret_file)
    except (OSError, ValueError) as err:
        raise CourseError(str(err)) from None
    return Context(source, rules, secret, sum(s.points for s in tests), tests), notice


def run_submission(settings, assignment, path, student, options, ctx) -> GradeResult:
    """Check, place, assemble and execute one file (raises only for the grader's faults)."""
    result = GradeResult(student, assignment, safe_text(path), "graded", max_score=ctx.max_score)
    try:
        data = read_submission(settings, path)
        nb = parse_notebook(data, path.name)
        check_submission_matches(nb, ctx.source, safe_text(path.name), assignment)
    except NotebookError as err:
        result.status, result.message = "rejected", safe_text(err)
        return result
    submitted = place(settings, assignment, student, data)
    try:
        assembly = assemble(ctx.source, nb)
        seed = submission_seed(ctx.secret, data)
        run = execute(assembly, submitted, options.limits, options.isolate, seed, ctx.rules)
        if not run.startup_failed:
            sources = [s.source for s in assembly.steps]
            autograded_copy(settings, assignment, student, sources, run)
    except (OSError, CourseError):  # the grader's disk or settings: its own fault
        raise
    except Exception as err:  # anything else here was set off by this submission's content
        result.message = (
            f"Grading stopped on something in this notebook ({type(err).__name__}); "
            "what did not run scores zero."
        )
        return result
    if run.startup_failed:
        raise GraderFault(run.stopped)
    result.tasks, result.notices = run.tasks, assembly.notices
    if run.stopped:
        result.notices = [*result.notices, run.stopped]
    return result


def grade_one(
    settings, assignment, path: Path, student: str, options, ctx, run: str = ""
) -> GradeResult:
    """Run the pipeline for one file; never raises. ``run`` names the batch run recording it."""
    return record_one(
        settings, evaluate_one(settings, assignment, path, student, options, ctx), run
    )


def evaluate_one(settings, assignment, path: Path, student: str, options, ctx) -> GradeResult:
    """Every step but recording (a distributed worker's part); never raises."""
    result = GradeResult(student, assignment, safe_text(path), "error", max_score=ctx.max_score)
    try:
        if options.keep_history:
            keep_history(settings, assignment, student)
        result = run_submission(settings, assignment, path, student, options, ctx)
    except Exception as err:  # the grader's own fault: say so; the gradebook keeps its grade
        result.status = "error"
        result.message = (
            f"The grader could not grade this file ({type(err).__name__}: {safe_text(err)}); "
            "it is marked for regrading."
        )
    if not result.tasks:
        result.tasks = [not_run(s, result.message) for s in ctx.tests]
    result.score = sum(t.score for t in result.tasks)
    return result


def record_one(settings, result: GradeResult, run: str = "") -> GradeResult:
    """Record one result (gradebook, feedback, results log); never raises."""
    result.run = run
    try:
        record(settings, result)
    except Exception as err:  # recording failed (gradebook down?): still log it, go on
        result.status = "error"
        result.message = f"Recording this grading failed ({type(err).__name__}: {safe_text(err)})."
        try:
            with recording(settings):  # the marks and the log are shared by parallel jobs
                mark_regrade(settings, result.student, result.assignment, True)
                log_result(settings, result)
        except Exception:  # the state folder itself is unusable: the CLI still reports it
            pass
    return result


def grade(
    settings: Settings,
    assignment: str,
    paths: list[Path],
    student: str | None = None,
    options: Options | None = None,
    progress=None,
) -> list[GradeResult]:
    """Grade every notebook in ``paths`` for ``assignment``; one result per file, in order.

    ``options.jobs`` files are graded at once and an interrupted batch resumes
    (:mod:`autograder.batch`); ``progress(result, done, total)`` is called as each ends."""
    from autograder import nbgrader_run
    from autograder.batch import run_batch

    options = options or Options()
    source_notebook(settings, assignment)  # a clear error for an unknown assignment
    if student:
        check_student_id(student)  # arguments first: a bad id is refused before any path
    files = expand(paths)
    if not files:
        raise CourseError("no notebooks to grade: give .ipynb files or folders holding them")
    if student and len(files) > 1:
        raise CourseError("--student names one student: give exactly one file with it")
    pairs = assign_students(files, assignment, student)
    problem = isolation_problem() if options.isolate else None
    if problem:
        raise CourseError(
            f"submissions cannot be isolated here: {problem}. Refusing to run untrusted "
            "code; pass --unsafe to grade without isolation (only files you trust)."
        )
    ctx, notice = prepare(settings, assignment)
    nbgrader_run.ensure_in_gradebook(settings, assignment)
    if notice:
        print(f"autograder: {notice}", file=sys.stderr)

    batch = batch_for(settings, assignment, options, pairs)
    engine = make_engine(settings, assignment, options, ctx)
    return run_batch(settings, batch, pairs, engine, options.resume, progress)


def batch_for(settings: Settings, assignment: str, options: Options, pairs) -> str:
    """The batch's id. Resuming reuses recorded results, so a change of the source, of a
    file, of the limits or of isolation makes it another batch, graded from the start."""
    from autograder import nbgrader_run
    from autograder.batch import batch_id

    source = nbgrader_run.source_digest(settings, assignment)
    return batch_id(assignment, f"{source}\0{options.limits!r}\0{options.isolate}", pairs)


def make_engine(settings, assignment: str, options: Options, ctx: Context):
    """Threads on this machine, or a Dask cluster when ``options.cluster`` names one."""
    from autograder.batch import threads

    if options.cluster is None:
        return threads(
            lambda path, sid, run: grade_one(settings, assignment, path, sid, options, ctx, run),
            options.jobs,
        )
    from autograder.distributed import dask_engine

    evaluate = partial(evaluate_one, settings, assignment, options=options, ctx=ctx)
    record = partial(record_one, settings)
    return dask_engine(options.cluster, options.jobs, assignment, ctx.tests, evaluate, record)
