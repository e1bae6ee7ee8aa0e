"""A two-page book built with the course's own Jupyter Book configuration and templates
(`_config.yml`, `_templates/`, `book/_ext/`, `book/_extra/`, `book/_static/`), in seconds:
enough to test the "Submit this exercise" link without executing the course's notebooks."""

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

TOC = "format: jb-book\nroot: intro\nchapters:\n  - file: book/{chapter}/index\n"


def build_minibook(folder: Path, chapter: str = "00_rnn_basics") -> Path:
    """Build it in ``folder``; returns the HTML folder."""
    for name in ("_config.yml", "references.bib"):
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "_templates", folder / "_templates")
    for name in ("_ext", "_extra", "_static"):
        shutil.copytree(ROOT / "book" / name, folder / "book" / name)
    (folder / "intro.md").write_text("# The course\n\nRead the chapters.\n")
    (folder / "book" / chapter).mkdir(parents=True)
    (folder / "book" / chapter / "index.md").write_text(f"# {chapter}\n\nA chapter.\n")
    (folder / "_toc.yml").write_text(TOC.format(chapter=chapter))
    book = Path(sys.executable).with_name("jupyter-book")
    done = subprocess.run(
        [str(book), "build", ".", "--warningiserror"], cwd=folder, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return folder / "_build" / "html"
