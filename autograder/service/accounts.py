"""Accounts and their tokens: the roster, issuing and revoking, signing in.

A token is 32 random bytes (URL-safe text) handed to one person once. Only its SHA-256 is
stored: a slow password hash buys nothing for a random secret this long, and a stolen
database gives no way in. Issuing a new token revokes the account's earlier ones. Tokens
never appear in a URL, a log line or an error message.
"""

import csv
import hashlib
import io
import os
import secrets
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import sessionmaker

from autograder.grade import check_student_id
from autograder.service.models import Account, Token, now
from autograder.settings import CourseError
from autograder.text import safe_text

ROLES = ("student", "instructor")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def read_roster(path: Path) -> list[tuple[str, str]]:
    """(id, name) rows of a roster CSV with an ``id`` column and an optional ``name``."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise CourseError(f"cannot read the roster {safe_text(path)}: {err}") from None
    reader = csv.DictReader(io.StringIO(text))
    if "id" not in (reader.fieldnames or []):
        raise CourseError(
            f"{safe_text(path)}: the first line must name the columns, with at least 'id' "
            "(and optionally 'name'), e.g. 'id,name'"
        )
    rows, seen = [], set()
    for line, row in enumerate(reader, start=2):
        account_id = (row.get("id") or "").strip()
        try:
            check_student_id(account_id)
        except CourseError as err:
            raise CourseError(f"{safe_text(path)}, line {line}: {err}") from None
        if account_id in seen:
            raise CourseError(f"{safe_text(path)}, line {line}: {account_id!r} is listed twice")
        seen.add(account_id)
        rows.append((account_id, safe_text((row.get("name") or "").strip(), 200)))
    return rows


def import_roster(db: sessionmaker, rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Add or rename the roster's students; a token for each student without one.
    Returns the (id, token) pairs issued now (students who have a token keep it)."""
    issued = []
    with db.begin() as session:
        for account_id, name in rows:
            account = session.get(Account, account_id)
            if account is None:
                account = Account(id=account_id, role="student", name=name)
                session.add(account)
            elif account.role != "student":
                raise CourseError(f"{account_id!r} is an instructor account, not a student")
            account.name = name or account.name
            if not has_active_token(session, account_id):
                issued.append((account_id, add_token(session, account_id)))
    return issued


def has_active_token(session, account_id: str) -> bool:
    query = select(Token.id).where(Token.account_id == account_id, Token.revoked.is_(None))
    return session.scalar(query) is not None


def add_token(session, account_id: str) -> str:
    token = secrets.token_urlsafe(32)
    session.add(Token(account_id=account_id, digest=hash_token(token)))
    return token


def issue(db: sessionmaker, account_id: str, role: str = "student", name: str = "") -> str:
    """A new token for ``account_id`` (created if new); its earlier tokens stop working."""
    check_student_id(account_id)  # an instructor's id follows the same rule
    if role not in ROLES:
        raise CourseError(f"role must be one of: {', '.join(ROLES)} (not {safe_text(role)!r})")
    with db.begin() as session:
        account = session.get(Account, account_id)
        if account is None:
            session.add(Account(id=account_id, role=role, name=name))
        elif account.role != role:
            raise CourseError(f"{account_id!r} has the role {account.role}, not {role}")
        revoke_all(session, account_id)
        return add_token(session, account_id)


def revoke(db: sessionmaker, account_id: str) -> int:
    """Revoke every token of ``account_id``; how many were active."""
    with db.begin() as session:
        if session.get(Account, account_id) is None:
            raise CourseError(f"no account {safe_text(account_id)!r}")
        return revoke_all(session, account_id)


def revoke_all(session, account_id: str) -> int:
    active = (Token.account_id == account_id) & Token.revoked.is_(None)
    return session.execute(update(Token).where(active).values(revoked=now())).rowcount


def find_token(db: sessionmaker, token: str) -> Token | None:
    """The active token matching ``token`` (with its account), or None."""
    with db() as session:
        query = select(Token).where(Token.digest == hash_token(token), Token.revoked.is_(None))
        found = session.scalar(query)
        if found is not None:
            _ = found.account  # loaded now: the object is used after the session closes
        return found


def token_still_valid(db: sessionmaker, token_id: int, account_id: str) -> Account | None:
    """The account of a signed-in session, or None once its token is revoked."""
    with db() as session:
        token = session.get(Token, token_id)
        if token is None or token.revoked is not None or token.account_id != account_id:
            return None
        return token.account


def write_tokens(path: Path, issued: list[tuple[str, str]]) -> None:
    """The issued tokens, to hand out: a CSV readable by its owner only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # an existing file keeps its mode through open()
    with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "token"])
        writer.writerows(issued)
