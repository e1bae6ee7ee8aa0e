import subprocess
import sys

import pytest

from autograder.cli import main

VERBS = ["release", "validate", "grade", "export"]


@pytest.mark.parametrize("verb", [None, *VERBS])
def test_every_verb_has_help(verb, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([verb, "--help"] if verb else ["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "usage: autograder" in out
    if verb is None:
        assert all(v in out for v in VERBS)


def test_unknown_assignment_is_one_clear_line(grading_settings):
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "validate", "99_nothing"],
        capture_output=True,
        text=True,
        cwd=grading_settings.root,
    )
    assert done.returncode == 2
    assert "no assignment '99_nothing'" in done.stderr
    assert "Traceback" not in done.stderr


def test_outside_the_course_root_is_explained(tmp_path, monkeypatch):
    monkeypatch.delenv("SEQGEN_COURSE_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["export"]) == 2


def test_help_and_argument_errors_answer_at_once():
    """Issue 8 item 7: nothing heavy (nbgrader, torch, jsonschema) is imported for them."""
    import time

    for argv, code in ((["--help"], 0), (["grade"], 2), (["nonsense"], 2)):
        start = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-c", "import sys; from autograder.cli import main; main(sys.argv[1:])"
             "; print(sorted(m for m in ('nbgrader', 'torch', 'jsonschema') if m in sys.modules))",
             *argv],
            capture_output=True, text=True,
        )  # fmt: skip
        assert time.monotonic() - start < 3 and done.returncode == code, done.stderr
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from autograder import cli; cli.build_parser()"
         "; print(sorted(m for m in ('nbgrader', 'torch', 'jsonschema') if m in sys.modules))"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.stdout.strip() == "[]"


def test_a_student_id_that_is_a_path_is_refused_before_anything_runs(grading_settings):
    """Issue 9 item 9: `--student ../../solutions` must not write over the source."""
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", "00_rnn_basics", "x.ipynb",
         "--student", "../../solutions"],
        capture_output=True, text=True, cwd=grading_settings.root, env=grading_settings.environ(),
    )  # fmt: skip
    assert done.returncode == 2 and "invalid student id" in done.stderr


def test_everything_printed_is_free_of_control_characters(monkeypatch, capsys):
    """Issue 9 item 12: task messages, notices and messages are stripped before printing."""
    from autograder import grade as grade_module
    from autograder.cli import main
    from autograder.results import GradeResult, TaskResult

    evil = "\x1b]0;title\x07\x1b[32m12/12\x1b[0m \ud800"
    fake = GradeResult(
        "s", "a", "f", "graded", 0, 12, evil, [evil], [TaskResult("t", 1, 0, "", evil)]
    )
    monkeypatch.setattr(grade_module, "grade", lambda *args, **kwargs: [fake])
    monkeypatch.setattr("autograder.cli.load_settings", lambda: None)
    main(["grade", "a", "f.ipynb"])
    out = capsys.readouterr().out
    assert "12/12" in out and "\x1b" not in out and "\x07" not in out and "\ud800" not in out
