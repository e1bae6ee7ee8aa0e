"""Every page can be used from the keyboard: the first Tab stop skips to the content, and
each control Tab reaches shows where the focus is (WCAG 2.4.1 and 2.4.7, which axe-core does
not check). A focus indicator is any change of outline, shadow, border, background, colour
or underline between the focused and the unfocused control."""

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from tests.browser.conftest import NO_ANIMATION
from tests.browser.test_rendered_book import PAGES, settle

pytestmark = pytest.mark.browser

TAB_STOPS = 30  # the page chrome (search, navigation, header buttons) and the first content
STYLE = """
const el = arguments[0];
const s = getComputedStyle(el);
const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
  ? [s.outlineStyle, s.outlineWidth, s.outlineColor].join(' ') : 'none';
return [outline, s.boxShadow, s.borderColor, s.backgroundColor, s.color,
        s.textDecorationLine].join(' | ');
"""
DESCRIBE = """
const el = arguments[0];
const name = el.getAttribute('aria-label') || el.innerText || el.title || '';
return `<${el.tagName.toLowerCase()} class="${el.className}"> ${name.trim().slice(0, 40)}`;
"""


def focus_steps(driver, count: int):
    """Press Tab ``count`` times; yield each newly focused element."""
    seen = set()
    for _ in range(count):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        element = driver.switch_to.active_element
        if element.id in seen or element.tag_name.lower() == "body":
            return  # back where it started: the page has fewer stops
        seen.add(element.id)
        yield element


def style_when(driver, element, focused: bool) -> str:
    driver.execute_script("arguments[0].blur()" if not focused else "", element)
    return driver.execute_script(STYLE, element)


@pytest.mark.parametrize("page", PAGES)
def test_focus_is_always_visible(browser, site, page):
    browser.get(f"{site}/{page}")
    settle(browser)
    browser.execute_script(NO_ANIMATION)  # compare final styles, not a transition's first frame
    invisible = []
    for number, element in enumerate(focus_steps(browser, TAB_STOPS), start=1):
        if number == 1:
            text = browser.execute_script("return arguments[0].innerText", element)
            assert "skip" in text.lower(), f"{page}: the first Tab stop is not a skip link"
        focused = style_when(browser, element, focused=True)
        unfocused = style_when(browser, element, focused=False)
        if focused == unfocused:
            invisible.append(f"Tab stop {number}: {browser.execute_script(DESCRIBE, element)}")
    assert not invisible, f"{page}: focus is not visible on\n" + "\n".join(invisible)
