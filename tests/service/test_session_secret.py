"""The key that signs session cookies: made once and atomically, kept by its owner only, and
never used when it is empty or short (an empty HMAC key would let anyone forge a sign-in)."""

import stat

import pytest

from autograder.service import config as service_config
from autograder.service.config import session_secret
from autograder.settings import CourseError


def secret_path(config):
    return config.home / "session-secret"


def test_the_secret_is_made_once_for_its_owner_only(config):
    first = session_secret(config)
    assert len(first) >= 64 and session_secret(config) == first  # a restart keeps sign-ins
    assert stat.S_IMODE(secret_path(config).stat().st_mode) == 0o600


def test_a_start_that_dies_while_writing_leaves_no_half_written_secret(config, monkeypatch):
    def dies(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(service_config.os, "fsync", dies)
    with pytest.raises(OSError):
        session_secret(config)
    assert not secret_path(config).exists()
    assert list(config.home.glob("*secret*")) == []  # no temporary file left either
    monkeypatch.undo()
    assert len(session_secret(config)) >= 64  # the next start makes a good one


@pytest.mark.parametrize("content", ["", "\n", "abc123"])
def test_an_empty_or_short_secret_is_refused(config, content):
    path = secret_path(config)
    path.write_text(content)
    path.chmod(0o600)
    with pytest.raises(CourseError, match="too short to sign sign-ins safely") as refused:
        session_secret(config)
    assert "delete it" in str(refused.value)


def test_a_secret_others_can_read_is_refused(config):
    session_secret(config)
    secret_path(config).chmod(0o644)
    with pytest.raises(CourseError, match="readable by others"):
        session_secret(config)
