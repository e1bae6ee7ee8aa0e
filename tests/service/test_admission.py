"""Admission below the routes: file names never become paths, files are stored before their
row, and the database's unique indexes hold the rules when another process races us."""

import pytest
from sqlalchemy import select

from autograder.service import admission
from autograder.service.admission import Refused, Upload, admit, display_name
from autograder.service.models import Submission
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
