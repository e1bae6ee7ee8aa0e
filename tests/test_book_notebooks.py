"""Execute every book notebook once, check what reaches the page, and hand it to the book.

``make test`` runs these under pytest-xdist, one notebook per worker (each is its own
``xdist_group``). Each executed notebook is stored in the jupyter-cache that
``jupyter-book build`` reads (``_config.yml``: ``execute.cache``), executed exactly as the
build would (same executor, same working folder, ``SEQGEN_PROGRESS=text``), so a
``make book`` or ``make check-book`` afterwards reuses it instead of executing again.

On the executed notebook: every cell that draws produced an image, every image carries its
caption and alt text (myst-nb figure metadata) under a unique name, and progress bars show
their final state only.
"""

import ast
import fcntl
import re
from contextlib import contextmanager

import nbformat
import pytest
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution

from seqgen.seed import run_seed
from tests.conftest import ROOT

BOOK_NOTEBOOKS = sorted(
    p for p in (ROOT / "book").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
)
CACHE = ROOT / "_build" / ".jupyter_cache"  # the book's execute.cache
# A call that puts a figure on screen (matplotlib, seqgen.plot, a widget's stand-in).
DRAWS = re.compile(
    r"\bplt\.(show|subplots|figure|plot|imshow)\(|\bplot_\w+\(|\bheatmap\(|\bdraw_\w+\(|"
    r"\bshow_widget\(|\bseqgen\.plot\.\w+\("
)


def params():
    for path in BOOK_NOTEBOOKS:
        name = path.relative_to(ROOT).as_posix()
        yield pytest.param(path, id=name, marks=pytest.mark.xdist_group(name))


@contextmanager
def locked(path):
    """Hold an exclusive lock on ``path`` (two workers must not write the cache at once)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def store_in_book_cache(nb, path, seconds):
    """Cache the executed notebook where jupyter-book looks for it (matched by code hash)."""
    with locked(CACHE.with_suffix(".lock")):
        get_cache(str(CACHE)).cache_notebook_bundle(
            CacheBundleIn(nb, str(path), data={"execution_seconds": seconds}),
            check_validity=False,
            overwrite=True,
        )


def images(cell):
    return [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]


def top_level_code(source):
    """The statements a cell runs, without the bodies of functions and classes it defines."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython syntax: judge the whole cell
        return source
    definitions = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    kept = [ast.get_source_segment(source, node) or "" for node in tree.body]
    return "\n".join(k for k, node in zip(kept, tree.body) if not isinstance(node, definitions))


def figure_problems(nb):
    """Cells that draw without an image, and images without caption, alt text or name."""
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        drawn = images(cell)
        if DRAWS.search(top_level_code(cell.source)) and not drawn:
            problems.append(f"cell {index} draws but produced no image")
        results = [o for o in cell.get("outputs", []) if o["output_type"] == "execute_result"]
        if drawn and results and "image/png" not in results[0].get("data", {}):
            problems.append(f"cell {index}: a figure cell also shows a value (assign it to _)")
        if len(drawn) > 1:  # one caption and name per cell: Sphinx fails on the duplicate
            problems.append(f"cell {index} shows {len(drawn)} images (one figure per cell)")
        if drawn:
            mystnb = cell.metadata.get("mystnb", {})
            figure, image = mystnb.get("figure", {}), mystnb.get("image", {})
            if not (figure.get("caption") and figure.get("name", "").startswith("fig-")):
                problems.append(f"cell {index}: an image without a caption or fig- name")
            if not image.get("alt"):
                problems.append(f"cell {index}: an image without alt text")
    return problems


def stream_problems(nb):
    """Text outputs that hold a progress bar's intermediate states."""
    return [
        f"cell {index} prints carriage returns (a bar's intermediate states)"
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        and any("\r" in o.get("text", "") for o in cell.get("outputs", []))
    ]


@pytest.mark.notebooks
@pytest.mark.parametrize("path", list(params()))
def test_book_notebook_executes_and_shows_its_figures(path, monkeypatch):
    monkeypatch.setenv("SEQGEN_PROGRESS", "text")  # what the book build sets (Makefile)
    nb = nbformat.read(path, as_version=4)
    result = single_nb_execution(
        nb, cwd=str(path.parent), timeout=600, allow_errors=False, meta_override=True
    )
    assert result.err is None, f"execution failed:\n{(result.exc_string or '')[-3000:]}"
    if run_seed() == 0:  # the book shows the notebook as written, never another seed's run
        store_in_book_cache(nb, path, result.time)
    problems = figure_problems(nb) + stream_problems(nb)
    assert not problems, "\n".join(problems)


def test_figure_names_are_unique_in_the_book():
    seen = {}
    for path in BOOK_NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            name = cell.metadata.get("mystnb", {}).get("figure", {}).get("name")
            if name:
                assert name not in seen, f"{name} in {path.name} and {seen[name]}"
                seen[name] = path.name


def test_a_cell_with_two_images_is_a_problem():
    """A widget cell whose fallback figure was also flushed by ipywidgets shows two images
    under one figure name: Sphinx then fails with a duplicate target."""
    png = nbformat.v4.new_output("display_data", data={"image/png": "", "text/plain": ""})
    cell = nbformat.v4.new_code_cell("show_widget(w, fig, 'alt')")
    cell.outputs = [png, png]
    cell.metadata["mystnb"] = {"figure": {"caption": "c", "name": "fig-x"}, "image": {"alt": "a"}}
    nb = nbformat.v4.new_notebook(cells=[cell])
    assert figure_problems(nb) == ["cell 0 shows 2 images (one figure per cell)"]
    cell.outputs = [png]
    assert figure_problems(nb) == []
