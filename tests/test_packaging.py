"""The light seqgen wheel and the install cell every book notebook starts with.

A notebook opened from the book's Colab or Binder button, or downloaded, runs outside the
repository: its first code cell installs the seqgen release the book was written with. These
tests keep that cell verbatim across notebooks, its version equal to the package's, and the
wheel light (no course tooling). tests/test_outside_repository.py runs it for real.
"""

import re
import shutil
import subprocess
import sys
import tomllib
import zipfile

import nbformat
import pytest
import yaml

import seqgen
from tests.conftest import ROOT

TEMPLATE = ROOT / "book" / "00_rnn_basics" / "01_sequences_and_rnns.ipynb"
BOOK_NOTEBOOKS = sorted(
    p for p in (ROOT / "book").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
)
WHEEL_PROJECT = ROOT / "packaging" / "seqgen"
HEAVY = ("nbgrader", "jupyter-book", "jupyter_book", "sphinx", "selenium", "pytest")


def first_code_cell(path):
    nb = nbformat.read(path, as_version=4)
    return next(c for c in nb.cells if c.cell_type == "code")


def install_cell_source():
    return first_code_cell(TEMPLATE).source


def test_the_install_cell_installs_this_version_from_this_repository():
    source = install_cell_source()
    wheel_version = tomllib.loads((WHEEL_PROJECT / "pyproject.toml").read_text())["project"]
    course_version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert wheel_version["version"] == seqgen.__version__ == course_version
    repository = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    spec = re.search(r'SEQGEN = "seqgen @ git\+(\S+)@v([\d.]+)#subdirectory=(\S+)"', source)
    assert spec, "the install cell names seqgen @ git+<repository>@v<version>#subdirectory=..."
    assert spec[1] == repository, "the cell installs from another repository than the book's"
    assert spec[2] == seqgen.__version__, "the cell installs another version than the book's"
    assert (ROOT / spec[3] / "pyproject.toml").is_file()


@pytest.mark.parametrize("path", BOOK_NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_book_notebook_starts_with_the_install_cell(path):
    cell = first_code_cell(path)
    assert cell.source == install_cell_source(), "copy the install cell verbatim from chapter 00"
    assert "hide-input" in cell.metadata.get("tags", [])


EXERCISE_NOTEBOOKS = sorted(ROOT.glob("solutions/*/*.ipynb")) + sorted(
    ROOT.glob("exercises/*/*.ipynb")
)


@pytest.mark.parametrize("path", EXERCISE_NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_exercise_starts_with_the_locked_install_cell(path):
    """A downloaded exercise must install seqgen before its set-up imports it (exercises 04,
    07 and 08 started with ``from seqgen.checks import ...``: ModuleNotFoundError outside)."""
    cell = first_code_cell(path)
    assert cell.source == install_cell_source(), "copy the install cell verbatim from chapter 00"
    assert cell.metadata["nbgrader"]["grade_id"] == "install"
    assert cell.metadata["nbgrader"]["locked"]


def test_contributing_shows_the_install_cell_verbatim():
    assert install_cell_source() in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def build_wheel(out_dir):
    """Build the light wheel from a copy of the two folders it needs (the tree stays clean)."""
    copy = out_dir / "src"
    shutil.copytree(WHEEL_PROJECT, copy / "packaging" / "seqgen")
    shutil.copytree(ROOT / "seqgen", copy / "seqgen", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(copy / "packaging" / "seqgen"), "--no-deps",
         "--no-build-isolation", "--quiet", "-w", str(out_dir)],
        check=True, cwd=out_dir,
    )  # fmt: skip
    (wheel,) = out_dir.glob(f"seqgen-{seqgen.__version__}-py3-none-any.whl")
    return wheel


def test_the_wheel_holds_seqgen_alone_and_needs_no_course_tooling(tmp_path):
    wheel = build_wheel(tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    modules = {n for n in names if n.endswith(".py")}
    expected = {f"seqgen/{p.name}" for p in (ROOT / "seqgen").glob("*.py")}
    assert modules == expected, "the wheel must hold exactly the seqgen package"
    metadata = zipfile.ZipFile(wheel).read(f"seqgen-{seqgen.__version__}.dist-info/METADATA")
    requires = [line for line in metadata.decode().splitlines() if line.startswith("Requires-Dist")]
    assert any("torch" in line for line in requires)
    assert not [line for line in requires if any(h in line.lower() for h in HEAVY)], requires
