import json

import nbformat
import pytest

from autograder.notebooks import (
    NotebookError,
    check_submission_matches,
    grade_cells,
    read_notebook,
)


def graded_notebook(grade_id="test_a", points=2):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("assert True")
    cell.metadata["nbgrader"] = {
        "grade": True,
        "grade_id": grade_id,
        "locked": True,
        "points": points,
        "schema_version": 3,
        "solution": False,
        "task": False,
    }
    nb.cells = [nbformat.v4.new_code_cell("x = 1"), cell]
    return nb


def test_read_notebook_round_trip(tmp_path):
    path = tmp_path / "a.ipynb"
    nbformat.write(graded_notebook(), path)
    assert [c.grade_id for c in grade_cells(read_notebook(path))] == ["test_a"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not valid notebook JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not a text file"),
        (json.dumps({"hello": 1}).encode(), "no 'cells'"),
        (json.dumps({"cells": 3, "nbformat": 4}).encode(), "not a valid notebook"),
    ],
)
def test_read_notebook_says_what_is_wrong(tmp_path, content, message):
    path = tmp_path / "bad.ipynb"
    path.write_bytes(content)
    with pytest.raises(NotebookError, match=message):
        read_notebook(path)


def test_missing_file_is_a_notebook_error(tmp_path):
    with pytest.raises(NotebookError, match="no such file"):
        read_notebook(tmp_path / "absent.ipynb")


def test_foreign_notebook_is_refused():
    with pytest.raises(NotebookError, match="not a notebook of assignment 00_x"):
        check_submission_matches(
            graded_notebook("other"), graded_notebook("test_a"), "s.ipynb", "00_x"
        )
    check_submission_matches(
        graded_notebook("test_a"), graded_notebook("test_a"), "s.ipynb", "00_x"
    )
