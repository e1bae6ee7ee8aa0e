"""Known wrong: returns the total norm measured after clipping instead of before."""

import torch


def clip_grad_norm(parameters, max_norm):
    """Clip globally, then report the new (clipped) norm."""
    grads = [p.grad for p in parameters if p.grad is not None]
    if not grads:
        return 0.0
    total_norm = torch.sqrt(sum(g.pow(2).sum() for g in grads)).item()
    if total_norm > max_norm:
        for g in grads:
            g.mul_(max_norm / (total_norm + 1e-6))
    return torch.sqrt(sum(g.pow(2).sum() for g in grads)).item()
