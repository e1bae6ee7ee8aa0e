"""The book's widgets work from the keyboard and are labelled for a screen reader.

The book shows each widget as a static picture (its alt text is checked in test_figures.py);
in Jupyter the reader uses the live control. For every kind of control the book's notebooks
build (``widgets.IntSlider(...)`` and so on, found in their code), a page renders that
control with the notebook's own literal arguments through the Jupyter widgets HTML manager
(pinned from the npm registry), and Chromium checks: Tab reaches it, its accessible name
(Chrome's accessibility tree, what a screen reader reads) holds its description, arrow keys
(or Space) change its value, and axe-core finds no serious or critical WCAG A/AA fault.
"""

import ast
import functools
import http.server
import json
import threading
import time
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from tests.browser.axe import axe_script, blocking, describe, run_axe
from tests.browser.npm import NpmPackage, unpacked
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

HTML_MANAGER = NpmPackage(
    name="@jupyter-widgets/html-manager",
    version="1.0.7",  # renders ipywidgets 8 (widget protocol 2)
    integrity="sha512-2xGwS7vVd2RGlKMiSqj1vYv2X59V73ygefUodhzy9Bho0mswWT/yo3Cg7MaYOqwozQjNo5k3rbJ3"
    "cETXWUwJ/g==",
)
WIDGET_MODULES = {"widgets", "ipywidgets"}
# Layout, output and link helpers: nothing a reader operates.
NOT_CONTROLS = {
    "Box", "HBox", "VBox", "GridBox", "GridspecLayout", "AppLayout", "TwoByTwoLayout",
    "Layout", "Output", "HTML", "HTMLMath", "Label", "Image", "Tab", "Accordion", "Stack",
    "interactive_output", "interactive", "interact", "interact_manual", "fixed",
    "jslink", "jsdlink", "link", "dlink",
}  # fmt: skip
SELECTION = {"Dropdown", "Select", "SelectionSlider", "ToggleButtons", "RadioButtons"}
KEYS = (Keys.ARROW_RIGHT, Keys.ARROW_UP, Keys.ARROW_DOWN, Keys.SPACE)
ROOT_SELECTOR = ".widget-subarea > .lm-Widget"
STATE = """
const root = document.querySelector(arguments[0]);
const parts = [...root.querySelectorAll('input, select, [aria-valuenow], button, .widget-readout')]
  .map(x => [x.value, x.checked, x.getAttribute('aria-valuenow'), x.className, x.innerText]);
return JSON.stringify(parts);
"""


def widget_calls(notebook: Path):
    """(class name, literal keyword arguments) of every widget the notebook's code builds."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(parse_cell("".join(cell["source"]))):
            func = getattr(node, "func", None)
            if (
                isinstance(node, ast.Call)
                and isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id in WIDGET_MODULES
                and func.attr not in NOT_CONTROLS
            ):
                yield func.attr, literal_kwargs(node)


def parse_cell(source: str) -> ast.AST:
    """The cell's Python, IPython magics and shell escapes replaced by `pass`."""
    lines = [
        line[: len(line) - len(line.lstrip())] + "pass"
        if line.lstrip().startswith(("%", "!"))
        else line
        for line in source.splitlines()
    ]
    return ast.parse("\n".join(lines))


def literal_kwargs(call: ast.Call) -> dict:
    kwargs = {}
    for keyword in call.keywords:
        try:
            kwargs[keyword.arg] = ast.literal_eval(keyword.value)
        except ValueError:
            kwargs[keyword.arg] = ...  # computed in the notebook: not known here
    return kwargs


