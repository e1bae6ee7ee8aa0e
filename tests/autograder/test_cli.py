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
