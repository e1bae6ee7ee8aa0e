"""House rules: notebooks are committed clean, and the book lists every section."""

import json
import subprocess

import pytest
import yaml

from tests.conftest import ROOT


def tracked_notebooks():
    done = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.ipynb"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [ROOT / name for name in done.stdout.split()]


@pytest.mark.parametrize("path", tracked_notebooks(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_notebook_has_no_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    dirty = [
        i
        for i, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert not dirty, f"cells {dirty} store outputs: clear them before committing"


def toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    found = [toc["root"]]

    def walk(entries):
        for entry in entries:
            if "file" in entry:
                found.append(entry["file"])
            walk(entry.get("sections", []) + entry.get("chapters", []))

    walk(toc.get("parts", []))
    return {f.removesuffix(".ipynb").removesuffix(".md") for f in found}


def test_every_book_notebook_is_in_the_table_of_contents():
    listed = toc_files()
    pages = {
        p.relative_to(ROOT).with_suffix("").as_posix() for p in (ROOT / "book").rglob("*.ipynb")
    }
    assert pages, "the book has no notebooks"
    assert pages <= listed, f"not in _toc.yml: {sorted(pages - listed)}"


def test_every_chapter_has_an_exercise():
    chapters = {p.name for p in (ROOT / "book").iterdir() if p.is_dir() and p.name[:2].isdigit()}
    exercises = {p.name for p in (ROOT / "solutions").iterdir() if p.is_dir()}
    assert chapters <= exercises, f"chapters without an exercise: {sorted(chapters - exercises)}"


def test_chapter_pages_state_the_exercise_points_it_has():
    import re

    from autograder.notebooks import grade_cells, read_notebook

    for index in sorted((ROOT / "book").glob("[0-9][0-9]_*/index.md")):
        claim = re.search(r"worth (\d+) points", index.read_text())
        if claim:
            source = ROOT / "solutions" / index.parent.name / f"{index.parent.name}.ipynb"
            total = sum(c.points for c in grade_cells(read_notebook(source)))
            assert int(claim.group(1)) == total, f"{index.parent.name}: the page says {claim[1]}"
