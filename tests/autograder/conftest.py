"""Grading tests never touch the real course secret: each session gets its own."""

import pytest


@pytest.fixture(scope="session", autouse=True)
def private_course_secret(tmp_path_factory):
    secret = tmp_path_factory.mktemp("secret") / "course-secret"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SEQGEN_SECRET_FILE", str(secret))
        yield secret
