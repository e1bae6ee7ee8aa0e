"""Grading many submissions at once on one machine, and resuming a batch cut short.

- **N jobs at once** (``--jobs``, ``SEQGEN_JOBS``, default: the usable cores). One job is
  one file through :func:`autograder.grade.grade_one`: its own sandbox with its own leased
  uid (:mod:`autograder.uids`), its own time limits and its own failure boundary, so a
  crash, hang or kill in one job never touches another. Jobs are threads of this process:
  a job spends its time waiting on its sandboxed process, and the hidden checks it runs
  here spend theirs in torch kernels that release the GIL.
- **Recorded as it finishes**: each job records its own result (gradebook, feedback page,
  results log) the moment it is done, one at a time (:func:`autograder.records.record`
  holds a lock), so a killed batch keeps every result it had.
- **Resumable**: a batch is named by its assignment, the assignment's source and every
  file's content. While it runs, a marker file holds a random run id, and every results-log
  line it writes carries that id. Running the same batch after an interruption finds the
  marker and skips each student the interrupted run already recorded (the grader's own
  errors excepted: those are graded again). A batch that ends removes its marker, so
  running it once more regrades everything, as an instructor expects.
"""

import hashlib
import json
import secrets
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import fields
from pathlib import Path

from autograder.results import GradeResult, TaskResult
from autograder.settings import Settings

Job = Callable[[Path, str, str], GradeResult]  # (file, student, run id) -> recorded result
Progress = Callable[[GradeResult, int, int], None]  # (result, done so far, total)
# An engine grades (index, file, student) jobs for a run id and yields each (index, recorded
# result) as it finishes: threads here, or a Dask cluster (autograder.distributed).
Engine = Callable[[list[tuple[int, Path, str]], str], Iterable[tuple[int, GradeResult]]]


def file_digest(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:  # a missing file is graded (and rejected) like any other
        return "missing"


def batch_id(assignment: str, source_digest: str, pairs: list[tuple[Path, str]]) -> str:
    """The same assignment, source and files (by content) give the same id."""
    digest = hashlib.sha256(f"{assignment}\0{source_digest}".encode())
    for path, student in sorted(pairs, key=lambda pair: pair[1]):
        digest.update(f"\0{student}\0{file_digest(path)}".encode())
    return digest.hexdigest()[:32]


def marker_path(settings: Settings, batch: str) -> Path:
    return settings.state / "batches" / f"{batch}.running"


def start_run(settings: Settings, batch: str, resume: bool) -> tuple[str, bool]:
    """(run id, resuming?): the interrupted run's id when there is one to resume."""
    marker = marker_path(settings, batch)
    if resume and marker.exists():
        run = marker.read_text(encoding="ascii").strip()
        if run:
            return run, True
    marker.parent.mkdir(parents=True, exist_ok=True)
    run = secrets.token_hex(8)
    marker.write_text(run, encoding="ascii")
    return run, False


def recorded_in_run(settings: Settings, run: str) -> dict[str, GradeResult]:
    """Results the run already recorded, by student (the last one wins)."""
    log = settings.state / "results.jsonl"
    done: dict[str, GradeResult] = {}
    if not log.exists():
        return done
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:  # a line cut short by the interruption itself
            continue
        if isinstance(entry, dict) and entry.get("run") == run:
            done[entry.get("student")] = from_log(entry)
    return {student: r for student, r in done.items() if r.status != "error"}


def from_log(entry: dict) -> GradeResult:
    """A :class:`GradeResult` back from its results-log line."""
    names = {f.name for f in fields(GradeResult)}
    result = GradeResult(**{k: v for k, v in entry.items() if k in names})
    task_names = {f.name for f in fields(TaskResult)}
    result.tasks = [
        TaskResult(**{k: v for k, v in t.items() if k in task_names}) for t in result.tasks
    ]
    result.resumed = True
    return result


def run_batch(
    settings: Settings,
    batch: str,
    pairs: list[tuple[Path, str]],
    engine: Engine,
    resume: bool = True,
    progress: Progress | None = None,
) -> list[GradeResult]:
    """Grade ``pairs`` (file, student) on ``engine``; results in the given order."""
    run, resuming = start_run(settings, batch, resume)
    done = recorded_in_run(settings, run) if resuming else {}
    results: dict[int, GradeResult] = {}
    todo = []
    for index, (path, student) in enumerate(pairs):
        if student in done:
            results[index] = done[student]
        else:
            todo.append((index, path, student))
    count = 0
    for count, result in enumerate(results.values(), start=1):
        if progress:
            progress(result, count, len(pairs))
    for result in engine(todo, run):
        count += 1
        results[result[0]] = result[1]
        if progress:
            progress(result[1], count, len(pairs))
    marker_path(settings, batch).unlink(missing_ok=True)
    return [results[index] for index in range(len(pairs))]


def threads(job: Job, jobs: int) -> Engine:
    """``jobs`` threads of this process, each running ``job`` (which records its result)."""

    def engine(todo: list, run: str) -> Iterable[tuple[int, GradeResult]]:
        # On an interruption (Ctrl-C), jobs not yet started are cancelled; those running
        # finish and record their results.
        pool = ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="grade")
        try:
            futures = {pool.submit(job, path, student, run): i for i, path, student in todo}
            for future in as_completed(futures):
                yield futures[future], future.result()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    return engine
