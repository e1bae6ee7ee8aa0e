"""Pictures for the attention chapters: the architecture, alignments, accuracy by length."""

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from seqgen.plot import heatmap

HATCHES = ("", "//", "..", "xx", "\\\\")


def _box(ax, x, y, text, colour):
    """A rounded box with centred text at (x, y)."""
    ax.add_patch(
        FancyBboxPatch((x - 0.35, y - 0.25), 0.7, 0.5, boxstyle="round,pad=0.05", fc=colour, ec="k")
    )
    ax.text(x, y, text, ha="center", va="center", fontsize=10)


def _arrow(ax, start, end, style="-|>", **kwargs):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle=style, mutation_scale=10, **kwargs))


def seq2seq_diagram(attention: bool = True, num_inputs: int = 4, num_outputs: int = 3, ax=None):
    """Encoder states h_i (bottom), decoder states z_t (top) and how the context reaches z_t."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.6))
    for i in range(num_inputs):
        _box(ax, i, 0, f"$h_{i + 1}$", "#9ecae1")
        ax.text(i, -0.6, f"$x_{i + 1}$", ha="center")
        if i:
            _arrow(ax, (i - 0.6, 0), (i - 0.4, 0))
    x0 = num_inputs + 0.8
    for t in range(num_outputs):
        x = x0 + 1.6 * t
        _box(ax, x, 2.2, f"$z_{t + 1}$", "#fdd0a2")
        _box(ax, x - 0.8, 1.1, f"$c_{t + 1}$", "#c7e9c0")
        _arrow(ax, (x - 0.6, 1.35), (x - 0.2, 1.95))
        ax.text(x, 2.85, f"$y_{t + 1}$", ha="center")
        if t:
            _arrow(ax, (x - 1.25, 2.2), (x - 0.4, 2.2))
    if attention:
        for i in range(num_inputs):
            _arrow(ax, (i + 0.2, 0.25), (x0 - 0.95, 0.88), style="-", color="grey", alpha=0.6)
        ax.text(x0 - 0.35, 0.45, r"weights $\alpha_{1,i}$ = softmax$_i$(match($z_0$, $h_i$))",
                fontsize=9)  # fmt: skip
        ax.set_title("With attention: $c_t = \\sum_i \\alpha_{t,i} h_i$, recomputed at every step")
    else:
        _arrow(ax, (num_inputs - 0.65, 0.25), (x0 - 0.95, 0.88), color="grey")
        ax.set_title("Without attention: $c_t = h_S$ (one fixed vector) at every step")
    ax.set_xlim(-0.6, x0 + 1.6 * num_outputs - 0.8)
    ax.set_ylim(-0.9, 3.2)
    ax.axis("off")
    return ax


def attention_map(weights, source: Sequence[str], target: Sequence[str], title: str, ax=None):
    """Heat map of one example's weights (T, S): a row per output token, a column per input."""
    weights = weights.detach() if isinstance(weights, torch.Tensor) else torch.as_tensor(weights)
    ax = heatmap(weights, xlabels=list(source), ylabels=list(target), title=title, ax=ax)
    ax.set_xlabel("input position (encoder state $h_i$)")
    ax.set_ylabel("output token")
    return ax


def plot_accuracy_by_length(results: Mapping[str, Mapping[int, float]], title: str, ax=None):
    """Grouped bars: exact-match accuracy per source length, one hatched colour per model."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.2))
    lengths = sorted({n for r in results.values() for n in r})
    width = 0.8 / len(results)
    for k, (label, by_length) in enumerate(results.items()):
        xs = np.arange(len(lengths)) + (k - (len(results) - 1) / 2) * width
        values = [by_length.get(n, np.nan) for n in lengths]
        ax.bar(xs, values, width, label=label, color=plt.cm.tab10(k), hatch=HATCHES[k % 5], ec="k")
    ax.set_xticks(range(len(lengths)), labels=[str(n) for n in lengths])
    ax.set_xlabel("source length")
    ax.set_ylabel("exact-sequence accuracy")
    ax.set_ylim(0, 1.05)
    ax.set_title(title)
    ax.legend()
    return ax
