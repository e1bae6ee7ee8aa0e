"""axe-core 4.14.1 on every page of the built book, WCAG 2.0/2.1 A and AA, light and dark.

Zero serious or critical violations. Every violation (minor and moderate too) is written to
``_build/accessibility.txt`` with its page, mode, rule and element; a failure lists the
blocking ones the same way.
"""

import time

import pytest

from tests.browser.axe import axe_script, blocking, describe, run_axe
from tests.browser.conftest import BUILD, NO_ANIMATION
from tests.browser.test_rendered_book import PAGES, SCREENSHOT_PAGES, settle

pytestmark = pytest.mark.browser

REPORT = BUILD / "accessibility.txt"
MODES = ("light", "dark")


@pytest.fixture(scope="module")
def axe():
    return axe_script()


@pytest.fixture(scope="module")
def report():
    lines: list[str] = []
    yield lines
    REPORT.write_text("\n".join(lines) + "\n" if lines else "no violations\n")


def show_mode(driver, mode: str):
    """Switch the theme the way its button does (attributes on <html>), colours final at once."""
    driver.execute_script(NO_ANIMATION)  # axe must see the final colours, not a transition's
    driver.execute_script(
        "const html = document.documentElement;"
        "localStorage.setItem('mode', arguments[0]); localStorage.setItem('theme', arguments[0]);"
        "html.dataset.mode = arguments[0]; html.dataset.theme = arguments[0];",
        mode,
    )
    time.sleep(0.1)
    shown = driver.execute_script("return document.documentElement.dataset.theme")
    assert shown == mode, f"the page did not switch to {mode} mode"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("page", PAGES)
def test_page_has_no_serious_accessibility_violation(
    browser, site, screenshots, axe, report, page, mode
):
    browser.get(f"{site}/{page}")
    settle(browser)
    show_mode(browser, mode)
    if mode == "dark" and page in SCREENSHOT_PAGES:
        name = page.replace("/", "__").replace(".html", "-dark.png")
        browser.save_screenshot(str(screenshots / name))
    violations = run_axe(browser, axe)
    if violations:
        report.append(describe(page, mode, violations))
    bad = blocking(violations)
    assert not bad, "serious or critical WCAG A/AA violations:\n" + describe(page, mode, bad)
