"""Grading on a Dask distributed cluster: one machine's LocalCluster, or many machines.

``autograder grade A FILES --dask`` starts a :class:`distributed.LocalCluster` on loopback
(one single-threaded worker process per job); ``--dask tcp://host:8786`` sends the jobs to
a running scheduler instead, whose workers may sit on other machines. The code path is the
same either way:

- a worker runs :func:`autograder.grade.evaluate_one` (sandbox, hidden checks, feedback
  text) and returns the result; it never writes the gradebook;
- this process records each result the moment it arrives (:func:`record_one`), so every
  file is recorded exactly once, by one writer;
- a worker that dies mid-job (killed, out of memory, its machine gone) has its job handed
  to another worker by the scheduler (up to its ``allowed-failures``, 3 by default); a
  job that kills every worker it lands on is recorded as the grader's error and the
  student marked for a regrade.

Workers on other machines need what a local grader needs: root with Linux namespaces for
the sandbox, this repository at the same path, and the grading folder shared (the
submitted copies and feedback pages live there). The course secret travels to the workers
inside each job: use a scheduler address on a private network or TLS (``tls://``).
"""

from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path

from autograder.engine import not_run
from autograder.results import GradeResult
from autograder.settings import CourseError
from autograder.text import safe_text

Evaluate = Callable[[Path, str], GradeResult]
Record = Callable[[GradeResult, str], GradeResult]


@contextmanager
def connect(address: str, jobs: int):
    """A client of the scheduler at ``address``, or of a new LocalCluster for "local"."""
    from distributed import Client, LocalCluster

    if address != "local":
        try:
            client = Client(address, timeout="30s")
        except OSError as err:
            raise CourseError(f"no Dask scheduler reached at {address}: {err}") from None
        with client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=max(1, jobs),
            threads_per_worker=1,  # one sandbox per worker process at a time
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def lost(assignment: str, tests: list, file: str, student: str, err: BaseException):
    """The result of a job the cluster could not finish (its workers kept dying): every
    task of ``tests`` (the assignment's test steps) not run, out of their full points."""
    message = (
        f"The grading cluster could not grade this file ({type(err).__name__}: "
        f"{safe_text(err, 200)}); it is marked for regrading."
    )
    tasks = [not_run(step, message) for step in tests]
    max_score = sum(t.points for t in tasks)
    return GradeResult(
        student, assignment, file, "error", max_score=max_score, message=message, tasks=tasks
    )


def dask_engine(
    address: str, jobs: int, assignment: str, tests: list, evaluate: Evaluate, record: Record
):
    """An engine for :func:`autograder.batch.run_batch` running ``evaluate`` on Dask;
    ``tests`` are the assignment's test steps (for the result of a job given up)."""

    def engine(todo: list, run: str) -> Iterable[tuple[int, GradeResult]]:
        from distributed import as_completed

        if not todo:
            return
        with connect(address, jobs) as client:
            futures = {}
            for index, path, student in todo:
                key = f"grade-{run}-{index}-{student}"
                futures[client.submit(evaluate, path, student, key=key, pure=False)] = (
                    index,
                    path,
                    student,
                )
            for future in as_completed(futures):
                index, path, student = futures[future]
                try:
                    result = future.result()
                except Exception as err:  # KilledWorker and the like: the grader's fault
                    result = lost(assignment, tests, safe_text(path), student, err)
                yield index, record(result, run)

    return engine
