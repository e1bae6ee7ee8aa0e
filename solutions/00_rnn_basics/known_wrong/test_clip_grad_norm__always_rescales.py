"""Known wrong: rescales the gradients to max_norm even when their norm is already smaller."""

import torch


def clip_grad_norm(parameters, max_norm):
    """Normalise the gradients to length max_norm unconditionally."""
    grads = [p.grad for p in parameters if p.grad is not None]
    if not grads:
        return 0.0
    total_norm = torch.sqrt(sum(g.pow(2).sum() for g in grads)).item()
    for g in grads:
        g.mul_(max_norm / (total_norm + 1e-6))
    return total_norm
