"""Rendering pages, and the public routes: signing in and out.

Every page is rendered on the server (Jinja2, autoescaped) and sent with headers that keep
it from being framed, sniffed or cached, and that allow scripts from this site only.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import sessionmaker

from autograder.service.accounts import find_token
from autograder.service.auth import check_csrf, csrf_token, identity, safe_next, sign_in
from autograder.service.config import ServiceConfig

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
router = APIRouter()


@dataclass
class ServiceState:
    """What every request handler reaches through ``request.app.state.service``."""

    config: ServiceConfig
    db: sessionmaker
    workers: object | None  # autograder.service.workers.Workers, None while grading is off
    paused: str = ""  # why grading is off (no sandbox here), shown on every page


def state(request: Request) -> ServiceState:
    return request.app.state.service


def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    context.setdefault("who", identity(request))
    context.update(csrf=csrf_token(request), paused=state(request).paused)
    response = templates.TemplateResponse(request, name, context, status_code=status)
    response.headers.update(HEADERS)
    return response


def wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json") or "application/json" in request.headers.get(
        "accept", ""
    )


def error_response(request: Request, status: int, message: str):
    """A clear error: a page for a browser, ``{"error": ...}`` for a script."""
    if wants_json(request):
        return JSONResponse({"error": message}, status_code=status, headers=HEADERS)
    return render(request, "message.html", status, title=TITLES.get(status, "Error"), text=message)


TITLES = {
    400: "That did not work",
    401: "Please sign in",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed",
    409: "Please wait",
    411: "Upload refused",
    413: "File too large",
    429: "Too many uploads",
}


@router.get("/signin", response_class=HTMLResponse)
def signin_form(request: Request, next: str = ""):
    return render(request, "signin.html", next=safe_next(next), error="")


@router.post("/signin")
def signin(
    request: Request,
    token: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
):
    check_csrf(request, csrf)
    found = find_token(state(request).db, token.strip()) if token.strip() else None
    if found is None:
        error = (
            "That token is not valid (it may have been revoked, or mistyped): check it, or "
            "ask your instructor for a new one."
            if token.strip()
            else "Enter the token your instructor gave you."
        )
        return render(request, "signin.html", 401, next=safe_next(next), error=error)
    sign_in(request, found.account, found.id)
    return RedirectResponse(safe_next(next, found.account.role), status_code=303)


@router.post("/signout")
def signout(request: Request, csrf: Annotated[str, Form()] = ""):
    check_csrf(request, csrf)
    request.session.clear()
    return RedirectResponse("/signin", status_code=303)
