"""The commands the README and the instructor guide show work as written, on a fresh clone.

The commands are read from the documents themselves, so text and tools cannot drift apart.
A "fresh clone" is a copy of the repository's files (tracked, and new ones not ignored)
without `.grading/` or `_build/`, whose `.venv` is the one running these tests (set up as
`make setup` leaves it). Commands run with a PATH that does not hold the environment, as a
new user's shell would.
"""

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

README = ROOT / "README.md"
GUIDE = ROOT / "book" / "instructor_guide.md"
FENCE = re.compile(r"^( *)```bash\n(.*?)^\1```", re.M | re.S)


def bash_blocks(document: Path) -> list[list[str]]:
    """The command lines of each ```bash block (comments and blank lines dropped)."""
    blocks = []
    for _, body in FENCE.findall(document.read_text(encoding="utf-8")):
        lines = [line.split("  #")[0].strip() for line in body.splitlines()]
        blocks.append([line for line in lines if line and not line.startswith("#")])
    return blocks


def nbgrader_block(document: Path) -> list[str]:
    blocks = [b for b in bash_blocks(document) if any("nbgrader" in line for line in b)]
    assert blocks, f"{document.name} shows no nbgrader command"
    return [line for block in blocks for line in block]


def fresh_clone(destination: Path) -> Path:
    """Copy the files a clone would hold; link the tests' own virtual environment."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    venv = Path(sys.prefix)
    if not (venv / ".installed").exists():
        pytest.fail(f"{venv} was not set up by make (no .installed stamp): run `make setup`")
    (destination / ".venv").symlink_to(venv, target_is_directory=True)
    # The environment is installed already: make must not reinstall it (into this copy).
    stamp = (venv / ".installed").stat().st_mtime
    for name in ("pyproject.toml", "constraints.txt"):
        os.utime(destination / name, (stamp - 60, stamp - 60))
    return destination


def plain_env() -> dict[str, str]:
    """A new user's environment: no virtual environment on PATH, no course variables."""
    venv_bin = str(Path(sys.prefix) / "bin")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SEQGEN_", "VIRTUAL_ENV", "PYTEST_", "MAKE", "MFLAGS"))
    }
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if p and p != venv_bin
    )
    return env


def run(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def test_readme_make_verbs_exist():
    for block in bash_blocks(README):
        for line in block:
            if line.startswith("make "):
                words = shlex.split(line)
                done = subprocess.run(["make", "-n", *words[1:]], cwd=ROOT, capture_output=True)
                assert done.returncode == 0, f"README: `{line}` is not a make verb"


@pytest.mark.grading
def test_readme_plain_nbgrader_commands_run_on_a_fresh_clone(tmp_path):
    clone = fresh_clone(tmp_path / "clone")
    env = plain_env()
    assert run("command -v alembic", clone, env).returncode != 0, "alembic is on PATH already"
    for command in nbgrader_block(README):
        done = run(command, clone, env)
        assert done.returncode == 0, f"README: `{command}` failed:\n{done.stdout}\n{done.stderr}"
        assert "Traceback" not in done.stderr, f"README: `{command}`:\n{done.stderr}"
    state = clone / ".grading"
    assert (state / "autograded" / "alice" / "00_rnn_basics" / "00_rnn_basics.ipynb").exists()
    assert (state / "feedback" / "alice" / "00_rnn_basics" / "00_rnn_basics.html").exists()


@pytest.mark.grading
def test_guide_plain_nbgrader_commands_run_in_the_activated_environment(tmp_path):
    """The guide's bare `nbgrader ...` lines, after the set-up and activation it documents."""
    text = GUIDE.read_text(encoding="utf-8")
    setup = [step for step in ("make setup", "source .venv/bin/activate") if step in text]
    assert len(setup) == 2, "the guide must say to run `make setup` and activate .venv"
    clone = fresh_clone(tmp_path / "clone")
    env = plain_env()
    commands = [line for line in nbgrader_block(GUIDE) if line.startswith("nbgrader ")]
    assert commands, "the guide shows no plain nbgrader command"
    script = " && ".join([*setup, *commands])
    done = run(script, clone, env)
    assert done.returncode == 0, f"guide: `{script}` failed:\n{done.stdout}\n{done.stderr}"
    assert "00_rnn_basics" in done.stdout, "the gradebook does not list 00_rnn_basics"
