"""Who is asking: sessions, roles and CSRF tokens for every non-public route.

A sign-in stores the account and the id of the token used in Starlette's signed session
cookie (SameSite=Strict, HttpOnly); every request checks that token is still active, so
revoking it signs its holder out at once. Every form carries the session's CSRF token
(synchroniser-token pattern) and every POST checks it.
"""

import secrets
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from fastapi import HTTPException, Request

from autograder.service.accounts import token_still_valid
from autograder.service.models import Account

HOMES = {"student": "/submit/", "instructor": "/instructor/"}


class SignInRequired(Exception):
    """No valid session: pages redirect to the sign-in form, other requests get 401."""


@dataclass(frozen=True)
class Identity:
    id: str
    role: str
    name: str


def csrf_token(request: Request) -> str:
    """This session's CSRF token (made on first use)."""
    if "csrf" not in request.session:
        request.session["csrf"] = secrets.token_urlsafe(32)
    return request.session["csrf"]


def check_csrf(request: Request, sent) -> None:
    expected = request.session.get("csrf")
    if not expected or not isinstance(sent, str) or not secrets.compare_digest(expected, sent):
        raise HTTPException(
            403,
            "This form is out of date or did not come from this site (its security token "
            "does not match): reload the page and try again.",
        )


def sign_in(request: Request, account: Account, token_id: int) -> None:
    request.session.clear()  # nothing from before the sign-in carries over
    request.session.update(account=account.id, token=token_id, role=account.role)
    request.session["csrf"] = secrets.token_urlsafe(32)


def identity(request: Request) -> Identity | None:
    session = request.session
    account_id, token_id = session.get("account"), session.get("token")
    if not isinstance(account_id, str) or not isinstance(token_id, int):
        return None
    account = token_still_valid(request.app.state.service.db, token_id, account_id)
    if account is None:
        session.clear()
        return None
    return Identity(account.id, account.role, account.name)


def require(role: str):
    """A FastAPI dependency: the signed-in account, which must have ``role``."""

    def dependency(request: Request) -> Identity:
        who = identity(request)
        if who is None:
            raise SignInRequired()
        if who.role != role:
            raise HTTPException(403, f"This page is for {role}s; you are signed in as {who.id}.")
        return who

    return dependency


def safe_next(target: str | None, role: str | None = None) -> str:
    """Where to go after signing in: a path of this app only (never another site)."""
    parts = urlsplit(target or "")
    wanted = [HOMES[role]] if role in HOMES else list(HOMES.values())
    ok = not parts.scheme and not parts.netloc and any(parts.path.startswith(h) for h in wanted)
    if ok and "\\" not in target and not target.startswith("//"):
        return target
    return HOMES.get(role, "/submit/")


def sign_in_url(request: Request) -> str:
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return f"/signin?next={quote(here, safe='')}"
