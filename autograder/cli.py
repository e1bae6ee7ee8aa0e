"""``autograder``: the instructor's command line (also ``python -m autograder``).

Heavy modules (nbgrader, torch, the grading pipeline) are imported inside the verbs, so
``--help`` and argument errors answer at once. Everything printed passes through
:func:`autograder.text.printable`: a submission's text cannot drive the terminal.
"""

import argparse
import sys
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from autograder.settings import CourseError, assignment_names, load_settings
from autograder.text import printable


def say(text: str = "", file=None) -> None:
    print(printable(text), file=file or sys.stdout)


EPILOG = """Settings come from the environment: SEQGEN_COURSE_ROOT (default: the current
folder), SEQGEN_GRADING_DIR (default: .grading), SEQGEN_GRADEBOOK_URL (default: SQLite in
the grading folder). Sandbox limits: SEQGEN_CELL_TIMEOUT (120 s), SEQGEN_NOTEBOOK_TIMEOUT
(600 s), SEQGEN_CPU_SECONDS (900), SEQGEN_MEMORY_MB (3072), SEQGEN_MAX_PROCESSES (64),
SEQGEN_MAX_FILE_MB (16), SEQGEN_DISK_MB (256), SEQGEN_STARTUP_TIMEOUT (120 s); SEQGEN_JOBS
submissions are graded at once (default: the CPU cores); submissions larger than
SEQGEN_MAX_SUBMISSION_MB (8) are refused; per-submission hidden inputs use the secret in
SEQGEN_SECRET_FILE (default ~/.config/seqgen/course-secret, created when missing).
Plain nbgrader commands run from the course root use the same folders."""


def cmd_release(args) -> int:
    from autograder.release import release

    settings = load_settings()
    report = release(settings, args.assignment, skip_validation=args.skip_validation)
    if report:
        say(report)
    say(f"released {args.assignment} into {settings.release / args.assignment}")
    return 0


def cmd_validate(args) -> int:
    from autograder.validate import format_table, validate

    settings = load_settings()
    names = assignment_names(settings) if args.assignment == "all" else [args.assignment]
    failures = 0
    for name in names:
        results = validate(settings, name)
        say(f"== {name}\n{format_table(results)}\n")
        failures += sum(not r.ok for r in results)
    say("validation passed" if not failures else f"validation FAILED: {failures} case(s)")
    return 1 if failures else 0


def cmd_grade(args) -> int:
    from autograder.grade import Options, grade

    settings = load_settings()
    options = Options(isolate=not args.unsafe, keep_history=not args.no_history)
    if args.jobs is not None:
        options = replace(options, jobs=args.jobs)
    options = replace(options, resume=not args.restart, cluster=args.dask)
    if args.unsafe:
        say(
            "WARNING: grading WITHOUT isolation (--unsafe): submissions run as you, with your "
            "files and network in reach. Only do this for files you trust.",
            file=sys.stderr,
        )
    files = [Path(f) for f in args.files]
    with progress_bar() as progress:
        results = grade(settings, args.assignment, files, args.student, options, progress=progress)
    resumed = sum(r.resumed for r in results)
    if resumed:
        say(f"resumed an interrupted batch: {resumed} file(s) already graded were not graded again")
    width = max(len(r.student) for r in results)
    for r in results:
        line = f"{r.student:<{width}}  {r.status:<8}  {r.score:g}/{r.max_score:g}"
        say(line + (f"  {r.message}" if r.message else ""))
        for notice in r.notices:
            say(f"{'':<{width}}    note: {notice}")
        for task in r.tasks:
            points = f"{task.score:g}/{task.points:g}"
            say(f"{'':<{width}}    {task.grade_id:<24} {points:>5}  {task.message}")
        say(f"{'':<{width}}    feedback: {r.feedback}")
    return 0 if all(r.status == "graded" for r in results) else 1


@contextmanager
def progress_bar():
    """A progress callback for ``grade`` that draws one bar on stderr."""
    from tqdm import tqdm

    bar = None

    def progress(result, done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, unit="file", desc="grading", file=sys.stderr)
        bar.set_postfix_str(printable(result.student)[:24], refresh=False)
        bar.update(done - bar.n)

    try:
        yield progress
    finally:
        if bar is not None:
            bar.close()


def cmd_export(args) -> int:
    from autograder.export import export_csv

    settings = load_settings()
    target = Path(args.output)
    summary = Path(args.summary) if args.summary else target.with_name(f"{target.stem}-summary.csv")
    count = export_csv(settings, target, summary)
    say(f"wrote {count} rows to {target} and the per-task summary to {summary}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="autograder",
        description="Release, validate, grade and export the course's nbgrader assignments.",
        epilog=EPILOG,
    )
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")

    p = verbs.add_parser("release", help="validate, then write the student version into exercises/")
    p.add_argument("assignment", help="assignment name, e.g. 00_rnn_basics")
    p.add_argument(
        "--skip-validation", action="store_true", help="release without validating first"
    )
    p.set_defaults(run=cmd_release)

    p = verbs.add_parser(
        "validate",
        help="reference scores full marks, stubs zero, known-wrong variants lose points"
        " (each under three seeds of hidden inputs)",
    )
    p.add_argument("assignment", help="assignment name, or 'all'")
    p.set_defaults(run=cmd_validate)

    p = verbs.add_parser("grade", help="grade submitted notebooks; write feedback and gradebook")
    p.add_argument("assignment", help="assignment name, e.g. 00_rnn_basics")
    p.add_argument("files", nargs="+", help="notebooks, or folders holding them")
    p.add_argument("--student", help="student id for a single file (default: from the file name)")
    p.add_argument(
        "--unsafe",
        action="store_true",
        help="run submissions without isolation when it is unavailable (trusted files only)",
    )
    p.add_argument(
        "--no-history",
        action="store_true",
        help="replace an earlier grading instead of moving it to .grading/history/",
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=int,
        help="submissions graded at once, each in its own sandbox (default: SEQGEN_JOBS, "
        "else the CPU cores)",
    )
    p.add_argument(
        "--dask",
        nargs="?",
        const="local",
        metavar="SCHEDULER",
        help="grade on Dask distributed: a LocalCluster of --jobs workers, or the scheduler "
        "at SCHEDULER (e.g. tcp://10.0.0.5:8786) whose workers may be on other machines",
    )
    p.add_argument(
        "--restart",
        action="store_true",
        help="grade every file again even if this batch was interrupted and can resume",
    )
    p.set_defaults(run=cmd_grade)

    p = verbs.add_parser("export", help="write every recorded task score to a CSV file")
    p.add_argument("-o", "--output", default="grades.csv", help="CSV file (default: grades.csv)")
    p.add_argument(
        "--summary",
        help="per-task summary CSV: mean, pass rate, zero rate (default: OUTPUT-summary.csv)",
    )
    p.set_defaults(run=cmd_export)

    from autograder.service.cli import add_serve_parser  # light: argparse only

    add_serve_parser(verbs)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except CourseError as err:
        say(f"autograder: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
