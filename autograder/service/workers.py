"""Grading workers: threads of the service that take queued submissions, oldest first.

The queue is the submissions table itself, so it is exactly as durable as the database: a
worker *claims* a row with one conditional UPDATE (``queued`` -> ``grading``; of two
workers racing for a row, one wins), grades it through :class:`.grading.Grader`, and
writes the result into the same row. Rows left ``grading`` by a service that stopped (a
crash, a kill, a power cut) are put back in the queue when the service starts again. A
grader fault (the grader raised, or its result says it failed on its own side) puts the row
back in the queue too, to be taken again after a back-off (``retry_delay``, doubled each
time; the time of the fault is kept in ``finished`` while the row waits). A file that stopped
the grader ``MAX_ATTEMPTS`` times is set aside as an ``error``, marked for a regrade (as
``autograder grade`` marks one; ``autograder export`` flags it) and listed on the
instructor's overview, instead of looping.

Why not a task-queue library: the ones that run on SQLite (huey, for one) hand a task to a
consumer by removing it from the queue, so a consumer killed mid-task loses it; here a row stays
``grading`` until its result is written, which is what "nothing accepted is lost" needs,
and a thread pool would add nothing to one loop per worker.

A thread per job is enough: a job spends its time waiting on its sandboxed process, and
the hidden checks it runs here spend theirs in torch kernels that release the GIL (as in
:mod:`autograder.batch`).
"""

import json
import logging
import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from sqlalchemy import or_, select, update
from sqlalchemy.orm import sessionmaker

from autograder.records import mark_regrade, recording
from autograder.results import GradeResult
from autograder.service.admission import upload_path
from autograder.service.config import ServiceConfig
from autograder.service.grading import summary
from autograder.service.models import Submission, now

log = logging.getLogger("autograder.service")
MAX_ATTEMPTS = 3
GradeFn = Callable[[Path, str, str, str], GradeResult]  # (file, student, assignment, run)


def requeue_interrupted(db: sessionmaker) -> int:
    """Put back in the queue every grading a stopped service left unfinished."""
    with db.begin() as session:
        interrupted = update(Submission).where(Submission.status == "grading")
        return session.execute(interrupted.values(status="queued")).rowcount


def backoff(attempts: int, retry_delay: float) -> float:
    """Seconds to wait after the ``attempts``-th grading ended in a grader fault."""
    return retry_delay * 2 ** max(0, attempts - 1)


def ready(retry_delay: float):
    """A queued row that may be taken now: never failed, or its back-off is over."""
    at = now()
    waited = [
        (Submission.attempts == n)
        & (Submission.finished <= at - timedelta(seconds=backoff(n, retry_delay)))
        for n in range(1, MAX_ATTEMPTS)
    ]
    return (Submission.status == "queued") & or_(
        Submission.finished.is_(None), Submission.attempts >= MAX_ATTEMPTS, *waited
    )


def claim(db: sessionmaker, retry_delay: float = 0.0) -> Submission | None:
    """The oldest queued submission ready to be taken (:func:`ready`), now ``grading`` and
    ours; None when there is none."""
    while True:
        with db.begin() as session:
            oldest = select(Submission.id).where(ready(retry_delay))
            job_id = session.scalar(oldest.order_by(Submission.id).limit(1))
            if job_id is None:
                return None
            taken = session.execute(
                update(Submission)
                .where(Submission.id == job_id, Submission.status == "queued")
                .values(status="grading", started=now(), attempts=Submission.attempts + 1)
            ).rowcount
            if taken == 1:
                return session.get(Submission, job_id)
        # another worker took it first: try the next one


def release(db: sessionmaker, job_id: int) -> None:
    """Put a claimed job back in the queue (its attempts count bounds the retries)."""
    try:
        with db.begin() as session:
            ours = (Submission.id == job_id) & (Submission.status == "grading")
            session.execute(update(Submission).where(ours).values(status="queued"))
    except Exception:  # the database is away: the next start puts it back
        log.exception("could not put submission %s back in the queue", job_id)


