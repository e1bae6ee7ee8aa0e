"""Every command in the instructor guide runs, in order, on a copy of the course."""

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tests.autograder.test_grade import solved_release
from tests.conftest import ROOT

GUIDE = ROOT / "book" / "instructor_guide.md"


def guide_commands() -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)```", GUIDE.read_text(), re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_guide_shows_every_verb():
    commands = guide_commands()
    for verb in ("validate", "release", "grade", "export"):
        assert any(c.startswith(f"autograder {verb}") for c in commands), verb
        assert any(c.startswith(f"make {verb}") for c in commands), verb
    assert "make serve" in commands


def test_make_targets_of_the_guide_exist():
    for command in guide_commands():
        if command.startswith("make "):
            done = subprocess.run(
                ["make", "-n", *shlex.split(command)[1:]], cwd=ROOT, capture_output=True, text=True
            )
            assert done.returncode == 0, f"{command}: {done.stderr}"


@pytest.mark.grading
def test_guide_commands_run_in_order(tmp_path):
    course = tmp_path / "course"
    for folder in ("solutions", "exercises"):
        shutil.copytree(ROOT / folder, course / folder)
    shutil.copy(ROOT / "nbgrader_config.py", course)
    (course / "submissions").mkdir()
    nbformat.write(solved_release(), course / "submissions" / "alice.ipynb")
    # The course copy keeps its own .grading/; the venv's bin/ provides autograder and nbgrader.
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEQGEN_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    for command in guide_commands():
        if command.startswith("make "):
            continue
        done = subprocess.run(
            shlex.split(command), cwd=course, capture_output=True, text=True, env=env
        )
        assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
        if command.startswith("autograder grade"):
            assert "12/12" in done.stdout, done.stdout
    assert (course / "grades.csv").read_text().count("alice,00_rnn_basics") == 5
    assert (course / ".grading" / "gradebook.db").exists()
