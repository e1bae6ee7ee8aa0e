"""Reference solutions earn full marks on hidden inputs drawn for other submissions too.

``validate`` runs the hidden checks with the fixed seed only, but ``grade`` draws
``student.seed`` per submission: a check whose tolerance is right for seed 0 and wrong for
another would take points from a correct answer. (A case of pre-activations in the hundreds
did exactly that in float32 until it moved to float64.) Each grade cell's hidden block runs
here against the reference solutions with a few other seeds.

The converse holds too: a known-wrong variant that only the fixed seed's inputs catch
would earn points on some students' files. ``validate`` decides every case under three
seeds; here, in one process and so more cheaply, every variant meets the hidden checks of
its task under many more. (A sweep of 12 seeds found five such holes, and one reference
that lost points, in four exercises.)
"""

import contextlib
import io
import json
from pathlib import Path

import pytest

from autograder.hidden import InProcessStudent, reset, use_remote_student
from autograder.student import FIXED_SEED

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted(ROOT.glob("solutions/*/*.ipynb"))
SEEDS = (1, 123_457, 2**31 - 1)  # the grader draws 31-bit seeds
SWEEP = range(100, 124)  # seeds the hidden checks were never tuned on

pytestmark = pytest.mark.notebooks


def cells(path: Path) -> tuple[list[str], dict[str, str]]:
    """(ordinary code cells, {grade id: hidden block}) of a source notebook."""
    ordinary, hidden = [], {}
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        source, meta = "".join(cell["source"]), cell["metadata"].get("nbgrader", {})
        if not meta.get("grade"):
            ordinary.append(source)
        elif "### BEGIN HIDDEN TESTS" in source:
            block = source.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0]
            hidden[meta["grade_id"]] = block
    return ordinary, hidden


def reference_namespace(path: Path) -> dict:
    """The names the source notebook's ordinary cells (reference solutions) define."""
    ordinary, _ = cells(path)
    namespace: dict = {"__name__": "__main__"}
    with contextlib.redirect_stdout(io.StringIO()):
        for source in ordinary:
            exec(compile(source, f"<{path.name}>", "exec"), namespace)
    return namespace


def failure(namespace: dict, grade_id: str, block: str, seed: int) -> str | None:
    """Why the hidden checks of ``grade_id`` fail the code in ``namespace`` under ``seed``,
    or None when they pass."""
    token = use_remote_student(InProcessStudent(namespace, seed=seed))
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(block, f"<hidden checks of {grade_id}>", "exec"), dict(namespace))
        return None
    except AssertionError as err:
        return str(err) or "failed"
    finally:
        reset(token)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.parent.name)
@pytest.mark.parametrize("seed", SEEDS)
def test_reference_passes_the_hidden_checks_for_other_seeds(path, seed):
    namespace, (_, hidden) = reference_namespace(path), cells(path)
    failed = {g: why for g, block in hidden.items() if (why := failure(namespace, g, block, seed))}
    assert not failed, f"the reference loses points with seed {seed}: {failed}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.parent.name)
def test_known_wrong_variants_fail_the_hidden_checks_for_other_seeds(path):
    namespace, (_, hidden) = reference_namespace(path), cells(path)
    slipped = {}
    for variant in sorted((path.parent / "known_wrong").glob("*.py")):
        grade_id = variant.stem.split("__")[0]
        code = dict(namespace)
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(variant.read_text(), str(variant), "exec"), code)
        if failure(code, grade_id, hidden[grade_id], FIXED_SEED) is None:
            continue  # the rules of grading.toml catch it, whatever the inputs
        seeds = [s for s in SWEEP if failure(code, grade_id, hidden[grade_id], s) is None]
        if seeds:
            slipped[variant.stem] = seeds
    assert not slipped, f"known-wrong variants that pass their hidden checks: {slipped}"


def test_the_seed_reaches_the_hidden_inputs():
    """Different seeds draw different inputs (otherwise the test above proves nothing)."""
    import torch

    from autograder.checks import hidden_generator

    draws = {
        seed: torch.randn(3, generator=hidden_generator(InProcessStudent({}, seed=seed), 1))
        for seed in (0, *SEEDS)
    }
    assert len({tuple(d.tolist()) for d in draws.values()}) == len(draws)