def retry_later(db: sessionmaker, job_id: int, message: str) -> None:
    """Back to the queue after a grader fault; ``finished`` keeps when, for the back-off."""
    with db.begin() as session:
        still_ours = (Submission.id == job_id) & (Submission.status == "grading")
        values = {"status": "queued", "finished": now(), "message": message}
        session.execute(update(Submission).where(still_ours).values(**values))


def finish(db: sessionmaker, job_id: int, status: str, message: str, result: dict) -> None:
    tasks = result.get("tasks", [])
    values = {
        "status": status,
        "finished": now(),
        "message": message,
        "result_json": json.dumps(result),
        "score": sum(t["score"] for t in tasks) if tasks else None,
        "max_score": sum(t["points"] for t in tasks) if tasks else None,
    }
    with db.begin() as session:
        still_ours = (Submission.id == job_id) & (Submission.status == "grading")
        session.execute(update(Submission).where(still_ours).values(**values))


class Workers:
    """``config.jobs`` threads grading queued submissions until :meth:`stop`."""

    def __init__(self, config: ServiceConfig, db: sessionmaker, grade: GradeFn):
        self.config, self.db, self.grade = config, db, grade
        self._stopping = threading.Event()
        self._work = threading.Condition()
        self._threads: list[threading.Thread] = []

    def start(self) -> int:
        """Start the threads; returns how many interrupted gradings were resumed."""
        resumed = requeue_interrupted(self.db)
        for index in range(max(1, self.config.jobs)):
            thread = threading.Thread(target=self._loop, name=f"grader-{index}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return resumed

    def wake(self) -> None:
        with self._work:
            self._work.notify_all()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop taking jobs. A job still running is left ``grading``: the next start resumes
        it (stopping the service never waits out a ten-minute notebook)."""
        self._stopping.set()
        self.wake()
        for thread in self._threads:
            thread.join(timeout / max(1, len(self._threads)))

    def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                job = claim(self.db, self.config.retry_delay)
            except Exception:  # the database is away for a moment: try again shortly
                log.exception("claiming a job failed")
                job = None
            if job is None:
                with self._work:
                    self._work.wait(timeout=1.0)
                continue
            try:
                self.run(job)
            except Exception:  # recording the result failed: the job goes back to the queue
                log.exception("finishing submission %s failed; it is queued again", job.id)
                release(self.db, job.id)

    def run(self, job: Submission) -> None:
        if job.attempts > MAX_ATTEMPTS:  # interrupted that often: the file may be the cause
            message = (
                f"The grader stopped {MAX_ATTEMPTS} times while grading this file, so it was "
                "set aside; your instructor sees it as needing a regrade."
            )
            self.give_up(job, message, {})
            return
        run = f"service-{job.id}-{job.attempts}"
        try:
            result = self.grade(upload_path(self.config, job), job.account_id, job.assignment, run)
        except Exception as err:  # the grader's own fault (settings, source notebook)
            log.exception("grading submission %s failed", job.id)
            self.fault(job, f"The grader could not grade this file ({type(err).__name__}).", {})
            return
        if result.status == "error":
            self.fault(job, result.message, summary(result))
            return
        finish(self.db, job.id, "done", result.message, summary(result))
        log.info("graded submission %s: %g/%g", job.id, result.score, result.max_score)

    def fault(self, job: Submission, reason: str, result: dict) -> None:
        """A grader fault: try again after the back-off, or give up after the last attempt."""
        if job.attempts < MAX_ATTEMPTS:
            wait = backoff(job.attempts, self.config.retry_delay)
            retry_later(
                self.db, job.id, f"{reason} The grader will try again in about {wait:.0f} s."
            )
            return
        message = (
            f"{reason} The grader failed {MAX_ATTEMPTS} times on this file, so it was set "
            "aside: your instructor sees it as needing a regrade, and you may upload it again."
        )
        self.give_up(job, message, result)

    def give_up(self, job: Submission, message: str, result: dict) -> None:
        """An ``error`` row, and the (student, assignment) marked for a regrade."""
        finish(self.db, job.id, "error", message, result)
        try:
            with recording(self.config.settings):
                mark_regrade(self.config.settings, job.account_id, job.assignment, True)
        except OSError:  # the row already says it; the overview lists it
            log.exception("could not mark submission %s for a regrade", job.id)
