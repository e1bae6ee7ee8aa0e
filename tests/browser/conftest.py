"""A real browser (Debian's headless Chromium) on the built book, served on localhost."""

import functools
import http.server
import json
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

# SEQGEN_BOOK_BUILD checks a book built elsewhere (`jupyter-book build . --path-output DIR`).
BUILD = Path(os.environ.get("SEQGEN_BOOK_BUILD") or ROOT / "_build")
HTML = BUILD / "html"
SCREENSHOTS = BUILD / "screenshots"
STARTED = time.time()
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site():
    """Base URL of the built book on a free localhost port."""
    if not (HTML / "index.html").exists():
        pytest.fail("the book is not built: run `make book` (make check-book does both)")
    handler = functools.partial(QuietHandler, directory=str(HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """Headless Chromium with the network closed to every host but localhost."""
    webdriver = pytest.importorskip("selenium.webdriver")
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.fail(
            "Debian's chromium and chromium-driver are needed: make check-book installs them"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--window-size=1280,1600",
        # Network off: every host name fails to resolve, except the local server.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    service = webdriver.ChromeService(executable_path=str(CHROMEDRIVER))
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def requested_urls(driver) -> list[str]:
    """URLs the page requested since the log was last read (Chrome's performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


# Injected into a page so computed colours are final at once (the theme animates them).
NO_ANIMATION = """
const style = document.createElement('style');
style.textContent = '*, *::before, *::after {transition: none !important; '
  + 'animation: none !important}';
document.head.appendChild(style);
"""


def console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


@pytest.fixture(scope="session")
def screenshots():
    if SCREENSHOTS.exists():
        shutil.rmtree(SCREENSHOTS)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


def pytest_terminal_summary(terminalreporter):
    """Every axe-core finding of the run (minor and moderate too), page by page."""
    report = BUILD / "accessibility.txt"
    if not report.exists() or report.stat().st_mtime < STARTED:
        return
    terminalreporter.section("axe-core findings (WCAG 2.0/2.1 A and AA)")
    terminalreporter.write_line(report.read_text(encoding="utf-8").rstrip())
