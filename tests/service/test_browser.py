"""End to end in a real browser (Debian's headless Chromium, installed by the test set-up
through `make browser`, as tests/browser/ does): a student follows the book's "Submit this
exercise" link, signs in, uploads a solved exercise 00, and sees the score appear without
reloading the page. The exercise is graded for real, in the sandbox."""

import subprocess
import time

import nbformat
import pytest

from autograder.sandbox import isolation_problem
from autograder.service.accounts import issue
from autograder.service.config import load_config
from autograder.service.models import open_database
from autograder.service.server import running
from autograder.settings import load_settings
from tests.autograder.test_grade import solved_release
from tests.conftest import ROOT
from tests.service.minibook import build_minibook

pytestmark = pytest.mark.skipif(
    isolation_problem() is not None,
    reason=f"grading needs the sandbox (root and Linux namespaces): {isolation_problem()}",
)
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--window-size=1280,1400",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",  # no network
)  # fmt: skip


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from pathlib import Path

    webdriver = pytest.importorskip("selenium.webdriver")
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        done = subprocess.run(["make", "-s", "browser"], cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, f"cannot install Chromium: {done.stderr}"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(CHROMEDRIVER))
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture
def service(tmp_path, monkeypatch):
    monkeypatch.setenv("SEQGEN_GRADING_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("SEQGEN_SECRET_FILE", str(tmp_path / "secret"))
    monkeypatch.delenv("SEQGEN_GRADEBOOK_URL", raising=False)
    monkeypatch.delenv("SEQGEN_SERVICE_DB_URL", raising=False)
    (tmp_path / "book").mkdir()
    book = build_minibook(tmp_path / "book")
    config = load_config(load_settings(ROOT), book=book, port=0, jobs=1)
    token = issue(open_database(config.db_url), "alice", "student", "Alice")
    solved = tmp_path / "00_rnn_basics.ipynb"
    nbformat.write(solved_release(), solved)
    with running(config) as (url, _app):
        yield url, token, solved


def wait_for(driver, script: str, seconds: float = 240):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = driver.execute_script(f"return {script}")
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {script}")


def test_a_student_submits_from_the_book_and_sees_the_score(browser, service):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.select import Select

    url, token, solved = service
    browser.get(f"{url}/book/00_rnn_basics/index.html")
    browser.find_element(By.LINK_TEXT, "Submit this exercise").click()
    wait_for(browser, "location.pathname === '/signin'", 30)
    browser.find_element(By.ID, "token").send_keys(token)
    browser.find_element(By.CSS_SELECTOR, "form[action='/signin'] button").click()
    wait_for(browser, "location.pathname === '/submit/' && document.readyState === 'complete'", 30)

    chosen = Select(browser.find_element(By.ID, "assignment")).first_selected_option
    assert chosen.text == "00_rnn_basics"  # the chapter the link came from
    browser.find_element(By.ID, "notebook").send_keys(str(solved))
    browser.find_element(By.CSS_SELECTOR, "form[action='/submit/upload'] button").click()
    wait_for(browser, "location.pathname.startsWith('/submit/submissions/')", 60)
    assert browser.find_element(By.ID, "status").text in ("queued", "grading", "done")

    browser.execute_script("window.stillTheSamePage = true")
    score = wait_for(browser, "document.getElementById('score')?.innerText")
    assert score == "Score: 12 / 12"
    assert browser.execute_script("return window.stillTheSamePage") is True  # no reload
    rows = browser.find_elements(By.CSS_SELECTOR, "#result tbody tr")
    assert len(rows) == 5 and all("All checks passed." in row.text for row in rows)
    browser.find_element(By.LINK_TEXT, "My submissions").click()
    wait_for(browser, "location.pathname === '/submit/' && document.readyState === 'complete'", 30)
    assert "12 / 12" in browser.find_element(By.TAG_NAME, "table").text
