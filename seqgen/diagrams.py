"""Architecture diagrams drawn with matplotlib: no image files, and they render offline.

Each function draws on ``ax`` (a new figure if none) and returns the axes, so a notebook
cell is one call followed by ``plt.show()``. Colours come from tab10's light tones, and
every box carries its name, so nothing depends on telling colours apart.
"""

import matplotlib.pyplot as plt

INPUT, STATE, OUTPUT, GATE, OP = "#c6dbef", "#fdd0a2", "#c7e9c0", "#dadaeb", "white"


def _axes(ax: plt.Axes | None, size: tuple[float, float]) -> plt.Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=size)
    ax.axis("off")
    return ax


def box(ax: plt.Axes, xy: tuple[float, float], text: str, color: str = STATE, size: int = 12):
    """A labelled rounded box centred at ``xy``."""
    style = dict(boxstyle="round,pad=0.35", fc=color, ec="dimgray")
    ax.text(*xy, text, ha="center", va="center", fontsize=size, bbox=style, zorder=3)


def arrow(ax: plt.Axes, start, end, color: str = "black", style: str = "-", width: float = 1.3):
    """An arrow from ``start`` to ``end`` (stopping short of the boxes at both ends)."""
    props = dict(arrowstyle="->", color=color, lw=width, ls=style, shrinkA=14, shrinkB=14)
    ax.annotate("", xy=end, xytext=start, arrowprops=props, zorder=2)


def unrolled(ax: plt.Axes | None = None, feedback: str = "hidden", steps: int = 4) -> plt.Axes:
    """An RNN unrolled in time; ``feedback`` "hidden" (Elman) or "output" (Jordan)."""
    if feedback not in ("hidden", "output"):
        raise ValueError(f"feedback must be 'hidden' or 'output', not {feedback!r}")
    ax = _axes(ax, (5.5, 3))
    for t in range(1, steps + 1):
        for row, (name, color) in enumerate([("x", INPUT), ("h", STATE), ("y", OUTPUT)]):
            box(ax, (t, row), f"${name}_{t}$", color)
        arrow(ax, (t, 0), (t, 1))
        arrow(ax, (t, 1), (t, 2))
        if t > 1:
            source = (t - 1, 1) if feedback == "hidden" else (t - 1, 2)
            arrow(ax, source, (t, 1), color="crimson", width=2.2)
    ax.set(xlim=(0.4, steps + 0.6), ylim=(-0.5, 2.5))
    return ax


def bidirectional(ax: plt.Axes | None = None, steps: int = 4) -> plt.Axes:
    """A bidirectional RNN unrolled: a forward and a backward chain, both read by every y_t."""
    ax = _axes(ax, (7, 4))
    for t in range(1, steps + 1):
        box(ax, (t, 0), f"$x_{t}$", INPUT)
        box(ax, (t, 1), rf"$\overrightarrow{{h}}_{t}$", STATE)
        box(ax, (t, 2), rf"$\overleftarrow{{h}}_{t}$", GATE)
        box(ax, (t, 3), f"$y_{t}$", OUTPUT)
        for row in (1, 2):
            arrow(ax, (t, 0), (t, row), color="gray")
            arrow(ax, (t, row), (t, 3), color="gray", style="--" if row == 2 else "-")
        if t > 1:
            arrow(ax, (t - 1, 1), (t, 1), color="crimson", width=2.2)
            arrow(ax, (t, 2), (t - 1, 2), color="navy", style="--", width=2.2)
    ax.text(steps + 0.55, 1, "forward\n(left to right)", va="center", color="crimson")
    ax.text(steps + 0.55, 2, "backward\n(right to left)", va="center", color="navy")
    ax.set(xlim=(0.4, steps + 1.6), ylim=(-0.5, 3.5))
    return ax


