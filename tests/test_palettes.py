"""Figures readable without colour vision: no colour map that confuses red and green or
varies in lightness without order (jet, rainbow, ...), and tab10 as the line colour cycle."""

import json
import re

import matplotlib
import matplotlib.pyplot as plt

from tests.conftest import ROOT

# Maps whose hues collide for deuteranopes/protanopes or whose lightness is not monotonic.
UNSAFE_MAPS = (
    "jet", "rainbow", "gist_rainbow", "hsv", "nipy_spectral", "gist_ncar", "prism", "flag",
    "brg", "RdYlGn", "Spectral", "gist_stern", "terrain",
)  # fmt: skip
MAP_NAME = re.compile(r"""["']([A-Za-z_]+?)(_r)?["']""")


def code_files():
    """(name, code) of every notebook cell and module that draws for the book or exercises."""
    for folder in ("book", "solutions"):
        for notebook in sorted((ROOT / folder).rglob("*.ipynb")):
            cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
            code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
            yield notebook.relative_to(ROOT).as_posix(), code
    for module in sorted((ROOT / "seqgen").glob("*.py")):
        yield module.relative_to(ROOT).as_posix(), module.read_text(encoding="utf-8")


def test_no_colour_map_unsafe_for_colour_vision_deficiency():
    found = []
    for name, code in code_files():
        for line in code.splitlines():
            if "cmap" not in line and "colormaps" not in line:
                continue
            for match in MAP_NAME.finditer(line):
                if match.group(1) in UNSAFE_MAPS:
                    found.append(f"{name}: {line.strip()}")
    assert not found, "use viridis/cividis (sequential) or coolwarm (diverging):\n" + "\n".join(
        found
    )


def test_line_colours_come_from_tab10():
    import seqgen

    seqgen.setup(0)
    tab10 = {matplotlib.colors.to_hex(c) for c in plt.get_cmap("tab10").colors}
    cycle = [matplotlib.colors.to_hex(c) for c in plt.rcParams["axes.prop_cycle"].by_key()["color"]]
    assert set(cycle) <= tab10, f"the line colour cycle left tab10: {cycle}"
