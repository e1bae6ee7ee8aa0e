"""Reference solutions earn full marks on hidden inputs drawn for other submissions too.

``validate`` runs the hidden checks with the fixed seed only, but ``grade`` draws
``student.seed`` per submission: a check whose tolerance is right for seed 0 and wrong for
another would take points from a correct answer. (A case of pre-activations in the hundreds
did exactly that in float32 until it moved to float64.) Each grade cell's hidden block runs
here against the reference solutions with a few other seeds.
"""

import contextlib
import io
import json
from pathlib import Path

import pytest

from autograder.hidden import InProcessStudent, reset, use_remote_student

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted(ROOT.glob("solutions/*/*.ipynb"))
SEEDS = (1, 123_457, 2**31 - 1)  # the grader draws 31-bit seeds

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


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.parent.name)
@pytest.mark.parametrize("seed", SEEDS)
def test_reference_passes_the_hidden_checks_for_other_seeds(path, seed):
    ordinary, hidden = cells(path)
    namespace: dict = {"__name__": "__main__"}
    with contextlib.redirect_stdout(io.StringIO()):
        for source in ordinary:
            exec(compile(source, f"<{path.name}>", "exec"), namespace)
    failed = {}
    for grade_id, block in hidden.items():
        token = use_remote_student(InProcessStudent(namespace, seed=seed))
        try:
            exec(compile(block, f"<hidden checks of {grade_id}>", "exec"), dict(namespace))
        except AssertionError as err:
            failed[grade_id] = str(err)
        finally:
            reset(token)
    assert not failed, f"the reference loses points with seed {seed}: {failed}"


def test_the_seed_reaches_the_hidden_inputs():
    """Different seeds draw different inputs (otherwise the test above proves nothing)."""
    import torch

    from autograder.checks import hidden_generator

    draws = {
        seed: torch.randn(3, generator=hidden_generator(InProcessStudent({}, seed=seed), 1))
        for seed in (0, *SEEDS)
    }
    assert len({tuple(d.tolist()) for d in draws.values()}) == len(draws)
