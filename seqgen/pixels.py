"""Images as sequences: scikit-learn's bundled 8x8 digits, quantised and read in raster order.

Raster order reads row 0 left to right, then row 1, and so on: pixel ``(i, j)`` of a
``W``-wide image is step ``i * W + j``. A model that generates pixel by pixel reads
``START, p_0, ..., p_{T-2}`` and predicts ``p_0, ..., p_{T-1}``; its quality is the
negative log-likelihood of held-out images in bits per pixel.
"""

import math

import numpy as np
import torch
from sklearn.datasets import load_digits

DIGIT_MAX = 16  # load_digits' pixel values are 0..16


def quantise(values: np.ndarray | torch.Tensor, levels: int) -> torch.Tensor:
    """Map intensities 0..16 to ``levels`` equal-width bins 0..levels-1 (long tensor)."""
    if levels < 2:
        raise ValueError(f"levels must be at least 2, not {levels}")
    values = torch.as_tensor(np.asarray(values), dtype=torch.float64)
    return torch.clamp((values * levels / (DIGIT_MAX + 1)).floor().long(), 0, levels - 1)


def digit_images(levels: int = 4, test_fraction: float = 0.2, seed: int = 0):
    """Quantised digits split at random: ``(train, test)``, each a (N, 8, 8) long tensor."""
    images = quantise(load_digits().images, levels)
    order = torch.randperm(len(images), generator=torch.Generator().manual_seed(seed))
    num_test = int(round(test_fraction * len(images)))
    return images[order[num_test:]], images[order[:num_test]]


def raster_pairs(images: torch.Tensor, start_token: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Inputs ``START p_0 .. p_{T-2}`` and targets ``p_0 .. p_{T-1}``, each (N, H*W)."""
    flat = images.flatten(1)  # (N, H*W), raster order
    start = torch.full_like(flat[:, :1], start_token)
    return torch.cat([start, flat[:, :-1]], dim=1), flat


def bits_per_pixel(logits: torch.Tensor, targets: torch.Tensor) -> float:
    """Mean negative log2-likelihood of ``targets`` (N, T) under ``logits`` (N, T, levels)."""
    nats = torch.nn.functional.cross_entropy(logits.flatten(0, 1), targets.flatten())
    return nats.item() / math.log(2)


def independent_pixel_bits(train: torch.Tensor, test: torch.Tensor, levels: int) -> float:
    """Bits per pixel of the baseline that models each position's marginal on its own.

    Counts get add-one smoothing, so a value never seen at a position still has
    probability above zero.
    """
    flat_train, flat_test = train.flatten(1), test.flatten(1)  # (N, T)
    counts = torch.stack([(flat_train == v).sum(0) for v in range(levels)], dim=1) + 1.0
    probs = counts / counts.sum(1, keepdim=True)  # (T, levels)
    picked = probs[torch.arange(flat_test.shape[1]), flat_test]  # (N, T)
    return (-picked.log2()).mean().item()


def show_digits(images: torch.Tensor, levels: int, columns: int = 8, title: str | None = None):
    """A grid of quantised digits (N, 8, 8) in grey levels; returns the figure."""
    import matplotlib.pyplot as plt

    rows = math.ceil(len(images) / columns)
    fig, axes = plt.subplots(rows, columns, figsize=(columns * 0.9, rows * 0.95))
    for ax in np.ravel(axes):
        ax.axis("off")
    for ax, image in zip(np.ravel(axes), images, strict=False):
        ax.imshow(image.numpy(), cmap="gray_r", vmin=0, vmax=levels - 1)
    if title:
        fig.suptitle(title)
    return fig
