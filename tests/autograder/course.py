"""A tiny course built in a temporary folder, so grading tests do not depend on how the
real exercises change: one assignment ``tiny`` with two tasks, hidden checks seeded from
``student.seed``, rules in ``grading.toml`` and known-wrong variants."""

import shutil
import textwrap
from pathlib import Path

import nbformat

from tests.conftest import ROOT

ASSIGNMENT = "tiny"
SETUP = "import torch\n"
SQUARE_SUM = '''def square_sum(x):
    """The sum of the squares of x's entries (a 0-d tensor)."""
    ### BEGIN SOLUTION
    return (x * x).sum()
    ### END SOLUTION
'''
SOFTPLUS = '''def softplus(x):
    """log(1 + exp(x)), elementwise, without overflow."""
    ### BEGIN SOLUTION
    return torch.clamp(x, min=0) + torch.log1p(torch.exp(-x.abs()))
    ### END SOLUTION
'''
TEST_SQUARE_SUM = """assert float(square_sum(torch.tensor([3.0, 4.0]))) == 25.0
print("Visible tests for square_sum passed.")
### BEGIN HIDDEN TESTS
from autograder.hidden import run_hidden_checks


def hidden_checks(student):
    gen = torch.Generator().manual_seed(student.seed + 1)
    for shape, kind in (((5,), "a vector"), ((1,), "one entry"), ((3, 4), "a matrix")):
        x = torch.randn(*shape, generator=gen)
        with student.case(kind):
            value = student.square_sum(x)
        assert isinstance(value, torch.Tensor) and torch.allclose(value, (x * x).sum()), (
            f"wrong sum for {kind}"
        )


run_hidden_checks(hidden_checks, globals())
### END HIDDEN TESTS
"""
TEST_SOFTPLUS = """assert abs(float(softplus(torch.zeros(1))[0]) - 0.6931) < 1e-4
print("Visible tests for softplus passed.")
### BEGIN HIDDEN TESTS
from autograder.hidden import run_hidden_checks


def hidden_checks(student):
    gen = torch.Generator().manual_seed(student.seed + 2)
    for scale, kind in ((1.0, "moderate inputs"), (300.0, "inputs in the hundreds")):
        # the drawn inputs, and both extremes: a check that only random draws can fail
        # would let a wrong answer through on some students' seeds
        x = torch.cat([scale * torch.randn(6, generator=gen), torch.tensor([scale, -scale])])
        value = student.softplus(x)
        expected = torch.nn.functional.softplus(x)
        assert isinstance(value, torch.Tensor) and bool(torch.isfinite(value).all()), (
            f"softplus is not finite for {kind}"
        )
        assert torch.allclose(value, expected, rtol=1e-4), f"wrong softplus for {kind}"
    _, (grad,) = student.vjp("softplus", (torch.randn(4, generator=gen),), (0,), (torch.ones(4),))
    assert grad.abs().sum() > 0, "no gradient flows through softplus"


run_hidden_checks(hidden_checks, globals())
### END HIDDEN TESTS
"""
RULES = """[tasks.test_square_sum]
functions = ["square_sum"]
forbidden = ["torch.linalg.vector_norm", "torch.norm", "torch.dot"]

[tasks.test_softplus]
functions = ["softplus"]
forbidden = ["torch.nn.functional.softplus", "torch.nn.Softplus"]
"""
VARIANTS = {
    "test_square_sum__sum_not_squared": "def square_sum(x):\n    return x.sum()\n",
    "test_square_sum__uses_norm": "def square_sum(x):\n    return torch.norm(x) ** 2\n",
    "test_softplus__naive_overflows": "def softplus(x):\n    return torch.log(1 + torch.exp(x))\n",
    # Only the real path catches this one: it patches torch in its own process.
    "test_softplus__patches_allclose": (
        "torch.allclose = lambda *args, **kwargs: True\n"
        "def softplus(x):\n    return torch.log1p(torch.exp(x.clamp(max=50.0)))\n"
    ),
    "test_softplus__no_grad": (
        "def softplus(x):\n    with torch.no_grad():\n"
        "        return torch.clamp(x, min=0) + torch.log1p(torch.exp(-x.abs()))\n"
    ),
}


def cell(kind: str, source: str, grade_id: str, points: float = 0, **flags):
    meta = {
        "grade": False, "grade_id": grade_id, "locked": True, "schema_version": 3,
        "solution": False, "task": False, **flags,
    }  # fmt: skip
    if points:
        meta.update(grade=True, points=points)
    make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
    return make(source, metadata={"nbgrader": meta})


def source_notebook():
    return nbformat.v4.new_notebook(
        cells=[
            cell("markdown", "# A tiny exercise", "intro"),
            cell("code", SETUP, "setup"),
            cell("code", SQUARE_SUM, "square_sum", solution=True, locked=False),
            cell("code", TEST_SQUARE_SUM, "test_square_sum", points=2),
            cell("code", SOFTPLUS, "softplus", solution=True, locked=False),
            cell("code", TEST_SOFTPLUS, "test_softplus", points=1),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )


def make_course(folder: Path) -> Path:
    """Write the tiny course into ``folder`` and return it."""
    source = folder / "solutions" / ASSIGNMENT
    (source / "known_wrong").mkdir(parents=True)
    nbformat.write(source_notebook(), source / f"{ASSIGNMENT}.ipynb")
    (source / "grading.toml").write_text(RULES)
    for name, code in VARIANTS.items():
        (source / "known_wrong" / f"{name}.py").write_text(code)
    shutil.copy(ROOT / "nbgrader_config.py", folder)
    return folder


def submission(square_sum: str | None = None, softplus: str | None = None, extra: str = ""):
    """The student's notebook: reference solutions unless replaced; ``extra`` appended as a
    cell of the student's own at the end."""
    nb = source_notebook()
    for c in nb.cells:
        gid = c.metadata["nbgrader"]["grade_id"]
        if gid == "square_sum":
            c.source = square_sum if square_sum is not None else strip(SQUARE_SUM)
        elif gid == "softplus":
            c.source = softplus if softplus is not None else strip(SOFTPLUS)
        elif c.metadata["nbgrader"].get("grade"):
            c.source = c.source.split("### BEGIN HIDDEN TESTS")[0].rstrip() + "\n"
    if extra:
        nb.cells.append(nbformat.v4.new_code_cell(textwrap.dedent(extra)))
    return nb


def strip(source: str) -> str:
    return "".join(line for line in source.splitlines(True) if "### " not in line)


def write_cases(settings, assignment: str, results, folder: Path) -> list[Path]:
    """Every validation case of ``assignment`` as a student's notebook file, in order."""
    from autograder.notebooks import read_notebook
    from autograder.validate import case_notebook

    source = read_notebook(settings.source / assignment / f"{assignment}.ipynb")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, result in enumerate(results):
        mode = "reference" if index == 0 else "stub" if index == 1 else "variant"
        override = ""
        if result.target:
            path = settings.source / assignment / "known_wrong" / f"{result.name}.py"
            override = path.read_text(encoding="utf-8")
        paths.append(folder / f"case{index:02d}.ipynb")
        nbformat.write(case_notebook(source, mode, result.target, override), paths[-1])
    return paths
