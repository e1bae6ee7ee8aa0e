"""`autograder serve roster|issue|revoke`: accounts from the command line, clear errors."""

import re
import shlex
import stat

import pytest

from autograder.cli import main
from autograder.service.accounts import find_token
from autograder.service.models import open_database


@pytest.fixture
def course_dir(course, monkeypatch):
    monkeypatch.chdir(course)
    return course


def database(course_dir):
    from autograder.service.config import load_config
    from autograder.settings import load_settings

    return open_database(load_config(load_settings(course_dir)).db_url)


def test_roster_import_writes_the_new_tokens_for_the_instructor(course_dir, capsys):
    (course_dir / "students.csv").write_text("id,name\nalice,Alice\nbob,Bob\n")
    assert main(["serve", "roster", "students.csv", "--tokens", "out.csv"]) == 0
    assert "2 students in the roster; 2 new token(s) written to out.csv" in capsys.readouterr().out
    lines = (course_dir / "out.csv").read_text().splitlines()
    assert lines[0] == "id,token" and [line.split(",")[0] for line in lines[1:]] == ["alice", "bob"]
    assert stat.S_IMODE((course_dir / "out.csv").stat().st_mode) == 0o600
    token = lines[1].split(",")[1]
    assert find_token(database(course_dir), token).account_id == "alice"
    assert main(["serve", "roster", "students.csv", "--tokens", "again.csv"]) == 0
    assert "0 new token(s)" in capsys.readouterr().out


def test_issue_and_revoke_from_the_command_line(course_dir, capsys):
    assert main(["serve", "issue", "prof", "--instructor", "--name", "Prof"]) == 0
    token = capsys.readouterr().out.split()[-1]
    assert find_token(database(course_dir), token).account.role == "instructor"
    assert main(["serve", "issue", "alice", "--tokens", "alice.csv"]) == 0
    assert "a new student token for alice is in alice.csv" in capsys.readouterr().out
    assert main(["serve", "revoke", "prof"]) == 0
    assert "revoked 1 token(s) of prof" in capsys.readouterr().out
    assert find_token(database(course_dir), token) is None


@pytest.mark.parametrize(
    "argv, message",
    [
        (["serve", "roster", "missing.csv"], "cannot read the roster missing.csv"),
        (["serve", "revoke", "nobody"], "no account 'nobody'"),
        (["serve", "issue", "../x"], "invalid student id '../x'"),
    ],
)
def test_bad_account_commands_are_clear_errors(course_dir, capsys, argv, message):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_a_bad_port_setting_is_a_clear_error(course_dir, capsys, monkeypatch):
    monkeypatch.setenv("SEQGEN_SERVE_PORT", "http")
    assert main(["serve", "revoke", "x"]) == 2
    assert "SEQGEN_SERVE_PORT='http' is not a port number" in capsys.readouterr().err


def guide_service_commands() -> list[str]:
    from tests.conftest import ROOT

    text = (ROOT / "book" / "instructor_guide.md").read_text()
    section = text.split("## The submission service", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```console\n(.*?)```", section, re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_the_instructor_guide_s_service_commands_run_as_written(course_dir, capsys):
    commands = guide_service_commands()
    assert [c.split()[2] for c in commands] == ["roster", "issue", "issue", "revoke"]
    (course_dir / "students.csv").write_text("id,name\nalice,Alice\nbob,Bob\n")
    for command in commands:
        assert main(shlex.split(command)[1:]) == 0, command
    assert (course_dir / "tokens.csv").exists() and (course_dir / "prof.csv").exists()
    assert "revoked 1 token(s) of alice" in capsys.readouterr().out


def test_serve_help_answers_without_loading_the_web_stack():
    import subprocess
    import sys

    code = (
        "import sys; from autograder.cli import main\n"
        "try: main(['serve', '--help'])\n"
        "except SystemExit: pass\n"
        "print(sorted(m for m in ('fastapi', 'uvicorn', 'torch', 'nbgrader') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "usage: autograder serve" in done.stdout and "roster" in done.stdout
    assert done.stdout.strip().endswith("[]"), done.stdout
