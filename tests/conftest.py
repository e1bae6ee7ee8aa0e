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


def pytest_collection_modifyitems(config, items):
    """For ``-n N --dist loadgroup`` (make test): each test file runs on one worker, as a
    unit (its module fixtures are built once), except tests that name their own
    ``xdist_group``, such as each book notebook in tests/test_book_notebooks.py."""
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))
