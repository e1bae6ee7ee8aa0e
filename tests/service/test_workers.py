"""The grading workers: claims are exclusive and oldest first, interrupted jobs go back to
the queue, a file that keeps stopping the grader is set aside, a grader fault is tried again after a
back-off and, when the attempts run out, set aside for the instructor to regrade."""

import threading
import time

from sqlalchemy import select

from autograder.results import GradeResult
from autograder.service.models import Submission
from autograder.service.workers import MAX_ATTEMPTS, Workers, claim, requeue_interrupted
from tests.service.conftest import quick_grade


def add_jobs(db, count: int, status: str = "queued", attempts: int = 0) -> list[int]:
    first = len(rows(db))
    with db.begin() as session:
        added = [
            Submission(
                account_id="alice", assignment=f"a{n}", sha256=f"{n:064x}", filename="x.ipynb",
                status=status, attempts=attempts,
            )
            for n in range(first, first + count)
        ]  # fmt: skip
        session.add_all(added)
    return [r.id for r in added]


def rows(db) -> list[Submission]:
    with db() as session:
        return list(session.scalars(select(Submission).order_by(Submission.id)))


def run_until_final(config, db, grade, seconds: float = 20) -> list[Submission]:
    workers = Workers(config, db, grade)
    workers.start()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(r.status in ("queued", "grading") for r in rows(db)):
        time.sleep(0.02)
    workers.stop()
    return rows(db)


def test_claims_are_oldest_first_and_never_shared(db):
    ids = add_jobs(db, 30)
    taken, lock = [], threading.Lock()

    def take():
        while (job := claim(db)) is not None:
            with lock:
                taken.append(job.id)

    threads = [threading.Thread(target=take) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(taken) == ids  # each job claimed exactly once
    assert all(r.status == "grading" and r.attempts == 1 for r in rows(db))


def test_interrupted_gradings_go_back_to_the_queue(db):
    add_jobs(db, 2, status="grading", attempts=1)
    add_jobs(db, 1, status="done")
    assert requeue_interrupted(db) == 2
    assert [r.status for r in rows(db)] == ["queued", "queued", "done"]


def test_workers_grade_every_queued_job(config, db):
    add_jobs(db, 5)
    done = run_until_final(config, db, quick_grade)
    assert [(r.status, r.score, r.max_score) for r in done] == [("done", 3, 3)] * 5
    assert done[0].result["tasks"][0]["grade_id"] == "test_square_sum"


def test_a_file_that_keeps_stopping_the_grader_is_set_aside(config, db):
    add_jobs(db, 1, status="grading", attempts=MAX_ATTEMPTS)  # the next start is one too many
    called = []
    [row] = run_until_final(config, db, lambda *args: called.append(args))
    assert not called and row.status == "error" and "set aside" in row.message


def test_a_result_that_could_not_be_stored_is_graded_again(config, db, monkeypatch):
    from autograder.service import workers

    add_jobs(db, 1)
    original, failures = workers.finish, []

    def flaky(db, job_id, status, message, result):
        if not failures:
            failures.append(job_id)
            raise OSError("disk full for a moment")
        original(db, job_id, status, message, result)

    monkeypatch.setattr(workers, "finish", flaky)
    [row] = run_until_final(config, db, quick_grade)
    assert failures and (row.status, row.score, row.attempts) == ("done", 3, 2)


def test_a_grader_fault_is_tried_again_after_a_back_off(config, db):
    from dataclasses import replace

    add_jobs(db, 1)
    calls = []

    def flaky(path, student, assignment, run):
        calls.append(time.monotonic())
        if len(calls) == 1:
            raise RuntimeError("the gradebook is locked for a moment")
        return quick_grade(path, student, assignment, run)

    [row] = run_until_final(replace(config, retry_delay=0.5), db, flaky)
    assert (row.status, row.score, row.attempts) == ("done", 3, 2)
    assert calls[1] - calls[0] >= 0.5  # waited out the back-off before trying again


def test_a_waiting_retry_says_so_and_is_not_claimed_before_its_time(config, db):
    from dataclasses import replace

    add_jobs(db, 1)
    workers = Workers(replace(config, retry_delay=60), db, quick_grade)
    job = claim(db)

    def broken(*args):
        raise RuntimeError("the source notebook is gone")

    workers.grade = broken
    workers.run(job)
    [row] = rows(db)
    assert row.status == "queued" and "will try again" in row.message
    assert "gone" not in row.message  # the grader's internals stay out of the student's view
    assert claim(db, retry_delay=60) is None and claim(db, retry_delay=0).id == row.id


def test_a_grader_fault_that_persists_is_set_aside_and_marked_for_a_regrade(config, db):
    from dataclasses import replace

    from autograder.records import regrade_marks

    add_jobs(db, 2)
    tried = []

    def broken(path, student, assignment, run):
        tried.append(assignment)
        if assignment == "a0":
            raise RuntimeError("the source notebook is gone")
        return GradeResult(student, assignment, str(path), "error", message="gradebook down")

    first, second = run_until_final(replace(config, retry_delay=0), db, broken)
    assert tried.count("a0") == tried.count("a1") == MAX_ATTEMPTS
    for row in (first, second):
        assert (row.status, row.attempts) == ("error", MAX_ATTEMPTS)
        assert f"failed {MAX_ATTEMPTS} times" in row.message
        assert "needing a regrade" in row.message and "upload it again" in row.message
    assert "gone" not in first.message and "gradebook down" in second.message
    assert {("alice", "a0"), ("alice", "a1")} <= regrade_marks(config.settings)
