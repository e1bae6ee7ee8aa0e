"""The FastAPI application: the book at ``/``, the student pages under ``/submit/``, the
instructor pages under ``/instructor/``, signing in at ``/signin``; grading workers start
and stop with it."""

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware

from autograder.sandbox import isolation_problem
from autograder.service import instructor_pages, pages, student_pages
from autograder.service.admission import Refused
from autograder.service.auth import SignInRequired, sign_in_url
from autograder.service.config import ServiceConfig, session_secret
from autograder.service.grading import Grader
from autograder.service.models import open_database
from autograder.service.pages import ServiceState, error_response, render
from autograder.service.workers import GradeFn, Workers

log = logging.getLogger("autograder.service")
STATIC = Path(__file__).parent / "static"


@asynccontextmanager
async def lifespan(app: FastAPI):
    service: ServiceState = app.state.service
    if service.workers is not None:
        resumed = service.workers.start()
        if resumed:
            log.warning("resumed %d grading(s) interrupted when the service last stopped", resumed)
    else:
        log.warning("GRADING IS OFF: %s", service.paused)
    yield
    if service.workers is not None:
        service.workers.stop()


def create_app(config: ServiceConfig, grade: GradeFn | None = None) -> FastAPI:
    """The whole service; ``grade`` replaces the autograder's grading (tests only)."""
    db = open_database(config.db_url)
    problem = isolation_problem() if config.isolate and grade is None else None
    paused = ""
    if problem:
        paused = (
            f"submissions cannot be isolated here ({problem}); uploads are kept and queued, "
            "and are graded once the service runs where they can be (or with --unsafe)"
        )
    workers = None if problem else Workers(config, db, grade or Grader(config))
    app = FastAPI(
        title="Course submissions", lifespan=lifespan, docs_url=None, redoc_url=None,
        openapi_url=None,
    )  # fmt: skip
    app.state.service = ServiceState(config, db, workers, paused)
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(config),
        session_cookie="seqgen_session",
        max_age=int(config.session_hours * 3600),
        same_site="strict",
    )
    add_error_handlers(app)
    for module in (pages, student_pages, instructor_pages):
        app.include_router(module.router)
    app.mount("/service-static", StaticFiles(directory=STATIC), name="service-static")
    mount_book(app, config.book)
    return app


def mount_book(app: FastAPI, book: Path) -> None:
    """The built book at ``/``; until it is built, a page that says how to build it."""
    if (book / "index.html").is_file():
        app.mount("/", StaticFiles(directory=book, html=True), name="book")
        return

    @app.get("/")
    def book_missing(request: Request):
        text = f"The book is not built yet (no {book / 'index.html'}): run `make book`."
        return render(request, "message.html", title="Book not built", text=text)


def add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(SignInRequired)
    async def sign_in_first(request: Request, _exc):
        if request.method == "GET" and not pages.wants_json(request):
            return RedirectResponse(sign_in_url(request), status_code=303)
        return error_response(request, 401, "Sign in first.")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        message = exc.detail if isinstance(exc.detail, str) else "The request was refused."
        if exc.status_code == 404:
            message = "There is no page here."
        return error_response(request, exc.status_code, message)

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused):
        return error_response(request, exc.status, exc.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:]) or 'the request'}: {e['msg']}"
            for e in exc.errors()
        )
        return error_response(request, 400, f"The request is not valid ({problems}).")
