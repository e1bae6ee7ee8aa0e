"""Shared fixtures: the repository root and an isolated grading state per test module."""

from contextlib import contextmanager
from pathlib import Path

import pytest
from _pytest.nodeid import NodeId

from autograder.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def private_grading(root: Path, state: Path):
    """The settings of the course in ``root``, working there, with grading folder and
    gradebook in ``state`` (never the instructor's)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SEQGEN_GRADING_DIR", str(state))
        patch.delenv("SEQGEN_GRADEBOOK_URL", raising=False)
        patch.chdir(root)
        yield load_settings(root)


@pytest.fixture(scope="module")
def grading_settings(tmp_path_factory):
    """Settings whose grading folder and gradebook are private to one test module."""
    with private_grading(ROOT, tmp_path_factory.mktemp("grading")) as settings:
        yield settings


def pytest_collection_modifyitems(config, items):
    """For ``-n N --dist loadgroup`` (make test): each test file runs on one worker, as a
    unit (its module fixtures are built once), except tests that name their own
    ``xdist_group``, such as each book notebook in tests/test_book_notebooks.py.

    xdist 3.8 groups by a ``@group`` suffix it writes into ``item._nodeid``, which pytest 9.2
    no longer reads (the id lives in ``item._id``), so every test was scheduled alone and a
    file's module fixtures were built on both workers. We write the suffix where pytest 9
    keeps it; test_conftest.py checks it on a real two-worker run."""
    if not config.getoption("loadgroup", default=False):
        return
    for item in items:
        marker = item.get_closest_marker("xdist_group")
        group = marker.args[0] if marker and marker.args else item.nodeid.split("::")[0]
        if "@" not in item.nodeid.rpartition("]")[2]:
            item._id = NodeId.parse(f"{item.nodeid}@{group}")
