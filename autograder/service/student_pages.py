"""The student's side: choose an assignment, upload a notebook, watch it being graded, read
the feedback, see the history. A student reaches their own submissions only: anyone
else's answers 404, exactly like one that does not exist."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from autograder.service.admission import Refused, Upload, admit, too_large
from autograder.service.auth import Identity, check_csrf, require
from autograder.service.models import FINAL, Submission
from autograder.service.pages import HEADERS, error_response, render, state, templates

router = APIRouter(prefix="/submit")
Student = Annotated[Identity, Depends(require("student"))]
FORM_OVERHEAD = 64 * 1024  # multipart boundaries and the small fields beside the file


def history(request: Request, who: Identity) -> list[Submission]:
    with state(request).db() as session:
        query = select(Submission).where(Submission.account_id == who.id)
        return list(session.scalars(query.order_by(Submission.id.desc())))


def dashboard(request: Request, who: Identity, chosen: str = "", error: str = "", status=200):
    assignments = state(request).config.assignments()
    notice = ""
    if chosen and chosen not in assignments:
        notice = f"There is no assignment {chosen[:80]!r} to submit to yet; choose one below."
    return render(
        request,
        "dashboard.html",
        status,
        who=who,
        assignments=assignments,
        chosen=chosen,
        notice=notice,
        error=error,
        history=history(request, who),
        max_mb=state(request).config.settings.max_submission_mb,
    )


@router.get("/")
def start(request: Request, who: Student, assignment: str = ""):
    return dashboard(request, who, assignment)


def check_length(request: Request) -> None:
    """Refuse an oversized body before reading it: it must say its length, within the cap."""
    length = request.headers.get("content-length", "")
    if not length.isdigit():
        raise Refused(411, "The upload did not say its size (Content-Length); use the form.")
    cap = state(request).config.max_upload_bytes
    if int(length) > cap + FORM_OVERHEAD:
        raise too_large(state(request).config, "The upload")


async def read_upload(request: Request, who: Identity) -> Upload:
    form = await request.form(max_files=1, max_fields=4)
    check_csrf(request, form.get("csrf"))
    assignment = str(form.get("assignment") or "")
    notebook = form.get("notebook")
    if not isinstance(notebook, UploadFile) or not notebook.filename:
        raise Refused(400, "Choose your notebook file (.ipynb) to upload.")
    cap = state(request).config.max_upload_bytes
    data = await notebook.read(cap + 1)  # one byte more than allowed tells it is too large
    return Upload(who.id, assignment, notebook.filename, data)


@router.post("/upload")
async def upload(request: Request, who: Student):
    chosen = ""
    try:
        check_length(request)
        incoming = await read_upload(request, who)
        chosen = incoming.assignment
        service = state(request)
        submission, duplicate = await run_in_threadpool(admit, service.config, service.db, incoming)
    except Refused as refused:
        if "application/json" in request.headers.get("accept", ""):
            return error_response(request, refused.status, refused.message)
        return dashboard(request, who, chosen, refused.message, refused.status)
    if service.workers is not None:
        service.workers.wake()
    suffix = "?duplicate=1" if duplicate else ""
    return RedirectResponse(f"/submit/submissions/{submission.id}{suffix}", status_code=303)


def own_submission(request: Request, who: Identity, submission_id: int) -> Submission:
    with state(request).db() as session:
        found = session.get(Submission, submission_id)
    if found is None or found.account_id != who.id:
        raise LookupError(f"You have no submission #{submission_id}.")
    return found


@router.get("/submissions/{submission_id}")
def submission_page(request: Request, submission_id: int, who: Student, duplicate: int = 0):
    try:
        found = own_submission(request, who, submission_id)
    except LookupError as err:
        return error_response(request, 404, str(err))
    return render(request, "submission.html", submission=found, duplicate=bool(duplicate))


@router.get("/submissions/{submission_id}/status.json")
def submission_status(request: Request, submission_id: int, who: Student):
    """What the page's script polls: the status, and the result once it is final."""
    try:
        found = own_submission(request, who, submission_id)
    except LookupError as err:
        return error_response(request, 404, str(err))
    fragment = templates.get_template("_result.html").render(submission=found)
    body = {
        "id": found.id,
        "status": found.status,
        "final": found.status in FINAL,
        "score": found.score,
        "max_score": found.max_score,
        "html": fragment,
    }
    return JSONResponse(body, headers=HEADERS)
