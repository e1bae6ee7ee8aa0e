"""Checks that notebooks run right after the code they test (d2l's ``check_shape``)."""

from collections.abc import Sequence

import torch


def check_shape(tensor: torch.Tensor, shape: Sequence[int], name: str = "tensor") -> None:
    """Raise ``AssertionError`` unless ``tensor`` has exactly ``shape``."""
    actual = tuple(tensor.shape)
    if actual != tuple(shape):
        raise AssertionError(f"{name} has shape {actual}, expected {tuple(shape)}")


def check_close(
    actual: torch.Tensor,
    expected: torch.Tensor,
    atol: float = 1e-5,
    rtol: float = 1e-5,
    name: str = "tensor",
) -> None:
    """Raise ``AssertionError`` unless the tensors have one shape and agree within tolerance."""
    actual, expected = torch.as_tensor(actual), torch.as_tensor(expected)
    check_shape(actual, expected.shape, name)
    if not torch.isfinite(actual).all():
        raise AssertionError(f"{name} contains NaN or infinity")
    gap = (actual.double() - expected.double()).abs()
    allowed = atol + rtol * expected.double().abs()
    if (gap > allowed).any():
        worst = gap.max().item()
        raise AssertionError(
            f"{name} differs by up to {worst:.3g} (allowed {atol:g} + {rtol:g}*|expected|)"
        )
