"""Pictures for chapter 06: the pointer network's architecture, hulls, pointer steps, p_gen."""

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np

from seqgen.diagrams import INPUT, OUTPUT, STATE, arrow, box

END_COLOUR = "#dadaeb"


def pointer_diagram(num_inputs: int = 4, picks: Sequence[int] = (2, 4, 1, 0), ax=None):
    """Encoder over [END, x_1..x_n] (bottom), decoder steps (top) pointing at input positions.

    ``picks`` are the positions each decoder step points to (0 = END); the decoder's next
    input is the point it just chose.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4))
    for i in range(num_inputs + 1):
        box(ax, (i, 0), "END" if i == 0 else f"$e_{i}$", END_COLOUR if i == 0 else INPUT, 11)
        ax.text(i, -0.55, "learned" if i == 0 else f"$x_{i}$", ha="center", fontsize=10)
        if i:
            arrow(ax, (i - 1, 0), (i, 0))
    x0, gap = num_inputs + 1.8, 1.5
    for t, pick in enumerate(picks):
        x = x0 + gap * t
        box(ax, (x, 2), f"$d_{t + 1}$", STATE, 11)
        ax.text(x + 0.25, 1.45, "start" if t == 0 else f"$x_{{{picks[t - 1]}}}$ in", fontsize=8)
        box(ax, (x, 3), "END" if pick == 0 else f"$x_{{{pick}}}$", OUTPUT, 10)
        arrow(ax, (x, 2), (x, 3))
        if t:
            arrow(ax, (x - gap, 2), (x, 2))
        ax.annotate("", xy=(pick + 0.1, 0.3), xytext=(x - 0.1, 1.72),
                    arrowprops=dict(arrowstyle="->", color="grey", ls="--", lw=1))  # fmt: skip
    ax.text(x0 - 0.9, 3, "output:", ha="right", va="center", fontsize=10)
    arrow(ax, (num_inputs, 0), (x0, 2))
    ax.set_title("Pointer network: softmax over input positions is the output, END at position 0")
    ax.set_xlim(-0.6, x0 + gap * len(picks) - 0.6)
    ax.set_ylim(-0.8, 3.5)
    ax.axis("off")
    return ax


def draw_hull(ax, points: np.ndarray, true_hull: Sequence[int], predicted: Sequence[int], title=""):
    """Points, the true hull (solid) and the predicted polygon (dashed), on one axes."""
    ax.scatter(points[:, 0], points[:, 1], s=14, c="black", zorder=3)
    for i, (x, y) in enumerate(points):
        ax.text(x + 0.02, y + 0.02, str(i), fontsize=7)
    for order, style, colour, label in (
        (true_hull, "-", "tab:blue", "true hull"),
        (predicted, "--", "tab:orange", "predicted"),
    ):
        if len(order) >= 2:
            closed = list(order) + [order[0]]
            ax.plot(points[closed, 0], points[closed, 1], style, color=colour, lw=2, label=label)
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(-0.05, 1.05)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize=9)


def hull_grid(examples: Sequence[tuple], columns: int = 4, size: float = 2.4):
    """Small multiples of ``(points, true_hull, predicted, title)``; returns the figure."""
    rows = (len(examples) + columns - 1) // columns
    fig, axes = plt.subplots(rows, columns, figsize=(size * columns, size * rows + 0.4))
    axes = np.atleast_1d(axes).ravel()
    for ax, example in zip(axes, examples):
        draw_hull(ax, *example)
    for ax in axes[len(examples) :]:
        ax.axis("off")
    axes[0].legend(loc="lower left", fontsize=7)
    fig.tight_layout()
    return fig


def accuracy_curves(results: Mapping[str, Mapping[int, float]], title: str, ylabel: str, ax=None,
                    trained: Sequence[int] = ()):  # fmt: skip
    """One line per run of a score against the number of inputs n; shade the trained n."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 3.6))
    for (name, scores), marker, style in zip(results.items(), "osd^v", ("-", "--", ":", "-.")):
        ax.plot(list(scores), list(scores.values()), marker=marker, ls=style, label=name)
    if trained:
        ax.axvspan(min(trained) - 0.3, max(trained) + 0.3, color="grey", alpha=0.15,
                   label="trained on")  # fmt: skip
    ax.set_xlabel("number of inputs n")
    ax.set_ylabel(ylabel)
    ax.set_ylim(-0.02, 1.02)
    ax.set_title(title)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return ax


