"""book/_ext/executed_copies.py: the build's executed notebooks get their cached outputs."""

import importlib.util

import nbformat
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn

from tests.conftest import ROOT

SPEC = importlib.util.spec_from_file_location(
    "executed_copies", ROOT / "book" / "_ext" / "executed_copies.py"
)
executed_copies = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(executed_copies)

PNG = {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}


def notebook(source, outputs=()):
    cell = nbformat.v4.new_code_cell(source, outputs=[nbformat.v4.new_output(**o) for o in outputs])
    return nbformat.v4.new_notebook(
        cells=[cell], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}}
    )


def test_a_copy_without_outputs_gets_the_cached_ones_and_others_are_left_alone(tmp_path):
    cache = get_cache(str(tmp_path / "cache"))
    executed = notebook("plt.show()", [{"output_type": "display_data", "data": PNG}])
    cache.cache_notebook_bundle(
        CacheBundleIn(executed, str(tmp_path / "a.ipynb")), check_validity=False
    )
    folder = tmp_path / "jupyter_execute"
    folder.mkdir()
    nbformat.write(notebook("plt.show()"), folder / "a.ipynb")  # what myst-nb writes
    nbformat.write(notebook("print(2)"), folder / "b.ipynb")  # never cached

    filled = executed_copies.fill_from_cache(folder, tmp_path / "cache")

    assert filled == [folder / "a.ipynb"]
    (cell,) = nbformat.read(folder / "a.ipynb", as_version=4).cells
    assert cell.outputs and "image/png" in cell.outputs[0]["data"]
    assert nbformat.read(folder / "b.ipynb", as_version=4).cells[0].outputs == []