def book_controls() -> list[tuple[str, str, dict]]:
    controls = []
    for notebook in sorted((ROOT / "book").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in notebook.parts:
            continue
        for name, kwargs in widget_calls(notebook):
            controls.append((notebook.relative_to(ROOT).as_posix(), name, kwargs))
    return controls


CONTROLS = book_controls()


def build(name: str, kwargs: dict):
    """The control with the notebook's literal arguments (computed ones left to defaults)."""
    import ipywidgets

    known = {k: v for k, v in kwargs.items() if v is not ...}
    known.setdefault("description", "control under test")  # computed in the notebook
    if name in SELECTION and "options" not in known:
        known.pop("value", None)
        known["options"] = ["first", "second", "third"]
    try:
        return getattr(ipywidgets, name)(**known)
    except Exception:  # literal arguments that only make sense with the computed ones
        return getattr(ipywidgets, name)(description=known["description"])


def control_id(control) -> str:
    notebook, name, kwargs = control
    return f"{Path(notebook).stem}:{name}:{kwargs.get('description')}"


@pytest.mark.parametrize("control", CONTROLS, ids=control_id)
def test_every_control_has_a_description(control):
    notebook, name, kwargs = control
    description = kwargs.get("description")
    assert description is ... or (isinstance(description, str) and description.strip()), (
        f"{notebook}: widgets.{name}(...) has no description= (its label for a screen reader)"
    )


@pytest.fixture(scope="module")
def widget_pages(tmp_path_factory):
    """A local server for generated widget pages and the pinned HTML manager."""
    folder = tmp_path_factory.mktemp("widgets")
    (folder / "html-manager").symlink_to(unpacked(HTML_MANAGER), target_is_directory=True)
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def widget_page(widget, title: str) -> str:
    """A page holding the widget's saved state and view, rendered by the HTML manager."""
    from ipywidgets.embed import embed_data

    data = embed_data(views=[widget])
    views = "".join(
        f'<script type="application/vnd.jupyter.widget-view+json">{json.dumps(v)}</script>'
        for v in data["view_specs"]
    )
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        '<script src="html-manager/dist/embed.js"></script>'
        '<script type="application/vnd.jupyter.widget-state+json">'
        f"{json.dumps(data['manager_state'])}</script></head>"
        f"<body><main><h1>{title}</h1>{views}</main></body></html>"
    )


def accessible_name(driver) -> tuple[str, str]:
    """Role and name of the focused element in Chrome's accessibility tree."""
    driver.execute_script("document.activeElement.setAttribute('data-focused', '')")
    document = driver.execute_cdp_cmd("DOM.getDocument", {})
    node = driver.execute_cdp_cmd(
        "DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": "[data-focused]"}
    )["nodeId"]
    tree = driver.execute_cdp_cmd(
        "Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False}
    )
    ax = tree["nodes"][0]
    return ax.get("role", {}).get("value", ""), ax.get("name", {}).get("value", "")


def wait_rendered(driver, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if driver.execute_script(f"return !!document.querySelector('{ROOT_SELECTOR}')"):
            return
        time.sleep(0.2)
    raise AssertionError("the widget manager did not render the control")


def changed_by_keys(driver) -> str | None:
    """The first key among arrows and Space that changes the control, if any."""
    before = driver.execute_script(STATE, ROOT_SELECTOR)
    for key in KEYS:
        ActionChains(driver).send_keys(key).perform()
        time.sleep(0.2)
        if driver.execute_script(STATE, ROOT_SELECTOR) != before:
            return repr(key)
    return None


@pytest.mark.parametrize("control", CONTROLS, ids=control_id)
def test_control_works_from_the_keyboard_and_is_named(browser, widget_pages, control):
    notebook, name, kwargs = control
    folder, base = widget_pages
    widget = build(name, kwargs)
    page = f"{name}-{abs(hash(control_id(control)))}.html"
    (folder / page).write_text(widget_page(widget, f"{name} from {notebook}"), encoding="utf-8")
    browser.get(f"{base}/{page}")
    wait_rendered(browser)

    ActionChains(browser).send_keys(Keys.TAB).perform()
    inside = browser.execute_script(
        f"return document.querySelector('{ROOT_SELECTOR}').contains(document.activeElement)"
    )
    assert inside, f"{notebook}: Tab does not reach widgets.{name}"
    role, label = accessible_name(browser)
    description = widget.description.strip()
    assert description and description in label, (
        f"{notebook}: widgets.{name} ({role}) is announced as {label!r}, not by its "
        f"description {description!r}: use a control whose label is linked to it"
    )
    assert changed_by_keys(browser), f"{notebook}: arrow keys and Space do not change {name}"
    violations = blocking(run_axe(browser, axe_script()))
    assert not violations, describe(page, "widget", violations)
