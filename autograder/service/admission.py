"""Taking an upload in: every check with its clear message, then the file stored on disk
and its row committed, in that order, before the student hears "accepted".

The cheap checks come first (rate, assignment, size, duplicate, one in flight), so that a
refused upload is never parsed. What is kept:

- a refusal (unknown assignment, empty or too large, not a notebook of the assignment, a
  second upload while the first of the same assignment is still queued or grading) is a
  ``rejected`` row with its reason and without the file: the student sees it in their
  history, and it counts towards the rate limit, so refused uploads cannot be sent without
  limit;
- a refusal for the rate limit itself (HTTP 429) is not kept: storing it would let the
  refused uploads grow the table without limit;
- the same file as the student's latest submission of the assignment (unless that one ended
  in a grader fault) adds no row and is not counted: it leads to that submission and costs
  one hash and one query. Any other file, an earlier one sent again included, is a new
  submission, and the latest one is what counts.

Refusals made before the form is read (no or too large Content-Length, a wrong CSRF token,
no file; :mod:`.student_pages`) are not kept either.
"""

import hashlib
import os
import threading
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from autograder.notebooks import NotebookError, check_submission_matches, parse_notebook
from autograder.notebooks import read_notebook as read_source
from autograder.service.config import ServiceConfig
from autograder.service.models import IN_FLIGHT, Submission, now
from autograder.settings import source_notebook
from autograder.text import safe_text

# One admission at a time in this process, so that counting a student's recent uploads and
# adding the new one agree (the unique indexes guard the same rules across processes).
_admitting = threading.Lock()


class Refused(Exception):
    """An upload the service will not take; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


@dataclass(frozen=True)
class Upload:
    account_id: str
    assignment: str
    filename: str
    data: bytes


def display_name(filename: str | None) -> str:
    """The browser's file name, for display only: its last component, made safe."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    return safe_text(name, 120) or "(unnamed file)"


def check_assignment(config: ServiceConfig, assignment: str) -> None:
    choices = config.assignments()
    if assignment not in choices:
        raise Refused(
            400,
            f"There is no assignment {safe_text(assignment, 80)!r} to submit to; choose one "
            f"of: {', '.join(choices) or 'none yet'}.",
        )


def too_large(config: ServiceConfig, what: str) -> Refused:
    """The refusal of an upload over the cap, with what to do about it."""
    return Refused(
        413,
        f"{what} is larger than the {config.settings.max_submission_mb:g} MiB a submission may "
        "have: clear the outputs (Kernel > Restart Kernel and Clear Outputs), save, and upload "
        "it again.",
    )


def check_size(config: ServiceConfig, upload: Upload) -> None:
    if not upload.data:
        raise Refused(400, f"{display_name(upload.filename)} is empty: choose your saved .ipynb.")
    if len(upload.data) > config.max_upload_bytes:
        raise too_large(config, display_name(upload.filename))


@lru_cache(maxsize=64)
def source_of(path: Path, mtime: float):
    return read_source(path)


def check_content(config: ServiceConfig, upload: Upload) -> None:
    """A notebook, and one of the chosen assignment (the autograder's own checks)."""
    name = display_name(upload.filename)
    path = source_notebook(config.settings, upload.assignment)
    try:
        notebook = parse_notebook(upload.data, name)
        check_submission_matches(
            notebook, source_of(path, path.stat().st_mtime), name, upload.assignment
        )
    except NotebookError as err:
        raise Refused(400, str(err)) from None


def check_rate(session, config: ServiceConfig, account_id: str) -> None:
    since = now() - timedelta(seconds=config.rate_window)
    query = select(func.count(Submission.id), func.min(Submission.created)).where(
        Submission.account_id == account_id, Submission.created >= since
    )
    count, oldest = session.execute(query).one()
    if count >= config.rate_limit:
        wait = int((oldest - since).total_seconds()) + 1
        raise Refused(
            429,
            f"You have uploaded {count} times in the last {config.rate_window / 60:g} minutes, "
            f"the most allowed: try again in {wait} seconds.",
        )


