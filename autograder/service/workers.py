"""Grading workers: threads of the service that take queued submissions, oldest first.

The queue is the submissions table itself, so it is exactly as durable as the database: a
worker *claims* a row with one conditional UPDATE (``queued`` -> ``grading``; of two
workers racing for a row, one wins), grades it through :class:`.grading.Grader`, and
writes the result into the same row. Rows left ``grading`` by a service that stopped (a
crash, a kill, a power cut) are put back in the queue when the service starts again, and a
file that stopped the grader three times is set aside as an error instead of looping.

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
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import sessionmaker

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


def claim(db: sessionmaker) -> Submission | None:
    """The oldest queued submission, now ``grading`` and ours; None when the queue is empty."""
    while True:
        with db.begin() as session:
            oldest = select(Submission.id).where(Submission.status == "queued")
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
                job = claim(self.db)
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
        if job.attempts > MAX_ATTEMPTS:
            message = (
                f"The grader stopped {MAX_ATTEMPTS} times while grading this file, so it was "
                "set aside; your instructor can regrade it."
            )
            finish(self.db, job.id, "error", message, {})
            return
        run = f"service-{job.id}-{job.attempts}"
        try:
            result = self.grade(upload_path(self.config, job), job.account_id, job.assignment, run)
        except Exception as err:  # the grader's own fault (settings, source notebook)
            log.exception("grading submission %s failed", job.id)
            message = f"The grader could not grade this file ({type(err).__name__}); it is "
            finish(self.db, job.id, "error", message + "marked for regrading.", {})
            return
        status = "error" if result.status == "error" else "done"
        finish(self.db, job.id, status, result.message, summary(result))
        log.info("graded submission %s: %s %g/%g", job.id, status, result.score, result.max_score)
