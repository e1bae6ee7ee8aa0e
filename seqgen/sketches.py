"""Diagrams of generation models, drawn with matplotlib (no image files to ship).

``draw_unrolled`` draws a recurrent generator unrolled in time: each step reads the token
below it and predicts the token above it, its state passed to the right. ``draw_context``
shades which earlier pixels a model can use to predict one pixel of an image.
"""

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, Rectangle


def _arrow(ax, start, end, colour="black"):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=10, color=colour))


def draw_unrolled(
    inputs: Sequence[str],
    outputs: Sequence[str],
    cell: str = "LSTM",
    title: str | None = None,
    ax: plt.Axes | None = None,
    feedback: bool = True,
    condition: str | None = None,
    every_step: bool = False,
) -> plt.Axes:
    """An RNN unrolled over ``len(inputs)`` steps: inputs below, outputs above, state across.

    With ``feedback`` a dashed arrow shows each output becoming the next step's input,
    which is how the model generates. ``condition`` (e.g. "image") draws a box on the left
    that sets the first state, or with ``every_step`` also feeds every step.
    """
    if len(inputs) != len(outputs):
        raise ValueError(f"{len(inputs)} inputs but {len(outputs)} outputs")
    if ax is None:
        _, ax = plt.subplots(figsize=(1.3 * len(inputs) + 1, 2.6))
    for t, (token_in, token_out) in enumerate(zip(inputs, outputs, strict=True)):
        ax.add_patch(Rectangle((t - 0.35, -0.3), 0.7, 0.6, facecolor="#cfe2f3", edgecolor="black"))
        ax.text(t, 0, cell, ha="center", va="center", fontsize=9)
        ax.text(t, -1.1, token_in, ha="center", va="center", fontsize=11, family="monospace")
        ax.text(t, 1.1, token_out, ha="center", va="center", fontsize=11, family="monospace")
        _arrow(ax, (t, -0.9), (t, -0.32))
        _arrow(ax, (t, 0.32), (t, 0.9))
        if t + 1 < len(inputs):
            _arrow(ax, (t + 0.36, 0), (t + 0.64, 0))
            if feedback:
                ax.add_patch(
                    FancyArrowPatch(
                        (t + 0.1, 1.3),
                        (t + 0.9, -1.3),
                        connectionstyle="arc3,rad=-0.25",
                        arrowstyle="-|>",
                        mutation_scale=8,
                        linestyle="--",
                        color="tab:orange",
                    )
                )
    left = -0.8
    if condition:
        left = -2.0
        ax.add_patch(Rectangle((-1.9, -0.3), 0.9, 0.6, facecolor="#fce5cd", edgecolor="black"))
        ax.text(-1.45, 0, condition, ha="center", va="center", fontsize=9)
        _arrow(ax, (-0.99, 0), (-0.36, 0), colour="tab:purple")
        for t in range(1, len(inputs)) if every_step else ():
            ax.add_patch(
                FancyArrowPatch(
                    (-1.45, -0.32),
                    (t - 0.2, -0.32),
                    connectionstyle="arc3,rad=0.3",
                    arrowstyle="-|>",
                    mutation_scale=8,
                    color="tab:purple",
                    linestyle=":",
                )
            )
    ax.set_xlim(left, len(inputs) - 0.2)
    ax.set_ylim(-1.5, 1.5)
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


def context_mask(height: int, width: int, row: int, col: int, kind: str) -> np.ndarray:
    """Which pixels a model may read to predict pixel ``(row, col)``.

    ``"raster"``: every earlier pixel in raster order. ``"left-above"``: the 2-D model of
    this chapter, whose state flows from the left and from above, and which reads the pixels
    left, above and above-right of each cell: the row so far, and every row above up to one
    column to the right (further right is its blind spot).
    """
    earlier = np.arange(height * width).reshape(height, width) < row * width + col
    if kind == "raster":
        return earlier
    if kind == "left-above":
        rows, cols = np.mgrid[0:height, 0:width]
        return earlier & ((rows < row) & (cols <= col + 1) | (rows == row) & (cols < col))
    raise ValueError(f"kind must be 'raster' or 'left-above', not {kind!r}")


def draw_context(
    height: int, width: int, row: int, col: int, kind: str, ax: plt.Axes | None = None
) -> plt.Axes:
    """Shade the pixels ``context_mask`` allows; mark the predicted pixel and its neighbours."""
    if ax is None:
        _, ax = plt.subplots(figsize=(3, 3))
    steps_back = row * width + col - np.arange(height * width).reshape(height, width)
    ax.imshow(context_mask(height, width, row, col, kind), cmap="Blues", vmin=0, vmax=1.6)
    ax.add_patch(Rectangle((col - 0.5, row - 0.5), 1, 1, fill=False, edgecolor="tab:red", lw=2.5))
    for r, c, label in ((row, col - 1, "left"), (row - 1, col, "above")):
        if r >= 0 and c >= 0:
            ax.text(c, r, f"{label}\n{steps_back[r, c]} back", ha="center", va="center", fontsize=6)
    ax.set_xticks(range(width))
    ax.set_yticks(range(height))
    ax.set_xlabel("column")
    ax.set_ylabel("row")
    return ax


def show_scenes(images, titles: Sequence[str], columns: int = 4, marks: Sequence[bool] = ()):
    """A grid of RGB images (N, 3, H, W) with a title each; ``marks`` frames some in red."""
    images = np.asarray(images)
    rows = -(-len(images) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(2.6 * columns, 2.5 * rows))
    for ax in np.ravel(axes):
        ax.axis("off")
    for i, (ax, image, title) in enumerate(zip(np.ravel(axes), images, titles, strict=False)):
        ax.imshow(image.transpose(1, 2, 0))
        ax.set_title(title, fontsize=7, wrap=True)
        if i < len(marks) and marks[i]:
            ax.add_patch(Rectangle((-0.5, -0.5), image.shape[2], image.shape[1], fill=False,
                                   edgecolor="tab:red", lw=4, linestyle="--"))  # fmt: skip
    return fig
