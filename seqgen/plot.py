"""Plotting helpers: loss curves, gradient norms, heatmaps (gates, attention maps)."""

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch


def smooth(values: Sequence[float], window: int = 10) -> np.ndarray:
    """Moving average over ``window`` steps (shorter at the start), NaN-safe."""
    values = np.asarray(values, dtype=float)
    out = np.empty_like(values)
    for i in range(len(values)):
        out[i] = np.nanmean(values[max(0, i - window + 1) : i + 1])
    return out


def plot_curves(
    curves: Mapping[str, Sequence[float]],
    ylabel: str = "loss",
    xlabel: str = "step",
    title: str | None = None,
    log: bool = False,
    window: int = 1,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """One line per named curve (losses, gradient norms, accuracies)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.2))
    for label, values in curves.items():
        ax.plot(smooth(values, window) if window > 1 else values, label=label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if log:
        ax.set_yscale("log")
    if title:
        ax.set_title(title)
    ax.legend()
    ax.grid(alpha=0.3)
    return ax


def heatmap(
    matrix: torch.Tensor | np.ndarray,
    xlabels: Sequence[str] | None = None,
    ylabels: Sequence[str] | None = None,
    title: str | None = None,
    cmap: str = "viridis",
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Show a 2-D array (gate values over time, attention weights) with labelled axes."""
    matrix = matrix.detach().cpu().numpy() if isinstance(matrix, torch.Tensor) else matrix
    if ax is None:
        _, ax = plt.subplots(
            figsize=(max(3, 0.4 * matrix.shape[1] + 1.5), max(2, 0.3 * matrix.shape[0] + 1))
        )
    image = ax.imshow(matrix, cmap=cmap, aspect="auto")
    if xlabels is not None:
        ax.set_xticks(range(len(xlabels)), labels=list(xlabels))
    if ylabels is not None:
        ax.set_yticks(range(len(ylabels)), labels=list(ylabels))
    if title:
        ax.set_title(title)
    ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    return ax
