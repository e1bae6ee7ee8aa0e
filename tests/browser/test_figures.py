"""Figures in the built book: each one reached its page, with a caption and a meaningful alt.

- Every image of every page has an alt text that says something: not empty, not a file
  name or path (myst-nb falls back to the image's path when a cell has no ``image.alt``).
- Each notebook page shows an image for every cell of its source notebook that draws
  (a cell with ``mystnb`` figure/image metadata, or one that calls ``plt.show()``,
  ``plt.subplots(...)``, ``show_widget(...)``, ``seqgen.plot.*``, ``plot_*(...)`` or
  ``draw_*(...)`` at top level), and a caption for every cell with ``mystnb.figure``
  metadata.
"""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.browser.conftest import BUILD, HTML
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

GENERIC_ALTS = {"image", "figure", "plot", "chart", "graph", "picture", "output", "png", "img"}
IMAGE_FILE = re.compile(r"\.(png|jpe?g|gif|svg|webp)$", re.I)
# Top-level (unindented) calls that put a figure on the screen; bodies of `def` are indented.
DRAWS = re.compile(
    r"^(?!def |class |@|\s).*"
    r"(\bplt\.(show|subplots?|figure|imshow|plot)\(|\bshow_widget\(|\bplot_\w+\(|\bdraw_\w+\(|\bplot\.\w+\()",
    re.M,
)


def book_pages() -> list[Path]:
    return [
        p for p in sorted(HTML.rglob("*.html")) if not p.relative_to(HTML).parts[0].startswith("_")
    ]


def alt_problem(alt: str | None) -> str | None:
    """Why an alt text says nothing useful to a screen reader (None when it is fine)."""
    if alt is None or not alt.strip():
        return "no alt text"
    text = alt.strip()
    if IMAGE_FILE.search(text) or "_images/" in text or ("/" in text and " " not in text):
        return "alt text is a file name"
    if re.fullmatch(r"[0-9a-f]{16,}", text):
        return "alt text is a hash"
    if text.lower().rstrip(".") in GENERIC_ALTS:
        return "alt text names the kind of image, not what it shows"
    return None


class Images(HTMLParser):
    """Every <img> of a page, and per notebook cell its images and figure captions."""

    def __init__(self):
        super().__init__()
        self.images: list[dict] = []
        self.cells: list[dict] = []  # {"images": n, "captions": [...]} in page order
        self._depth = 0
        self._cell_depth = None
        self._caption: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "div":
            self._depth += 1
            if "cell" in classes and "docutils" in classes and self._cell_depth is None:
                self._cell_depth = self._depth
                self.cells.append({"images": 0, "captions": []})
        if tag == "img":
            self.images.append(attrs)
            if self._cell_depth is not None:
                self.cells[-1]["images"] += 1
        if tag == "figcaption" and self._cell_depth is not None:
            self._caption = []

    def handle_endtag(self, tag):
        if tag == "figcaption" and self._caption is not None:
            self.cells[-1]["captions"].append(" ".join("".join(self._caption).split()))
            self._caption = None
        if tag == "div":
            if self._cell_depth == self._depth:
                self._cell_depth = None
            self._depth -= 1

    def handle_data(self, data):
        if self._caption is not None:
            self._caption.append(data)


def parse(page: Path) -> Images:
    parser = Images()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def source_of(page: Path) -> Path | None:
    """The notebook a page was built from, if it was built from one.

    The build's executed copy holds the very cells (and metadata) the page was made from,
    even when the source changed since; without it, the source notebook itself.
    """
    relative = page.relative_to(HTML).with_suffix(".ipynb")
    for notebook in (BUILD / "jupyter_execute" / relative, ROOT / relative):
        if notebook.exists():
            return notebook
    return None


def shown_cells(notebook: Path) -> list[dict]:
    """The code cells the page shows, in order (cells tagged remove-cell never reach it)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [
        c
        for c in cells
        if c["cell_type"] == "code" and "remove-cell" not in c.get("metadata", {}).get("tags", [])
    ]


def draws(cell: dict) -> bool:
    mystnb = cell.get("metadata", {}).get("mystnb", {})
    source = "".join(cell["source"])
    return bool(mystnb.get("figure") or mystnb.get("image") or DRAWS.search(source))


def first_line(cell: dict) -> str:
    return "".join(cell["source"]).strip().splitlines()[0][:70]


NOTEBOOK_PAGES = [p for p in book_pages() if source_of(p)]


def test_the_build_has_notebook_pages():
    assert NOTEBOOK_PAGES, f"no page of {HTML} was built from a notebook"


@pytest.mark.parametrize("page", book_pages(), ids=lambda p: p.relative_to(HTML).as_posix())
def test_every_image_has_a_meaningful_alt_text(page):
    bad = []
    for image in parse(page).images:
        problem = alt_problem(image.get("alt"))
        if problem:
            bad.append(
                f"{problem}: <img src={image.get('src', '')[:60]!r} alt={image.get('alt')!r}>"
            )
    assert not bad, (
        f"{page.relative_to(HTML)}: images a screen reader cannot describe (give the cell "
        '`"mystnb": {"image": {"alt": "what it shows"}}` metadata):\n' + "\n".join(bad)
    )


@pytest.mark.parametrize("page", NOTEBOOK_PAGES, ids=lambda p: p.relative_to(HTML).as_posix())
def test_each_figure_of_the_source_notebook_reaches_the_page(page):
    source = shown_cells(source_of(page))
    shown = parse(page).cells
    assert len(shown) == len(source), (
        f"{page.relative_to(HTML)} shows {len(shown)} code cells, its notebook has {len(source)}"
    )
    missing, uncaptioned = [], []
    for number, (cell, html) in enumerate(zip(source, shown), start=1):
        if draws(cell) and html["images"] == 0:
            missing.append(f"code cell {number}: {first_line(cell)}")
        caption = cell.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("caption")
        if caption and not any(html["captions"]):
            uncaptioned.append(f"code cell {number}: {first_line(cell)}")
    assert not missing, f"{page.relative_to(HTML)}: cells that draw but show no image:\n" + (
        "\n".join(missing)
    )
    assert not uncaptioned, f"{page.relative_to(HTML)}: captions missing:\n" + "\n".join(
        uncaptioned
    )


EXECUTED_COPIES = sorted((BUILD / "jupyter_execute").rglob("*.ipynb"))


@pytest.mark.parametrize("copy", EXECUTED_COPIES, ids=lambda p: p.name)
def test_the_builds_executed_copy_holds_the_images(copy):
    """_build/jupyter_execute is what a reader of the build's notebooks sees: with the pages
    served from the cache, myst-nb wrote these without outputs (book/_ext/executed_copies.py)."""
    missing = [
        f"code cell {number}: {first_line(cell)}"
        for number, cell in enumerate(shown_cells(copy), start=1)
        if draws(cell) and not any("image/png" in o.get("data", {}) for o in cell["outputs"])
    ]
    assert not missing, f"{copy.relative_to(BUILD)}: cells without their image:\n" + "\n".join(
        missing
    )
