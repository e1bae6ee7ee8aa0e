"""Notebooks run where the book's buttons send them: outside the repository.

One fresh virtual environment per test run holds only the released requirements
(binder/requirements.txt); the light seqgen wheel is built from this checkout. From a
temporary folder outside the repository, a kernel of that environment runs the exercise
stub's setup cells and a whole book section, whose install cell installs the wheel
(``SEQGEN_PIP_SPEC`` points it at the local wheel instead of GitHub: no network here).
"""

import json
import os
import shutil
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT
from tests.test_packaging import build_wheel

pytestmark = pytest.mark.notebooks
KERNEL = "seqgen-outside"
BOOK_SECTION = ROOT / "book" / "00_rnn_basics" / "01_sequences_and_rnns.ipynb"
EXERCISES = sorted(ROOT.glob("exercises/*/*.ipynb"))


@pytest.fixture(scope="module")
def outside(tmp_path_factory):
    """A venv with the released requirements only, its kernel, the wheel and a work folder."""
    base = tmp_path_factory.mktemp("outside")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    requirements = ROOT / "binder" / "requirements.txt"
    pip = [str(python), "-m", "pip", "install", "--quiet", "-r", str(requirements)]
    subprocess.run(pip, check=True, cwd=base)
    spec_dir = base / "jupyter" / "kernels" / KERNEL
    spec_dir.mkdir(parents=True)
    argv = [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": KERNEL, "language": "python"}
    (spec_dir / "kernel.json").write_text(json.dumps(kernel))
    work = base / "work"
    work.mkdir()
    return {
        "python": python,
        "wheel": build_wheel(base / "wheel"),
        "jupyter": base / "jupyter",
        "work": work,
    }


def run_outside(nb, outside, monkeypatch):
    """Execute ``nb`` in the outside kernel, in the work folder, with no trace of the repo."""
    monkeypatch.setenv("JUPYTER_PATH", str(outside["jupyter"]))
    monkeypatch.setenv("SEQGEN_PIP_SPEC", str(outside["wheel"]))
    monkeypatch.setenv("SEQGEN_PROGRESS", "text")
    monkeypatch.delenv("PYTHONPATH", raising=False)
    monkeypatch.setenv(
        "PATH",
        os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if str(ROOT) not in p),
    )
    nb.cells.append(nbformat.v4.new_code_cell("import seqgen\nprint(seqgen.__file__)"))
    client = NotebookClient(
        nb, timeout=600, kernel_name=KERNEL, resources={"metadata": {"path": str(outside["work"])}}
    )
    client.execute()
    where = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    assert str(ROOT) not in where, f"seqgen came from the repository: {where}"
    return where


def installed(outside, name):
    done = subprocess.run([str(outside["python"]), "-m", "pip", "show", name], capture_output=True)
    return done.returncode == 0


def uninstall_seqgen(outside):
    subprocess.run([str(outside["python"]), "-m", "pip", "uninstall", "--quiet", "-y", "seqgen"])


def test_the_released_requirements_do_not_bring_seqgen(outside):
    assert not installed(outside, "seqgen")
    assert not installed(outside, "nbgrader") and not installed(outside, "jupyter-book")


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda p: p.parent.name)
def test_the_exercise_stub_setup_runs_outside_the_repository(exercise, outside, monkeypatch):
    """As a student downloads it: its own install cell must bring seqgen for its set-up."""
    uninstall_seqgen(outside)
    stub = nbformat.read(exercise, as_version=4)
    setup = [
        cell
        for cell in stub.cells
        if cell.cell_type == "code"
        and not cell.metadata.get("nbgrader", {}).get("solution")
        and not cell.metadata.get("nbgrader", {}).get("grade")
    ]
    assert setup, "the exercise has no setup cell"
    first_task = next(
        i for i, c in enumerate(stub.cells) if c.metadata.get("nbgrader", {}).get("solution")
    )
    stub.cells = [c for c in stub.cells[:first_task] if c in setup]
    shutil.copy(exercise, outside["work"] / exercise.name)  # as a student downloads it
    run_outside(stub, outside, monkeypatch)


def test_a_book_section_installs_seqgen_and_runs_outside_the_repository(outside, monkeypatch):
    uninstall_seqgen(outside)
    section = nbformat.read(BOOK_SECTION, as_version=4)
    where = run_outside(section, outside, monkeypatch)
    assert installed(outside, "seqgen"), "the install cell should have installed the wheel"
    assert "site-packages" in where
