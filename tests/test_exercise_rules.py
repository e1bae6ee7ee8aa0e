"""The exercise rules of CONTRIBUTING.md that can be read off the files, for every exercise.

4-6 graded tasks; every grade cell has points, visible tests and a hidden block that seeds
its inputs from the submission; at least two known-wrong variants per grade cell, each
naming a grade cell that exists; forbidden library names declared in ``grading.toml`` for
graded functions only. (Validation proves the variants lose points; the originality test
proves no solution is a chapter cell.)
"""

import json
import tomllib
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted(ROOT.glob("solutions/*/*.ipynb"))
# whole libraries a task may forbid by their top-level name; a bare function name would
# flag every library function that contains it
LIBRARIES = {"scipy", "sympy", "matplotlib", "sklearn", "networkx", "numpy"}


def nbgrader_cells(path: Path) -> list[tuple[dict, str]]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [(c["metadata"].get("nbgrader", {}), "".join(c["source"])) for c in cells]


def grade_cells(path: Path) -> dict[str, tuple[dict, str]]:
    return {
        meta["grade_id"]: (meta, src) for meta, src in nbgrader_cells(path) if meta.get("grade")
    }


def solution_names(path: Path) -> set[str]:
    return {meta["grade_id"] for meta, _ in nbgrader_cells(path) if meta.get("solution")}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.parent.name)
def test_four_to_six_tasks_each_with_points_visible_tests_and_seeded_hidden_checks(path):
    cells = grade_cells(path)
    assert 4 <= len(cells) <= 6, f"{len(cells)} graded tasks; the rule is 4-6"
    for grade_id, (meta, source) in cells.items():
        assert meta.get("points", 0) > 0, f"{grade_id} has no points"
        visible, _, hidden = source.partition("### BEGIN HIDDEN TESTS")
        assert visible.strip(), f"{grade_id} has no visible tests"
        assert "run_hidden_checks(hidden_checks, globals())" in hidden, (
            f"{grade_id}: its hidden block must define hidden_checks(student) and run it"
        )
        assert "hidden_generator(student" in hidden or "student.seed" in hidden, (
            f"{grade_id}: hidden inputs must be drawn from student.seed (per submission)"
        )


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.parent.name)
def test_at_least_two_known_wrong_variants_per_task(path):
    cells = grade_cells(path)
    variants = sorted((path.parent / "known_wrong").glob("*.py"))
    targets = Counter(variant.stem.split("__")[0] for variant in variants)
    assert set(targets) <= set(cells), (
        f"variants name unknown grade cells: {set(targets) - set(cells)}"
    )
    thin = {grade_id: targets[grade_id] for grade_id in cells if targets[grade_id] < 2}
    assert not thin, f"fewer than two known-wrong variants: {thin}"
    for variant in variants:
        assert "__" in variant.stem and variant.read_text(encoding="utf-8").startswith(
            '"""Known wrong: '
        ), f"{variant.name}: name it <grade id>__<mistake>.py and say what is wrong first"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.parent.name)
def test_forbidden_names_are_declared_for_graded_functions(path):
    rules_path = path.parent / "grading.toml"
    assert rules_path.exists(), "declare the library calls each task forbids in grading.toml"
    tasks = tomllib.loads(rules_path.read_text(encoding="utf-8")).get("tasks", {})
    cells, functions = grade_cells(path), solution_names(path)
    assert set(tasks) <= set(cells), f"rules for unknown grade cells: {set(tasks) - set(cells)}"
    for grade_id, rule in tasks.items():
        assert set(rule.get("functions", [])) <= functions, f"{grade_id}: unknown functions"
        bare = [n for n in rule.get("forbidden", []) if "." not in n and n not in LIBRARIES]
        assert not bare, (
            f"{grade_id}: forbidden names are dotted library paths such as torch.nn.LSTMCell, "
            f"or whole libraries ({', '.join(sorted(LIBRARIES))}), not {bare}"
        )


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.parent.name)
def test_every_graded_task_has_rules_so_course_code_is_forbidden_in_it(path):
    """``autograder.rules`` forbids the course's own ``seqgen`` in every task of grading.toml;
    a task missing from it could be answered by ``from seqgen.gan import ...``."""
    tasks = tomllib.loads((path.parent / "grading.toml").read_text(encoding="utf-8"))["tasks"]
    graded = {gid for gid, (meta, _) in grade_cells(path).items() if meta.get("points")}
    assert graded <= set(tasks), f"tasks without rules in grading.toml: {graded - set(tasks)}"
    assert all(rule.get("functions") for rule in tasks.values()), "name each task's functions"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.parent.name)
def test_hidden_checks_leave_torchs_global_generator_alone(path):
    """Jobs grading at once run their hidden checks in threads of one process: a check that
    seeds or draws from torch's global generator makes another job's inputs depend on
    timing (review 4 found one). Hidden checks draw from their own generator."""
    offenders = [
        grade_id
        for grade_id, (_, source) in grade_cells(path).items()
        if "torch.manual_seed" in source.split("### BEGIN HIDDEN TESTS")[-1]
    ]
    assert not offenders, f"hidden checks that seed torch's global generator: {offenders}"
