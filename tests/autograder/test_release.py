"""``exercises/`` is exactly what releasing ``solutions/`` produces, and leaks nothing."""

import json

import pytest

from autograder import nbgrader_run
from autograder.settings import assignment_names, load_settings
from tests.conftest import ROOT

ASSIGNMENTS = assignment_names(load_settings(ROOT))


def files_below(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@pytest.mark.grading
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_exercises_equal_a_fresh_release(grading_settings, tmp_path, assignment):
    nbgrader_run.generate_assignment(grading_settings, assignment, tmp_path)
    fresh, committed = tmp_path / assignment, ROOT / "exercises" / assignment
    assert files_below(fresh) == files_below(committed), "run: make release A=" + assignment
    for name in files_below(fresh):
        if name.endswith(".ipynb"):
            assert json.loads((fresh / name).read_text()) == json.loads(
                (committed / name).read_text()
            ), f"exercises/{assignment}/{name} is stale: run make release A={assignment}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_holds_no_solution_or_hidden_test(assignment):
    folder = ROOT / "exercises" / assignment
    assert not (folder / "known_wrong").exists()
    for notebook in folder.glob("*.ipynb"):
        text = notebook.read_text()
        for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
            assert marker not in text, f"{notebook.name} leaks '{marker}'"
