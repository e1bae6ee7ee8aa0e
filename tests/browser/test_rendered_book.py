"""Open every page of the built book in headless Chromium, offline.

Each page: no console error, no request to any host but the local server, math typeset
by the local MathJax (no raw TeX left), every image loaded. Search finds "attention".
"""

import time
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import HTML, console_errors, requested_urls

pytestmark = pytest.mark.browser

PAGES = sorted(
    p.relative_to(HTML).as_posix()
    for p in HTML.rglob("*.html")
    if not p.relative_to(HTML).parts[0].startswith("_")
)
SCREENSHOT_PAGES = {
    "intro.html",
    "book/00_rnn_basics/02_lstm_and_gru.html",
    "book/00_rnn_basics/03_training_rnns.html",
    "book/glossary.html",
}
LOCAL_SCHEMES = {"data", "blob", "about", "chrome", "chrome-extension", "devtools"}


def wait_for(driver, script: str, timeout: float = 20.0):
    """Poll a JavaScript expression until it is truthy; return its value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = driver.execute_script(f"return {script}")
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for: {script}")


def settle(driver):
    """Wait for the page, then for MathJax (when the page loads it) to finish typesetting."""
    wait_for(driver, "document.readyState === 'complete'")
    if driver.execute_script("return typeof window.MathJax !== 'undefined'"):
        wait_for(driver, "window.MathJax.startup && window.MathJax.startup.promise !== undefined")
        driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "window.MathJax.startup.promise.then(() => done(true), () => done(false));"
        )


def test_the_build_has_pages():
    assert "intro.html" in PAGES and len(PAGES) >= 6, PAGES


@pytest.mark.parametrize("page", PAGES)
def test_page_works_offline(browser, site, screenshots, page):
    requested_urls(browser)  # drop what earlier pages (and earlier tests) logged
    console_errors(browser)
    browser.get(f"{site}/{page}")
    settle(browser)

    external = [
        url
        for url in requested_urls(browser)
        if urlparse(url).scheme not in LOCAL_SCHEMES and not url.startswith(site)
    ]
    assert not external, f"{page} requested outside hosts: {external[:5]}"
    errors = console_errors(browser)
    assert not errors, f"{page} logged console errors: {errors[:5]}"

    math_nodes = browser.execute_script(
        "return document.querySelectorAll('.math, span.math, div.math').length"
    )
    typeset = browser.execute_script("return document.querySelectorAll('mjx-container').length")
    assert typeset >= math_nodes, f"{page}: {math_nodes} formulas, only {typeset} typeset"
    text = browser.execute_script("return document.querySelector('main, body').innerText")
    assert "$$" not in text and "\\frac" not in text, f"{page} shows raw TeX"

    broken = browser.execute_script(
        "return [...document.images].filter(i => !(i.complete && i.naturalWidth > 0))"
        ".map(i => i.src)"
    )
    assert not broken, f"{page} has images that did not load: {broken[:5]}"

    if page in SCREENSHOT_PAGES:
        browser.save_screenshot(str(screenshots / page.replace("/", "__").replace(".html", ".png")))


def test_search_finds_attention(browser, site, screenshots):
    browser.get(f"{site}/search.html?q=attention")
    settle(browser)
    count = wait_for(browser, "document.querySelectorAll('#search-results li').length", 30)
    assert count >= 1
    browser.save_screenshot(str(screenshots / "search.png"))
    assert not console_errors(browser)


def test_the_sites_index_is_a_titled_page_in_the_books_language():
    """book/_ext/index_redirect.py replaces the bare refresh tag (no lang, no title)."""
    page = (HTML / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "<title>" in page and 'url=intro.html"' in page
