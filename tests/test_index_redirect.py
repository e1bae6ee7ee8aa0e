"""book/_ext/index_redirect.py: the site's index.html is a titled page in the book's language."""

import importlib.util
from html.parser import HTMLParser

from tests.conftest import ROOT

SPEC = importlib.util.spec_from_file_location(
    "index_redirect", ROOT / "book" / "_ext" / "index_redirect.py"
)
index_redirect = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(index_redirect)


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.title, self.in_title = {}, "", False

    def handle_starttag(self, tag, attrs):
        self.tags.setdefault(tag, []).append(dict(attrs))
        self.in_title = tag == "title"

    def handle_data(self, data):
        self.title += data if self.in_title else ""

    def handle_endtag(self, tag):
        self.in_title = False


def test_the_redirect_has_a_language_a_title_a_refresh_and_a_link(tmp_path):
    path = index_redirect.write_redirect(tmp_path, "intro.html", "Seq <gen>", "en")
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    assert page.tags["html"] == [{"lang": "en"}]
    assert page.title == "Seq <gen>"
    (meta,) = [m for m in page.tags["meta"] if m.get("http-equiv") == "Refresh"]
    assert meta["content"] == "0; url=intro.html"
    assert {"href": "intro.html"} in page.tags["a"]
