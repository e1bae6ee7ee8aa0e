import nbformat

from autograder.assemble import assemble, split_hidden, stub_of


def cell(source, grade_id=None, **meta):
    c = nbformat.v4.new_code_cell(source)
    if grade_id:
        c.metadata["nbgrader"] = {"grade_id": grade_id, "schema_version": 3, **meta}
    return c


SOLUTION = "def f(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION"


def released(nb):
    """What the student received: the test cell without its hidden region."""
    nb.cells[2].source = split_hidden(nb.cells[2].source)[0]
    return nb


def source_notebook():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        cell("import math", "setup", locked=True, grade=False, solution=False),
        cell(SOLUTION, "f", solution=True, grade=False, locked=False),
        cell(
            "assert f(1) == 2\n### BEGIN HIDDEN TESTS\nassert f(5) == 10\n### END HIDDEN TESTS\n",
            "test_f", grade=True, locked=True, points=3, solution=False,
        ),
    ]  # fmt: skip
    return nb


def test_split_hidden_separates_the_region():
    visible, hidden = split_hidden(
        "a = 1\n### BEGIN HIDDEN TESTS\nsecret()\n### END HIDDEN TESTS\n"
    )
    assert visible == "a = 1\n" and hidden.strip() == "secret()"


def test_stub_keeps_the_signature():
    stub = stub_of("def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n")
    assert stub == "def f():\n    # YOUR CODE HERE\n    raise NotImplementedError()\n"


def test_student_code_runs_with_instructor_tests_and_no_hidden_code():
    submission = released(source_notebook())
    submission.cells[1].source = "def f(x):\n    return x + x"
    submission.cells.insert(2, cell("helper = 1"))
    result = assemble(source_notebook(), submission)
    sources = [s.source for s in result.steps]
    assert sources == [
        "import math",
        "def f(x):\n    return x + x",
        "helper = 1",
        "assert f(1) == 2\n",
    ]
    test = result.steps[-1]
    assert test.is_test and test.points == 3 and "f(5) == 10" in test.hidden
    assert not any("f(5)" in s for s in sources)
    assert result.trusted_setup == ["import math"] and not result.notices


def test_edits_and_deletions_are_restored_and_reported():
    submission = source_notebook()
    submission.cells[2].source = "pass  # my own test"
    submission.cells[2].metadata["nbgrader"]["points"] = 100
    del submission.cells[1]
    result = assemble(source_notebook(), submission)
    assert result.steps[1].source.strip().endswith("raise NotImplementedError()")
    assert result.steps[-1].source == "assert f(1) == 2\n" and result.steps[-1].points == 3
    assert len(result.notices) == 3
    assert any("deleted" in n for n in result.notices)
    assert any("edited" in n for n in result.notices)
    assert any("points" in n for n in result.notices)


def test_stubs_equal_what_the_release_gives_students():
    from autograder.notebooks import nbgrader_meta
    from tests.conftest import ROOT

    for source_path in sorted((ROOT / "solutions").glob("*/*.ipynb")):
        release_path = ROOT / "exercises" / source_path.parent.name / source_path.name
        released = {
            nbgrader_meta(c).get("grade_id"): c.source for c in nbformat.read(release_path, 4).cells
        }
        for c in nbformat.read(source_path, 4).cells:
            if nbgrader_meta(c).get("solution"):
                assert stub_of(c.source) == released[nbgrader_meta(c)["grade_id"]]


def test_a_duplicated_answer_cell_grades_the_last_copy_and_says_so():
    """Issue 9 item 11: the work in the second copy is not dropped without notice."""
    source = source_notebook()
    submission = released(source_notebook())
    copy = cell("def f(x):\n    return 3 * x", "f", solution=True, grade=False, locked=False)
    submission.cells.insert(2, copy)
    result = assemble(source, submission)
    assert "return 3 * x" in "".join(s.source for s in result.steps)
    assert "return 2 * x" not in "".join(s.source for s in result.steps)
    assert any("'f' appears 2 times" in n and "last one" in n for n in result.notices)