def store_file(config: ServiceConfig, digest: str, data: bytes) -> Path:
    """Write the upload under its content hash (never a name the browser chose), durably."""
    target = config.uploads / f"{digest}.ipynb"
    if target.exists():
        return target
    tmp = target.with_name(f".{digest}.{threading.get_ident()}.tmp")
    with tmp.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, target)
    directory = os.open(config.uploads, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself survives a crash
    finally:
        os.close(directory)
    return target


def upload_path(config: ServiceConfig, submission: Submission) -> Path:
    return config.uploads / f"{submission.sha256}.ipynb"


def admit(config: ServiceConfig, db: sessionmaker, upload: Upload) -> tuple[Submission, bool]:
    """(the submission, True if it is the same file as the latest one); raises Refused.
    Every refusal but the rate limit's is kept (see the module's docstring)."""
    try:
        with db() as session:
            check_rate(session, config, upload.account_id)
        check_assignment(config, upload.assignment)
        check_size(config, upload)
        digest = hashlib.sha256(upload.data).hexdigest()
        with db() as session:  # both cheap: before parsing up to the cap of JSON
            same = same_as_latest(session, upload, digest)
            if same is not None:
                return same, True
            check_not_in_flight(session, upload.account_id, upload.assignment)
        check_content(config, upload)
        with _admitting:
            return enqueue(config, db, upload, digest)
    except Refused as refused:
        if refused.status != 429:
            reject(config, db, upload, refused)
        raise


def enqueue(
    config: ServiceConfig, db: sessionmaker, upload: Upload, digest: str
) -> tuple[Submission, bool]:
    """The checks again (another request may have come in meanwhile), the file, its row."""
    with db() as session:
        check_rate(session, config, upload.account_id)
        same = same_as_latest(session, upload, digest)
        if same is not None:
            return same, True
        check_not_in_flight(session, upload.account_id, upload.assignment)
    store_file(config, digest, upload.data)
    row = Submission(
        account_id=upload.account_id,
        assignment=upload.assignment,
        sha256=digest,
        filename=display_name(upload.filename),
        size=len(upload.data),
        status="queued",
    )
    try:
        with db.begin() as session:
            session.add(row)
    except IntegrityError:  # another process queued one between our checks and our insert
        with db() as session:
            same = same_as_latest(session, upload, digest)
            if same is not None:
                return same, True
            check_not_in_flight(session, upload.account_id, upload.assignment)
            raise
    return row, False


def same_as_latest(session, upload: Upload, digest: str) -> Submission | None:
    """The student's latest submission of the assignment if it is this very file and did not
    end in a grader fault (that one is graded again); refused uploads do not count."""
    query = (
        select(Submission)
        .where(
            Submission.account_id == upload.account_id,
            Submission.assignment == upload.assignment,
            Submission.status != "rejected",
        )
        .order_by(Submission.id.desc())
        .limit(1)
    )
    latest = session.scalar(query)
    if latest is None or latest.sha256 != digest or latest.status == "error":
        return None
    return latest


def check_not_in_flight(session, account_id: str, assignment: str) -> None:
    query = select(Submission).where(
        Submission.account_id == account_id,
        Submission.assignment == assignment,
        Submission.status.in_(IN_FLIGHT),
    )
    busy = session.scalar(query)
    if busy is not None:
        raise Refused(
            409,
            f"Your submission #{busy.id} of {assignment} is still {busy.status}: wait for its "
            "result, then submit again.",
        )


def reject(config: ServiceConfig, db: sessionmaker, upload: Upload, refused: Refused) -> None:
    """Keep the refusal (not the file) for the student's history and the rate limit."""
    assignment = upload.assignment if upload.assignment in config.assignments() else "-"
    with _admitting, db.begin() as session:
        session.add(
            Submission(
                account_id=upload.account_id,
                assignment=assignment,
                sha256=hashlib.sha256(upload.data).hexdigest(),
                filename=display_name(upload.filename),
                size=len(upload.data),
                status="rejected",
                finished=now(),
                message=refused.message,
            )
        )
