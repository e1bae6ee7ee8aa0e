"""Every assignment keeps validation's promises; the validator itself catches broken ones."""

import shutil

import pytest

from autograder.grade import Options, grade
from autograder.sandbox import isolation_problem
from autograder.settings import Limits, assignment_names, load_settings
from autograder.validate import format_table, validate
from tests.autograder.course import write_cases
from tests.conftest import ROOT

ASSIGNMENTS = assignment_names(load_settings(ROOT))


@pytest.mark.grading
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_assignment_validates(grading_settings, assignment):
    results = validate(grading_settings, assignment)
    table = format_table(results)
    assert results[0].name == "reference" and results[0].score == results[0].max_score, table
    assert results[1].name.startswith("stub") and results[1].score == 0, table
    variants = results[2:]
    assert variants, f"{assignment} has no known-wrong variants"
    targets = {r.target for r in variants}
    assert all(sum(r.target == t for r in variants) >= 2 for t in targets), (
        "every task needs at least two known-wrong variants:\n" + table
    )
    assert all(r.ok for r in results), table


def validate_names(course):
    """Grade cell ids of the course's exercise 00, in order."""
    from autograder.notebooks import grade_cells, read_notebook

    source = course / "solutions" / "00_rnn_basics" / "00_rnn_basics.ipynb"
    return [cell.grade_id for cell in grade_cells(read_notebook(source))]


@pytest.mark.grading
def test_validator_flags_a_variant_that_is_not_caught(tmp_path, monkeypatch):
    """A 'wrong' variant identical to the reference must be reported as NOT CAUGHT."""
    course = tmp_path / "course"
    shutil.copytree(ROOT / "solutions" / "00_rnn_basics", course / "solutions" / "00_rnn_basics")
    shutil.copy(ROOT / "nbgrader_config.py", course)
    known_wrong = course / "solutions" / "00_rnn_basics" / "known_wrong"
    for path in known_wrong.glob("*.py"):
        path.unlink()
    first_task = validate_names(course)[0]
    (known_wrong / f"{first_task}__harmless.py").write_text("pass\n")
    monkeypatch.setenv("SEQGEN_GRADING_DIR", str(tmp_path / "state"))
    results = validate(load_settings(course), "00_rnn_basics")
    harmless = results[-1]
    assert not harmless.ok and "NOT CAUGHT" in harmless.verdict


@pytest.mark.grading
@pytest.mark.skipif(isolation_problem() is not None, reason="grading needs the sandbox")
def test_validate_and_grade_agree_on_every_case_of_exercise_00(grading_settings, tmp_path):
    """Issue 9 "Structure": each case (reference, stub, every known-wrong variant), graded
    as a submitted file, scores task by task what validate decided."""
    results = validate(grading_settings, "00_rnn_basics")
    paths = write_cases(grading_settings, "00_rnn_basics", results, tmp_path / "cases")
    options = Options(limits=Limits(cell_seconds=60, notebook_seconds=300, grace_seconds=3))
    graded = grade(grading_settings, "00_rnn_basics", paths, options=options)
    for case, result in zip(results, graded):
        failed = tuple(t.grade_id for t in result.tasks if t.score < t.points)
        assert (result.score, failed) == (case.score, case.failed), (case.name, result.tasks)


@pytest.mark.grading
def test_validator_decides_every_case_under_other_seeds_too(tmp_path, monkeypatch):
    """``grade`` draws the hidden inputs per submission. A check that catches a variant
    (or passes the reference) only with the fixed seed's inputs must be reported, naming
    the seed; the CI failure of stop 18 was a tiny-course variant that slipped through one
    student's seed."""
    import nbformat

    from autograder.student import FIXED_SEED
    from autograder.validate import SEEDS
    from tests.autograder.course import ASSIGNMENT, make_course

    root = make_course(tmp_path / "course")
    path = root / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = nbformat.read(path, 4)
    other = next(seed for seed in SEEDS if seed % 2 != FIXED_SEED % 2)
    for cell in nb.cells:
        if cell.metadata["nbgrader"]["grade_id"] == "test_square_sum":  # bites on even seeds
            cell.source = cell.source.replace(
                "    for shape, kind",
                "    if student.seed % 2:\n        return\n    for shape, kind",
            )
        if cell.metadata["nbgrader"]["grade_id"] == "test_softplus":  # fails odd seeds
            cell.source = cell.source.replace(
                "    for scale, kind",
                "    assert student.seed % 2 == 0, 'odd'\n    for scale, kind",
            )
    nbformat.write(nb, path)
    monkeypatch.setenv("SEQGEN_GRADING_DIR", str(tmp_path / "state"))
    results = {r.name: r for r in validate(load_settings(root), ASSIGNMENT)}
    reference = results["reference"]
    assert not reference.ok and f"with seed {other}" in reference.verdict, reference
    assert reference.score == reference.max_score  # the fixed seed's score is the one shown
    slipped = results["test_square_sum__sum_not_squared"]
    assert not slipped.ok and f"NOT CAUGHT by test_square_sum (with seed {other})" in (
        slipped.verdict
    )
    assert results["test_square_sum__uses_norm"].ok  # the rules catch it, whatever the seed
    only_fixed = validate(load_settings(root), ASSIGNMENT, seeds=(FIXED_SEED,))
    assert all(r.ok for r in only_fixed), format_table(only_fixed)
