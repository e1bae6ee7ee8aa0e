"""Grading tests never touch the real course secret: each session gets its own. The tiny
course (``tests/autograder/course.py``), with its own grading state, serves as ``course``
to each module that does not define its own."""

import pytest

from tests.autograder.course import make_course
from tests.conftest import private_grading


@pytest.fixture(scope="session", autouse=True)
def private_course_secret(tmp_path_factory):
    secret = tmp_path_factory.mktemp("secret") / "course-secret"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SEQGEN_SECRET_FILE", str(secret))
        yield secret


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The tiny course, loaded from a fresh folder and working there, once per module."""
    root = make_course(tmp_path_factory.mktemp("course"))
    with private_grading(root, tmp_path_factory.mktemp("state")) as settings:
        yield settings
