"""Admission below the routes: file names never become paths, files are stored before their
row, a duplicate is the same file as the latest submission, refusals are kept and counted,
and the database's unique index holds the rules when another process races us."""

import pytest
from sqlalchemy import func, select, text, update

from autograder.service import admission
from autograder.service.admission import Refused, Upload, admit, display_name
from autograder.service.instructor_pages import latest_by_student
from autograder.service.models import Submission, now, open_database
from tests.service.conftest import notebook_bytes


@pytest.mark.parametrize(
    "name, shown",
    [
        ("../../etc/passwd.ipynb", "passwd.ipynb"),
        ("C:\\Users\\me\\work.ipynb", "work.ipynb"),
        ("", "(unnamed file)"),
        (None, "(unnamed file)"),
        ("x" * 500 + ".ipynb", "x" * 119 + "…"),
    ],
)
def test_display_names_are_only_for_display(name, shown):
    assert display_name(name) == shown


def test_the_file_is_on_disk_before_its_row_exists(config, db, monkeypatch):
    seen = []
    original = admission.store_file

    def watching(config, digest, data):
        path = original(config, digest, data)
        with db() as session:
            seen.append((path.read_bytes() == data, session.scalar(select(Submission))))
        return path

    monkeypatch.setattr(admission, "store_file", watching)
    data = notebook_bytes()
    row, duplicate = admit(config, db, Upload("alice", "tiny", "w.ipynb", data))
    assert seen == [(True, None)] and not duplicate and row.status == "queued"


def racing(db, status: str, same_bytes: bool):
    """A store_file that lets "another process" insert a row first (between our checks and
    our insert)."""
    original = admission.store_file

    def store(config, digest, data):
        with db.begin() as session:
            session.add(
                Submission(
                    account_id="alice", assignment="tiny", filename="other.ipynb",
                    sha256=digest if same_bytes else "f" * 64, status=status,
                )
            )  # fmt: skip
        return original(config, digest, data)

    return store


def test_a_racing_identical_upload_is_recognised(config, db, monkeypatch):
    monkeypatch.setattr(admission, "store_file", racing(db, "queued", same_bytes=True))
    row, duplicate = admit(config, db, Upload("alice", "tiny", "w.ipynb", notebook_bytes()))
    assert duplicate and row.filename == "other.ipynb"


def test_a_racing_upload_in_flight_is_refused(config, db, monkeypatch):
    monkeypatch.setattr(admission, "store_file", racing(db, "grading", same_bytes=False))
    with pytest.raises(Refused) as refused:
        admit(config, db, Upload("alice", "tiny", "w.ipynb", notebook_bytes()))
    assert refused.value.status == 409 and "is still grading" in refused.value.message


def finish_all(db, status: str = "done") -> None:
    """Every queued row graded (as a worker would), with ``status``."""
    with db.begin() as session:
        queued = update(Submission).where(Submission.status == "queued")
        session.execute(queued.values(status=status, finished=now()))


def latest(db) -> Submission:
    with db() as session:
        return latest_by_student(session)["alice", "tiny"]


def test_an_earlier_file_sent_again_is_graded_again_and_counts(config, db):
    a, b = notebook_bytes("# A"), notebook_bytes("# B")
    first, _ = admit(config, db, Upload("alice", "tiny", "a.ipynb", a))
    finish_all(db)
    admit(config, db, Upload("alice", "tiny", "b.ipynb", b))
    finish_all(db)
    again, duplicate = admit(config, db, Upload("alice", "tiny", "a.ipynb", a))
    assert not duplicate and again.id not in (first.id, first.id + 1)
    assert again.status == "queued" and latest(db).id == again.id  # A is what counts now


def test_the_same_file_as_the_latest_is_a_duplicate_of_it(config, db):
    a = notebook_bytes("# A")
    first, _ = admit(config, db, Upload("alice", "tiny", "a.ipynb", a))
    queued_again, duplicate = admit(config, db, Upload("alice", "tiny", "a.ipynb", a))
    assert duplicate and queued_again.id == first.id  # still queued: the same submission
    finish_all(db)
    done_again, duplicate = admit(config, db, Upload("alice", "tiny", "a.ipynb", a))
    assert duplicate and done_again.id == first.id and latest(db).id == first.id


def test_the_same_file_after_a_grader_fault_is_graded_again(config, db):
    a = notebook_bytes("# A")
    first, _ = admit(config, db, Upload("alice", "tiny", "a.ipynb", a))
    finish_all(db, "error")
    again, duplicate = admit(config, db, Upload("alice", "tiny", "a.ipynb", a))
    assert not duplicate and again.id != first.id and again.status == "queued"


def test_a_database_made_with_the_old_same_file_index_takes_a_file_again(config, db):
    with db.begin() as session:  # the unique index of earlier versions of the service
        session.execute(
            text(
                "CREATE UNIQUE INDEX IF NOT EXISTS same_file_once ON submissions "
                "(account_id, assignment, sha256) WHERE status != 'rejected'"
            )
        )
    db = open_database(config.db_url)
    a, b = notebook_bytes("# A"), notebook_bytes("# B")
    for data in (a, b):
        admit(config, db, Upload("alice", "tiny", "x.ipynb", data))
        finish_all(db)
    again, duplicate = admit(config, db, Upload("alice", "tiny", "a.ipynb", a))
    assert not duplicate and again.status == "queued"


def test_a_second_upload_in_flight_is_refused_before_parsing_and_kept(config, db, monkeypatch):
    admit(config, db, Upload("alice", "tiny", "a.ipynb", notebook_bytes("# A")))
    parsed = []
    original = admission.check_content
    monkeypatch.setattr(
        admission, "check_content", lambda *args: parsed.append(1) or original(*args)
    )
    with pytest.raises(Refused) as refused:
        admit(config, db, Upload("alice", "tiny", "b.ipynb", notebook_bytes("# B")))
    assert refused.value.status == 409 and not parsed  # refused without parsing the file
    with db() as session:
        kept = session.scalars(select(Submission).where(Submission.status == "rejected")).all()
    assert [(r.filename, r.assignment) for r in kept] == [("b.ipynb", "tiny")]
    assert "is still queued" in kept[0].message


def test_refusals_in_flight_count_towards_the_rate_limit(config, db):
    from dataclasses import replace

    tight = replace(config, rate_limit=3)
    admit(tight, db, Upload("alice", "tiny", "a.ipynb", notebook_bytes("# A")))
    for n in range(2):
        with pytest.raises(Refused) as refused:
            admit(tight, db, Upload("alice", "tiny", "b.ipynb", notebook_bytes(f"# {n}")))
        assert refused.value.status == 409
    with pytest.raises(Refused) as refused:
        admit(tight, db, Upload("alice", "tiny2", "c.ipynb", notebook_bytes("# C")))
    assert refused.value.status == 429
    with db() as session:  # the rate-limit refusal itself is not stored
        assert session.scalar(select(func.count(Submission.id))) == 3