def pointer_step(ax, points: np.ndarray, probs: np.ndarray, chosen: Sequence[int], step: int):
    """One decoder step: each point's pointer probability (size, colour), the path so far."""
    ax.scatter(points[:, 0], points[:, 1], s=20 + 600 * probs[1:], c=probs[1:], cmap="viridis",
               vmin=0, vmax=1, edgecolors="black", zorder=3)  # fmt: skip
    for i, (x, y) in enumerate(points):
        ax.text(x + 0.03, y + 0.03, f"{probs[i + 1]:.2f}", fontsize=7)
    if chosen:
        path = points[list(chosen)]
        ax.plot(path[:, 0], path[:, 1], "-", color="tab:orange", lw=1.5)
    ax.set_title(f"step {step + 1}: P(END) = {probs[0]:.2f}", fontsize=9)
    ax.set_xlim(-0.05, 1.12)
    ax.set_ylim(-0.05, 1.12)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])


def p_gen_bars(words: Sequence[str], p_gen: Sequence[float], copied: Sequence[bool], title: str,
               ax=None):  # fmt: skip
    """Bars of p_gen per output word; hatched bars are the words that had to be copied."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3))
    colours = ["tab:orange" if c else "tab:blue" for c in copied]
    bars = ax.bar(range(len(words)), p_gen, color=colours, edgecolor="black")
    for bar, c in zip(bars, copied):
        bar.set_hatch("//" if c else "")
    ax.set_xticks(range(len(words)), words, rotation=30, ha="right")
    ax.set_ylim(0, 1)
    ax.set_ylabel("$p_{gen}$ (1 = generate, 0 = copy)")
    ax.set_title(title)
    return ax


def pointer_generator_diagram(ax=None):
    """Where the pointer-generator's two distributions come from and how p_gen mixes them."""
    ax = ax or plt.subplots(figsize=(9, 4.2))[1]
    for i, word in enumerate(["ich", "heisse", "kalo"]):
        box(ax, (i, 0), f"$h_{i + 1}$", INPUT, 11)
        ax.text(i, -0.55, word, ha="center", fontsize=10)
    parts = [
        ((1, 1.4), r"attention $\alpha_i$", OUTPUT),
        ((4, 0), "$z_t$, $c_t$, $y_{t-1}$", STATE),
        ((1, 2.8), "copy: $\\sum_{i: x_i = w} \\alpha_i$", OUTPUT),
        ((4, 1.4), "generate: $P_{vocab}(w)$", OUTPUT),
        ((6.3, 1.4), "$p_{gen} = \\sigma(w^\\top [z_t; c_t; y_{t-1}] + b)$", END_COLOUR),
        ((4, 3.9), "$P(w) = p_{gen} P_{vocab}(w) + (1 - p_{gen})\\,copy(w)$", STATE),
    ]
    for xy, text, colour in parts:
        box(ax, xy, text, colour, 10)
    links = [((i, 0), (1, 1.4)) for i in (0, 1, 2, 4)]  # source states and z_t -> attention
    links += [((1, 1.4), (1, 2.8)), ((4, 0), (4, 1.4)), ((4, 0), (6.3, 1.4))]
    links += [((1, 2.8), (4, 3.9)), ((4, 1.4), (4, 3.9)), ((6.3, 1.4), (4, 3.9))]  # into P(w)
    for start, end in links:
        arrow(ax, start, end)
    ax.set_xlim(-0.6, 8.2)
    ax.set_ylim(-0.9, 4.4)
    ax.set_title("Pointer-generator: a learned switch mixes generating and copying")
    ax.axis("off")
    return ax
