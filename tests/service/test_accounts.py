"""The roster, issuing and revoking tokens: only hashes stored, clear errors for bad input."""

import stat

import pytest
from sqlalchemy import select

from autograder.service.accounts import (
    find_token,
    hash_token,
    import_roster,
    issue,
    read_roster,
    revoke,
    write_tokens,
)
from autograder.service.models import Token, open_database
from autograder.settings import CourseError


@pytest.fixture
def db(tmp_path):
    return open_database(f"sqlite:///{tmp_path / 'service.db'}")


def roster(tmp_path, text: str):
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_roster_is_read_with_names(tmp_path):
    path = roster(tmp_path, "\ufeffid,name,email\nalice,Alice A,a@x\nbob,,b@x\n")
    assert read_roster(path) == [("alice", "Alice A"), ("bob", "")]


@pytest.mark.parametrize(
    "text, message",
    [
        ("name\nAlice\n", "the first line must name the columns, with at least 'id'"),
        ("id,name\n../etc,Eve\n", "line 2: invalid student id '../etc'"),
        ("id,name\nalice,A\n,Nobody\n", "line 3: invalid student id ''"),
        ("id\nalice\nalice\n", "line 3: 'alice' is listed twice"),
    ],
)
def test_a_bad_roster_says_which_line(tmp_path, text, message):
    with pytest.raises(CourseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_roster(roster(tmp_path, text))


def test_an_unreadable_roster_is_a_clear_error(tmp_path):
    with pytest.raises(CourseError, match="cannot read the roster"):
        read_roster(tmp_path / "missing.csv")
    (tmp_path / "latin.csv").write_bytes(b"id\n\xe9\n")
    with pytest.raises(CourseError, match="cannot read the roster"):
        read_roster(tmp_path / "latin.csv")


def test_importing_issues_tokens_only_to_students_without_one(db):
    first = import_roster(db, [("alice", "Alice"), ("bob", "Bob")])
    assert [i for i, _ in first] == ["alice", "bob"]
    again = import_roster(db, [("alice", "Alice B"), ("carol", "")])
    assert [i for i, _ in again] == ["carol"]
    assert find_token(db, first[0][1]).account.name == "Alice B"


def test_only_the_hash_of_a_token_is_stored(db, tmp_path):
    token = issue(db, "alice")
    with db() as session:
        digests = list(session.scalars(select(Token.digest)))
    assert digests == [hash_token(token)] and token not in digests
    assert token.encode() not in (tmp_path / "service.db").read_bytes()


def test_a_new_token_revokes_the_old_and_revoke_ends_all(db):
    old = issue(db, "alice")
    new = issue(db, "alice")
    assert find_token(db, old) is None and find_token(db, new).account_id == "alice"
    assert revoke(db, "alice") == 1 and find_token(db, new) is None
    with pytest.raises(CourseError, match="no account 'nobody'"):
        revoke(db, "nobody")


def test_roles_do_not_mix(db):
    issue(db, "prof", "instructor")
    with pytest.raises(CourseError, match="'prof' has the role instructor, not student"):
        issue(db, "prof", "student")
    with pytest.raises(CourseError, match="'prof' is an instructor account"):
        import_roster(db, [("prof", "")])
    with pytest.raises(CourseError, match="invalid student id"):
        issue(db, "a/b")
    with pytest.raises(CourseError, match="role must be one of: student, instructor"):
        issue(db, "root", "admin")


def test_issued_tokens_are_written_for_their_owner_only(tmp_path):
    path = tmp_path / "tokens.csv"
    path.write_text("old")
    path.chmod(0o644)
    write_tokens(path, [("alice", "t1")])
    assert path.read_bytes() == b"id,token\r\nalice,t1\r\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
