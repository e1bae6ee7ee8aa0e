"""Plotting helpers: loss curves, gradient norms, heatmaps (gates, attention maps)."""

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch

# Line styles cycled with tab10's colours, so curves stay apart without colour vision.
LINE_STYLES = ("-", "--", ":", "-.")


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
    for i, (label, values) in enumerate(curves.items()):
        values = smooth(values, window) if window > 1 else values
        ax.plot(values, ls=LINE_STYLES[i % len(LINE_STYLES)], label=label)
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


def loss_surface(
    w_grid: torch.Tensor,
    u_grid: torch.Tensor,
    losses: torch.Tensor,
    paths: Mapping[str, torch.Tensor],
    labels: tuple[str, str] = ("w", "u"),
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """A 2-D loss surface (log colour scale) with optimisation paths drawn over it.

    ``losses`` has shape (len(u_grid), len(w_grid)); each path is (steps, 2) of (w, u) and
    gets its own colour, line style and marker, so it reads without colour too.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    log_loss = torch.log10(losses.clamp(min=1e-6)).numpy()
    image = ax.contourf(w_grid.numpy(), u_grid.numpy(), log_loss, levels=20, cmap="viridis")
    ax.figure.colorbar(image, ax=ax, label="log10 loss")
    for i, (label, path) in enumerate(paths.items()):
        path = path.numpy()
        style = LINE_STYLES[i % len(LINE_STYLES)]
        ax.plot(path[:, 0], path[:, 1], style, color=f"C{i + 1}", lw=2, label=label)
        ax.plot(path[-1, 0], path[-1, 1], "os^D"[i % 4], color=f"C{i + 1}", ms=7, mec="white")
    ax.plot(*paths[next(iter(paths))][0].numpy(), "k*", ms=12, label="start")
    ax.set(xlim=(w_grid.min(), w_grid.max()), ylim=(u_grid.min(), u_grid.max()))
    ax.set_xlabel(labels[0])
    ax.set_ylabel(labels[1])
    ax.legend(loc="upper right", fontsize=8)
    return ax
