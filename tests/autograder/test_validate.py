"""Every assignment keeps validation's promises; the validator itself catches broken ones."""

import shutil

import pytest

from autograder.settings import assignment_names, load_settings
from autograder.validate import format_table, validate
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


@pytest.mark.grading
def test_validator_flags_a_variant_that_is_not_caught(tmp_path, monkeypatch):
    """A 'wrong' variant identical to the reference must be reported as NOT CAUGHT."""
    course = tmp_path / "course"
    shutil.copytree(ROOT / "solutions" / "00_rnn_basics", course / "solutions" / "00_rnn_basics")
    shutil.copy(ROOT / "nbgrader_config.py", course)
    known_wrong = course / "solutions" / "00_rnn_basics" / "known_wrong"
    for path in known_wrong.glob("*.py"):
        path.unlink()
    (known_wrong / "test_clip_grad_norm__harmless.py").write_text("pass\n")
    monkeypatch.setenv("SEQGEN_GRADING_DIR", str(tmp_path / "state"))
    results = validate(load_settings(course), "00_rnn_basics")
    harmless = results[-1]
    assert not harmless.ok and "NOT CAUGHT" in harmless.verdict
