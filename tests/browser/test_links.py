"""Every internal link of the built book leads to a file that exists, and anchors to an id."""

import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlparse

import pytest

from tests.browser.conftest import HTML

pytestmark = pytest.mark.browser


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in ("img", "script") and attrs.get("src"):
            self.links.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.links.append(attrs["href"])


def parse(path):
    parser = LinkParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def pages():
    """The book's pages (not the theme's HTML templates under _static/)."""
    return [
        p for p in sorted(HTML.rglob("*.html")) if not p.relative_to(HTML).parts[0].startswith("_")
    ]


def internal_links():
    for page in pages():
        for link in parse(page).links:
            url = urlparse(link)
            if url.scheme or link.startswith("//") or link.startswith("mailto:"):
                continue
            yield page, url


def test_internal_links_resolve():
    broken = []
    parsed = {}
    for page, url in internal_links():
        target = (page.parent / unquote(url.path)).resolve() if url.path else page
        if target.is_dir():
            target = target / "index.html"
        if not target.exists():
            broken.append(f"{page.relative_to(HTML)} -> {url.geturl()}")
            continue
        if url.fragment and target.suffix == ".html":
            ids = parsed.setdefault(target, parse(target).ids)
            if unquote(url.fragment) not in ids:
                broken.append(f"{page.relative_to(HTML)} -> {url.geturl()} (no such anchor)")
    assert not broken, "broken internal links:\n" + "\n".join(broken[:20])


def test_each_chapter_page_offers_its_exercise_for_download():
    for chapter in sorted((HTML / "book").glob("[0-9][0-9]_*/index.html")):
        name = chapter.parent.name
        links = parse(chapter).links
        assert any(re.search(rf"_downloads/.*/{name}\.ipynb$", link) for link in links), name
