"""Shared fixtures of the service tests: a small course in a temporary folder (the tiny
assignment of tests/autograder/course.py, under one or more names), its service settings,
accounts, and helpers to sign in and upload through the real HTTP routes."""

import contextlib
import re
import shutil
import threading
import time
from pathlib import Path

import nbformat
import pytest
from fastapi.testclient import TestClient

from autograder.results import GradeResult, TaskResult
from autograder.service.accounts import issue
from autograder.service.config import load_config
from autograder.service.models import Account, open_database
from autograder.service.web import create_app
from autograder.settings import load_settings
from tests.autograder.course import ASSIGNMENT, make_course, submission

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def make_service_course(folder: Path, names=(ASSIGNMENT,)) -> Path:
    """The tiny course with its assignment copied under each of ``names``, each released."""
    make_course(folder)
    for name in names:
        target = folder / "solutions" / name
        if name != ASSIGNMENT:
            shutil.copytree(folder / "solutions" / ASSIGNMENT, target)
            (target / f"{ASSIGNMENT}.ipynb").rename(target / f"{name}.ipynb")
        (folder / "exercises" / name).mkdir(parents=True)
    if ASSIGNMENT not in names:
        shutil.rmtree(folder / "solutions" / ASSIGNMENT)
    return folder


def notebook_bytes(extra: str = "", **answers) -> bytes:
    """A student's notebook of the tiny assignment; ``extra`` makes each file distinct."""
    return nbformat.writes(submission(extra=extra, **answers)).encode()


def quick_grade(path: Path, student: str, assignment: str, run: str) -> GradeResult:
    """A stand-in for the autograder in route tests: full marks at once, nothing recorded."""
    tasks = [
        TaskResult("test_square_sum", 2, 2, "passed", "All checks passed."),
        TaskResult("test_softplus", 1, 1, "passed", "All checks passed."),
    ]
    return GradeResult(student, assignment, str(path), "graded", 3, 3, tasks=tasks)


class Gate:
    """A grading stand-in that waits until released: keeps jobs in flight on purpose."""

    def __init__(self):
        self.open = threading.Event()
        self.started = threading.Event()

    def __call__(self, path, student, assignment, run):
        self.started.set()
        self.open.wait(30)
        return quick_grade(path, student, assignment, run)


@pytest.fixture
def course(tmp_path, monkeypatch):
    folder = make_service_course(tmp_path / "course", names=("tiny", "tiny2"))
    monkeypatch.setenv("SEQGEN_GRADING_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("SEQGEN_SECRET_FILE", str(tmp_path / "secret"))
    monkeypatch.delenv("SEQGEN_GRADEBOOK_URL", raising=False)
    monkeypatch.delenv("SEQGEN_SERVICE_DB_URL", raising=False)
    monkeypatch.setenv("SEQGEN_BOOK_DIR", str(tmp_path / "book"))
    return folder


@pytest.fixture
def config(course):
    return load_config(load_settings(course), jobs=1, rate_limit=20)


@pytest.fixture
def db(config):
    """The service's database with one student account, alice."""
    db = open_database(config.db_url)
    with db.begin() as session:
        session.add(Account(id="alice", role="student"))
    return db


def make_client(config, grade=quick_grade) -> TestClient:
    return TestClient(create_app(config, grade), follow_redirects=False)


@pytest.fixture
def tokens(config):
    from autograder.service.models import open_database

    db = open_database(config.db_url)
    return {
        "alice": issue(db, "alice", "student", "Alice"),
        "bob": issue(db, "bob", "student", "Bob"),
        "prof": issue(db, "prof", "instructor", "Prof"),
    }


@pytest.fixture
def signed_in(tokens):
    """``signed_in(config, account, grade=quick_grade)``: a client signed in as one of the
    ``tokens`` accounts, closed (its workers stopped) after the test."""
    with contextlib.ExitStack() as stack:

        def open_client(config, account: str, grade=quick_grade) -> TestClient:
            client = stack.enter_context(make_client(config, grade))
            sign_in(client, tokens[account])
            return client

        yield open_client


@pytest.fixture
def alice(config, signed_in):
    return signed_in(config, "alice")


def csrf_of(client, path: str = "/signin") -> str:
    page = client.get(path)
    return CSRF.search(page.text).group(1)


def sign_in(client, token: str):
    reply = client.post("/signin", data={"token": token, "csrf": csrf_of(client)})
    assert reply.status_code == 303, reply.text
    return reply


def upload(client, data: bytes, assignment="tiny", name="tiny.ipynb", csrf=None, **kwargs):
    csrf = csrf_of(client, "/submit/") if csrf is None else csrf
    files = {"notebook": (name, data, "application/x-ipynb+json")}
    form = {"assignment": assignment, "csrf": csrf}
    return client.post("/submit/upload", data=form, files=files, **kwargs)


def wait_final(client, submission_id: int, seconds: float = 30) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = client.get(f"/submit/submissions/{submission_id}/status.json").json()
        if body["final"]:
            return body
        time.sleep(0.05)
    raise AssertionError(f"submission {submission_id} not graded within {seconds} s: {body}")
