"""Sphinx extension: ``index.html`` sends the reader to the first page, as a real page.

The book's root page is ``intro``, so a visit to the site's folder needs ``index.html``.
sphinx-external-toc writes one at the end of the build, but as a bare ``<meta>`` tag with
no language, title or link: a screen reader announces an untitled page, and a browser that
blocks refreshes shows nothing. Ours runs first (its handler has a lower priority number),
so the other sees the file and leaves it alone.
"""

from html import escape
from pathlib import Path

PAGE = """<!DOCTYPE html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta http-equiv="Refresh" content="0; url={target}">
<link rel="canonical" href="{target}">
</head>
<body><p><a href="{target}">{title}: go to the first page</a></p></body>
</html>
"""


def write_redirect(folder: Path, target: str, title: str, language: str) -> Path:
    path = folder / "index.html"
    path.write_text(
        PAGE.format(target=escape(target), title=escape(title), language=escape(language)),
        encoding="utf-8",
    )
    return path


def on_build_finished(app, exception):
    root = app.config.root_doc
    if exception is None and app.builder.format == "html" and root != "index":
        language = app.config.language or "en"
        write_redirect(Path(app.outdir), f"{root}.html", app.config.project, language)


def setup(app):
    app.connect("build-finished", on_build_finished, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
