"""Per-submission hidden inputs (issue 9 item 2): the seed and the course secret."""

import stat

import pytest

from autograder.seeds import course_secret, submission_seed


def test_seed_depends_on_the_file_and_the_secret_only():
    secret = b"s" * 32
    first = submission_seed(secret, b'{"cells": []}')
    assert first == submission_seed(secret, b'{"cells": []}')  # a regrade is reproducible
    assert first != submission_seed(secret, b'{"cells": [] }')
    assert first != submission_seed(b"t" * 32, b'{"cells": []}')
    assert 0 <= first < 2**31


def test_a_missing_secret_is_created_private_and_then_kept(tmp_path):
    path = tmp_path / "config" / "course-secret"
    secret, notice = course_secret(path)
    assert len(secret) == 64 and "created a new course secret" in notice
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert course_secret(path) == (secret, "")


def test_a_short_secret_is_refused(tmp_path):
    path = tmp_path / "course-secret"
    path.write_text("short")
    with pytest.raises(ValueError, match="shorter than 16 bytes"):
        course_secret(path)
