"""Sphinx extension: the executed notebooks in ``_build/jupyter_execute`` keep their outputs.

When a page comes from the execution cache (``execute_notebooks: cache``; ``make test``
fills it), myst-nb 1.x renders the cached outputs but writes the notebook it read, without
outputs, to ``jupyter_execute``: its cache client merges the outputs into a copy of the
notebook that the writer never sees. Anyone reading those copies (a reviewer, a script
that counts figures) would see a book without pictures. After the build we merge the
cached outputs into each copy, so every copy holds what its page shows.
"""

from pathlib import Path

import nbformat
from jupyter_cache import get_cache


def fill_from_cache(folder: Path, cache_path: Path) -> list[Path]:
    """Merge cached outputs into every notebook under ``folder``; return those filled."""
    cache, filled = get_cache(str(cache_path)), []
    for path in sorted(folder.rglob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        try:
            _, merged = cache.merge_match_into_notebook(notebook)
        except KeyError:  # not from the cache: executed in place, outputs already there
            continue
        nbformat.write(merged, path)
        filled.append(path)
    return filled


def on_build_finished(app, exception):
    config = app.env.mystnb_config  # myst-nb's resolved paths (set at its builder-inited)
    folder = Path(config.output_folder)
    if exception is None and config.execution_mode == "cache" and folder.is_dir():
        fill_from_cache(folder, Path(config.execution_cache_path))


def setup(app):
    app.connect("build-finished", on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
