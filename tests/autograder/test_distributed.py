"""Grading on Dask distributed (issue 14): workers started on loopback; a worker killed in
the middle of a job has the job retried on another, and every file is recorded exactly once
(nothing lost, nothing counted twice)."""

import json
import os
import signal
import threading
import time

import nbformat
import pytest

from autograder.grade import Options, grade
from autograder.sandbox import isolation_problem
from autograder.settings import Limits
from tests.autograder.course import ASSIGNMENT, submission

pytestmark = [
    pytest.mark.grading,
    pytest.mark.skipif(
        isolation_problem() is not None,
        reason=f"grading needs the sandbox (root and Linux namespaces): {isolation_problem()}",
    ),
]
LIMITS = Limits(cell_seconds=30, notebook_seconds=120, grace_seconds=2)
SLOW = "import time\ntime.sleep(10)\n"  # a student's own last cell: time to kill its worker
WRONG = "def square_sum(x):\n    return x.sum()\n"


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
        ) as local,
        Client(local) as client,
    ):
        yield local.scheduler_address, client


def worker_running(client, student: str) -> str | None:
    """The address of the worker processing ``student``'s job, if one is."""
    for address, keys in client.processing().items():
        if any(str(key).endswith(f"-{student}") for key in keys):
            return address
    return None


def test_a_killed_worker_loses_and_duplicates_nothing(course, cluster, tmp_path):
    address, client = cluster
    folder = tmp_path / "batch"
    folder.mkdir()
    for name, nb in {
        "ann": submission(extra=SLOW), "bob": submission(square_sum=WRONG), "cy": submission()
    }.items():  # fmt: skip
        nbformat.write(nb, folder / f"{name}.ipynb")
    options = Options(limits=LIMITS, jobs=2, cluster=address)
    out: list = []
    batch = threading.Thread(
        target=lambda: out.extend(grade(course, ASSIGNMENT, [folder], options=options))
    )
    batch.start()
    placed = course.state / "submitted" / "ann" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    victim, deadline = None, time.monotonic() + 180
    while victim is None and time.monotonic() < deadline:
        worker = worker_running(client, "ann")
        if worker and placed.exists():  # ann's sandbox is being set up or running
            time.sleep(2)
            victim = client.run(os.getpid, workers=[worker])[worker]
            os.kill(victim, signal.SIGKILL)
        time.sleep(0.1)
    assert victim, "ann's job never started on a worker"
    batch.join(timeout=400)
    assert not batch.is_alive()
    assert [(r.student, r.status, r.score) for r in out] == [
        ("ann", "graded", 3.0), ("bob", "graded", 1.0), ("cy", "graded", 3.0),
    ]  # fmt: skip
    alive = {pid for pid in client.run(os.getpid).values()}
    assert victim not in alive
    log = [json.loads(x) for x in (course.state / "results.jsonl").read_text().splitlines()]
    assert sorted(e["student"] for e in log if e["run"] == out[0].run) == ["ann", "bob", "cy"]


def test_a_job_the_cluster_gave_up_on_shows_its_tasks_not_run(course):
    """Review 4: the result of a job that killed every worker showed 0/0 and no tasks."""
    from autograder.distributed import lost
    from autograder.grade import prepare

    ctx, _ = prepare(course, ASSIGNMENT)
    result = lost(ASSIGNMENT, ctx.tests, "ann.ipynb", "ann", RuntimeError("KilledWorker"))
    assert (result.status, result.score, result.max_score) == ("error", 0.0, 3.0)
    assert [(t.grade_id, t.visible) for t in result.tasks] == [
        ("test_square_sum", "not run"), ("test_softplus", "not run"),
    ]  # fmt: skip
    assert "marked for regrading" in result.message
