"""The instructor's side: every submission, one submission's detail, the grades table, its
CSV export, and regrading. Instructors sign in with their own tokens (``autograder serve
issue --instructor NAME``); a student's token never opens these pages."""

import csv
import io
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from autograder.service.auth import Identity, check_csrf, require
from autograder.service.models import FINAL, IN_FLIGHT, Account, Submission
from autograder.service.pages import error_response, render, state

router = APIRouter(prefix="/instructor")
Instructor = Annotated[Identity, Depends(require("instructor"))]
STATUSES = (*IN_FLIGHT, *FINAL)
LISTED = 500  # the newest submissions shown on the overview
FORMULA = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run a cell starting so
CSV_COLUMNS = [
    "student", "name", "assignment", "submission", "status", "submitted", "task", "score",
    "max_score",
]  # fmt: skip


@router.get("/")
def overview(
    request: Request,
    who: Instructor,
    assignment: str = "",
    student: str = "",
    status: str = "",
):
    if status and status not in STATUSES:
        return error_response(request, 400, f"status must be one of: {', '.join(STATUSES)}.")
    query = select(Submission).order_by(Submission.id.desc()).limit(LISTED)
    for column, value in (("assignment", assignment), ("account_id", student), ("status", status)):
        if value:
            query = query.where(getattr(Submission, column) == value)
    with state(request).db() as session:
        rows = list(session.scalars(query))
        needing = needing_regrade(session)
    filters = {"assignment": assignment, "student": student, "status": status}
    return render(
        request,
        "instructor.html",
        submissions=rows,
        filters=filters,
        statuses=STATUSES,
        needing_regrade=needing,
    )


def needing_regrade(session) -> list[Submission]:
    """The latest submissions that ended in a grader fault: what counts has no grade."""
    latest = latest_by_student(session).values()
    return sorted((s for s in latest if s.status == "error"), key=lambda s: s.id)


@router.get("/submissions/{submission_id}")
def detail(request: Request, submission_id: int, who: Instructor):
    with state(request).db() as session:
        found = session.get(Submission, submission_id)
    if found is None:
        return error_response(request, 404, f"There is no submission #{submission_id}.")
    return render(request, "submission.html", submission=found, duplicate=False)


def latest_by_student(session) -> dict[tuple[str, str], Submission]:
    """The latest submission (refused uploads aside) of each student and assignment."""
    query = select(Submission).where(Submission.status != "rejected").order_by(Submission.id)
    return {(s.account_id, s.assignment): s for s in session.scalars(query)}


@router.post("/submissions/{submission_id}/regrade")
def regrade(
    request: Request, submission_id: int, who: Instructor, csrf: Annotated[str, Form()] = ""
):
    check_csrf(request, csrf)
    service = state(request)
    try:
        with service.db.begin() as session:
            found = session.get(Submission, submission_id)
            problem = regrade_problem(session, found, submission_id)
            if problem:
                return error_response(request, *problem)
            found.status, found.attempts, found.message = "queued", 0, ""
            found.started = found.finished = found.score = found.max_score = None
            found.result_json = "{}"
    except IntegrityError:  # the student's own new upload was queued in the meantime
        return error_response(request, 409, "A newer submission of this student is queued.")
    if service.workers is not None:
        service.workers.wake()
    return RedirectResponse(f"/instructor/submissions/{submission_id}", status_code=303)


def regrade_problem(session, found: Submission | None, submission_id: int):
    """(status, message) saying why ``found`` cannot be regraded now, or None."""
    if found is None:
        return 404, f"There is no submission #{submission_id}."
    if found.status == "rejected":
        return 400, f"Submission #{found.id} was refused at upload: there is no file to grade."
    if found.status in IN_FLIGHT:
        return 409, f"Submission #{found.id} is already {found.status}."
    latest = latest_by_student(session)[found.account_id, found.assignment]
    if latest.id != found.id:
        return 409, (
            f"Only a student's latest submission counts: regrade #{latest.id} instead of "
            f"#{found.id}."
        )
    return None


def grade_rows(request: Request) -> tuple[list[str], list[Account], dict]:
    with state(request).db() as session:
        students = list(
            session.scalars(select(Account).where(Account.role == "student").order_by(Account.id))
        )
        latest = latest_by_student(session)
    return state(request).config.assignments(), students, latest


@router.get("/grades")
def grades(request: Request, who: Instructor):
    assignments, students, latest = grade_rows(request)
    return render(request, "grades.html", assignments=assignments, students=students, latest=latest)


@router.get("/grades.csv")
def grades_csv(request: Request, who: Instructor):
    """One row per student, assignment and task of each student's latest submission."""
    assignments, students, latest = grade_rows(request)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for account in students:
        for assignment in assignments:
            found = latest.get((account.id, assignment))
            if found is not None:
                writer.writerows(csv_rows(account, found))
    headers = {"Content-Disposition": 'attachment; filename="grades.csv"'}
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


def csv_rows(account: Account, found: Submission) -> list[dict]:
    base = {
        "student": account.id,
        "name": "'" + account.name if account.name[:1] in FORMULA else account.name,
        "assignment": found.assignment,
        "submission": found.id,
        "status": found.status,
        "submitted": found.created.isoformat(timespec="seconds"),
    }
    tasks = found.result.get("tasks", [])
    if not tasks:
        return [base | {"task": "", "score": "", "max_score": ""}]
    return [
        base | {"task": t["grade_id"], "score": f"{t['score']:g}", "max_score": f"{t['points']:g}"}
        for t in tasks
    ]
