"""Known wrong: does not skip parameters whose .grad is None."""

import torch


def clip_grad_norm(parameters, max_norm):
    """Clip globally, assuming every parameter has a gradient."""
    parameters = list(parameters)
    total_norm = torch.sqrt(sum(p.grad.pow(2).sum() for p in parameters)).item()
    if total_norm > max_norm:
        for p in parameters:
            p.grad.mul_(max_norm / (total_norm + 1e-6))
    return total_norm
