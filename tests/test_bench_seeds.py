"""Keep the benchmark's seed list honest: every comparison is rerun over >= 3 seeds, and the
seed override (SEQGEN_SEED, read by seqgen.setup) reaches every random number a notebook draws."""

import json
import re
from pathlib import Path

import nbformat
import pytest

from benchmarks import report, run
from benchmarks.seeds import SEEDS, SINGLE_RUN, seeds_for
from tests.conftest import ROOT

BOOK_NOTEBOOKS = sorted(
    p for p in (ROOT / "book").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
)
# Seeding that bypasses seqgen.setup / seqgen.make_generator would ignore SEQGEN_SEED, so
# runs 1 and 2 of the benchmark would silently repeat run 0.
BYPASS = re.compile(
    r"torch\.manual_seed\(|\.manual_seed\(\s*\d|np\.random\.seed\(|random\.seed\(|"
    r"Random\(\s*\d|default_rng\(\s*\d"
)


def code_of(path):
    nb = nbformat.read(path, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "code")


def test_the_seed_list_has_three_distinct_seeds_starting_with_the_books():
    assert len(set(SEEDS)) >= 3 and SEEDS[0] == 0, SEEDS


def test_single_run_notebooks_exist_and_say_why():
    for name, reason in SINGLE_RUN.items():
        assert (ROOT / name).is_file(), f"benchmarks/seeds.py lists a missing notebook {name}"
        assert len(reason.split()) >= 4, f"{name}: say why it needs no second seed"


@pytest.mark.parametrize("path", BOOK_NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_book_section_seeds_through_seqgen(path):
    code = code_of(path)
    assert "seqgen.setup(" in code, "call seqgen.setup(seed) so make bench can change the seed"
    bypass = sorted({m.group(0) for m in BYPASS.finditer(code)})
    assert not bypass, f"seeds that ignore SEQGEN_SEED: {bypass}; use seqgen.make_generator(n)"


@pytest.mark.parametrize("path", BOOK_NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_comparing_book_section_runs_over_every_seed(path):
    name = path.relative_to(ROOT).as_posix()
    if name not in SINGLE_RUN:
        assert seeds_for(name) == SEEDS


def test_the_runner_passes_each_seed_to_the_notebook(monkeypatch, tmp_path):
    seen = []

    def fake_run(args, cwd, env, capture_output, text):
        seen.append(env["SEQGEN_SEED"])
        metric = json.dumps({"name": "acc", "value": len(seen)})
        Path(env["SEQGEN_METRICS_FILE"]).write_text(metric + "\n")
        out = '{"cpu_seconds": 1.0, "seconds": 2.0, "peak_mib": 3, "error": null}'
        return type("Done", (), {"returncode": 0, "stdout": out, "stderr": ""})()

    monkeypatch.setattr(run.subprocess, "run", fake_run)
    path = BOOK_NOTEBOOKS[0]
    runs = [run.measure(path, seed) for seed in SEEDS]
    assert seen == [str(s) for s in SEEDS]
    (spread,) = report.metric_spreads([{"seed": s, **r} for s, r in zip(SEEDS, runs)])
    assert spread["values"] == [1.0, 2.0, 3.0] and (spread["min"], spread["max"]) == (1.0, 3.0)
