"""The gradebook on a real PostgreSQL server (issue 14): nbgrader records the assignment,
a parallel batch records its scores, and the export reads them back, through nothing but
``SEQGEN_GRADEBOOK_URL``. The server is Debian's, started on loopback for this module (see
``tests/autograder/postgres.py``; installed with apt when missing and run as root)."""

import nbformat
import pytest

from autograder.export import export_csv
from autograder.grade import Options, grade
from autograder.gradebook import open_gradebook
from autograder.sandbox import isolation_problem
from autograder.settings import Limits, load_settings
from tests.autograder import postgres
from tests.autograder.course import ASSIGNMENT, make_course, submission

pytestmark = [
    pytest.mark.grading,
    pytest.mark.skipif(
        isolation_problem() is not None,
        reason=f"grading needs the sandbox (root and Linux namespaces): {isolation_problem()}",
    ),
]
LIMITS = Limits(cell_seconds=20, notebook_seconds=90, grace_seconds=2)


@pytest.fixture(scope="module")
def server():
    pytest.importorskip("psycopg", reason="the PostgreSQL driver (psycopg) is missing")
    problem = postgres.install()
    if problem:
        pytest.skip(f"no PostgreSQL server for the gradebook tests: {problem}")
    with postgres.Server() as url:
        yield url


@pytest.fixture(scope="module")
def course(server, tmp_path_factory):
    root = make_course(tmp_path_factory.mktemp("course"))
    state = tmp_path_factory.mktemp("state")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SEQGEN_GRADING_DIR", str(state))
        patch.setenv("SEQGEN_GRADEBOOK_URL", server)
        patch.chdir(root)
        yield load_settings(root)


def test_grading_records_into_postgresql(course, tmp_path):
    assert course.db_url.startswith("postgresql://")
    folder = tmp_path / "batch"
    folder.mkdir()
    wrong = "def softplus(x):\n    return torch.log(1 + torch.exp(x))\n"
    for name, nb in {"ann": submission(), "bob": submission(softplus=wrong)}.items():
        (folder / f"{name}.ipynb").write_text(nbformat.writes(nb))
    (folder / "cat.ipynb").write_text("{ not a notebook")
    results = grade(course, ASSIGNMENT, [folder], options=Options(limits=LIMITS, jobs=2))
    assert [(r.student, r.status, r.score) for r in results] == [
        ("ann", "graded", 3.0), ("bob", "graded", 2.0), ("cat", "rejected", 0.0),
    ]  # fmt: skip
    with open_gradebook(course) as gb:
        assert gb.db.bind.dialect.name == "postgresql"
        assert gb.find_submission(ASSIGNMENT, "bob").score == 2.0
    assert not (course.state / "gradebook.db").exists(), "nothing went to SQLite"
    target = tmp_path / "grades.csv"
    assert export_csv(course, target, tmp_path / "summary.csv") == 6
    assert "bob,tiny,tiny,test_softplus,0.0,1.0," in target.read_text()
    summary = (tmp_path / "summary.csv").read_text().splitlines()
    assert "tiny,test_softplus,3,1,0.333,0.333,0.333,0.667" in summary, summary


def test_regrade_overwrites_in_postgresql(course, tmp_path):
    """The second grading of a student replaces the first in the gradebook."""
    path = tmp_path / "bob.ipynb"
    path.write_text(nbformat.writes(submission()))
    (result,) = grade(course, ASSIGNMENT, [path], options=Options(limits=LIMITS, jobs=1))
    assert result.score == 3.0
    with open_gradebook(course) as gb:
        assert gb.find_submission(ASSIGNMENT, "bob").score == 3.0
