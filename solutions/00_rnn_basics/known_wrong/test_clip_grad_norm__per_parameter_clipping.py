"""Known wrong: clips each parameter's gradient by its own norm instead of the global norm."""

import torch


def clip_grad_norm(parameters, max_norm):
    """Clip every gradient separately; return the global norm before clipping."""
    grads = [p.grad for p in parameters if p.grad is not None]
    if not grads:
        return 0.0
    total_norm = torch.sqrt(sum(g.pow(2).sum() for g in grads)).item()
    for g in grads:
        norm = g.norm().item()
        if norm > max_norm:
            g.mul_(max_norm / (norm + 1e-6))
    return total_norm