def lstm_cell(ax: plt.Axes | None = None) -> plt.Axes:
    """The lecture's LSTM memory cell: four inputs, three gates, c' = g(z)f(z_i) + c f(z_f)."""
    ax = _axes(ax, (8, 5))
    inputs = {"z": 0.5, "z_i": 2.0, "z_f": 5.0, "z_o": 6.5}
    names = {"z": "content", "z_i": "input gate", "z_f": "forget gate", "z_o": "output gate"}
    for name, x in inputs.items():
        box(ax, (x, 0), f"${name}$", INPUT)
        ax.text(x, -0.55, names[name], ha="center", fontsize=9)
    nodes = {
        "g": ((0.5, 1.2), "$g(z)$", GATE),
        "fi": ((2.0, 1.2), "$f(z_i)$", GATE),
        "mul_in": ((1.25, 2.2), r"$\times$", OP),
        "ff": ((5.0, 1.2), "$f(z_f)$", GATE),
        "c": ((3.5, 3.2), "$c$ (memory)", STATE),
        "mul_keep": ((4.25, 2.2), r"$\times$", OP),
        "add": ((2.75, 2.2), "$+$", OP),
        "c_new": ((2.75, 4.2), "$c'$", STATE),
        "h": ((5.0, 4.2), "$h(c')$", GATE),
        "fo": ((6.5, 1.2), "$f(z_o)$", GATE),
        "mul_out": ((6.5, 4.2), r"$\times$", OP),
        "a": ((6.5, 5.2), "$a$ (output)", OUTPUT),
    }
    for xy, text, color in nodes.values():
        box(ax, xy, text, color)
    edges = [("g", "mul_in"), ("fi", "mul_in"), ("mul_in", "add"), ("ff", "mul_keep"),
             ("c", "mul_keep"), ("mul_keep", "add"), ("add", "c_new"), ("c_new", "h"),
             ("h", "mul_out"), ("fo", "mul_out"), ("mul_out", "a")]  # fmt: skip
    for source, target in edges:
        arrow(ax, nodes[source][0], nodes[target][0])
    for name, x in inputs.items():
        target = {"z": "g", "z_i": "fi", "z_f": "ff", "z_o": "fo"}[name]
        arrow(ax, (x, 0), nodes[target][0])
    arrow(ax, nodes["c_new"][0], nodes["c"][0], color="crimson", style="--")
    ax.text(-0.2, 4.9, "$c' = g(z)f(z_i) + c\\,f(z_f)$", fontsize=11)
    ax.text(3.9, 5.2, "$a = h(c')\\,f(z_o)$", fontsize=11)
    ax.set(xlim=(-0.3, 7.5), ylim=(-0.9, 5.7))
    return ax


def gru_cell(ax: plt.Axes | None = None) -> plt.Axes:
    """A GRU cell: reset gate r, update gate z, candidate h~, h_t = z h_{t-1} + (1 - z) h~."""
    ax = _axes(ax, (8, 4.5))
    nodes = {
        "h_prev": ((0.0, 3.0), "$h_{t-1}$", STATE),
        "x": ((0.0, 0.0), "$x_t$", INPUT),
        "r": ((2.0, 0.8), r"$r = \sigma(\cdot)$" + "\nreset", GATE),
        "z": ((4.5, 0.8), r"$z = \sigma(\cdot)$" + "\nupdate", GATE),
        "reset": ((2.0, 2.2), r"$r \odot h_{t-1}$", OP),
        "cand": ((3.6, 2.2), r"$\tilde h = \tanh(\cdot)$", GATE),
        "mix": ((5.6, 3.0), r"$z \odot h_{t-1} + (1 - z) \odot \tilde h$", OP),
        "h": ((7.6, 3.0), "$h_t$", OUTPUT),
    }
    for xy, text, color in nodes.values():
        box(ax, xy, text, color, size=11)
    edges = [("x", "r"), ("x", "z"), ("h_prev", "r"), ("h_prev", "z"), ("r", "reset"),
             ("h_prev", "reset"), ("reset", "cand"), ("x", "cand"), ("cand", "mix"),
             ("z", "mix"), ("mix", "h")]  # fmt: skip
    for source, target in edges:
        arrow(ax, nodes[source][0], nodes[target][0], color="gray")
    arrow(ax, nodes["h_prev"][0], nodes["mix"][0], color="crimson", width=2.2)
    ax.text(2.3, 3.35, "kept where z = 1", color="crimson", fontsize=9)
    ax.set(xlim=(-0.6, 8.3), ylim=(-0.6, 3.7))
    return ax
