"""Shared fixtures: the repository root and an isolated grading state per test module."""

from pathlib import Path

import pytest

from autograder.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def grading_settings(tmp_path_factory):
    """Settings whose grading folder and gradebook are private to one test module."""
    state = tmp_path_factory.mktemp("grading")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SEQGEN_GRADING_DIR", str(state))
        patch.delenv("SEQGEN_GRADEBOOK_URL", raising=False)
        patch.chdir(ROOT)
        yield load_settings(ROOT)
