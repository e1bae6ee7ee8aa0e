"""Known wrong: returns the norm as a 0-d tensor instead of a Python float."""

import torch


def clip_grad_norm(parameters, max_norm):
    """Clip globally but return a tensor."""
    grads = [p.grad for p in parameters if p.grad is not None]
    if not grads:
        return torch.tensor(0.0)
    total_norm = torch.sqrt(sum(g.pow(2).sum() for g in grads))
    if total_norm > max_norm:
        for g in grads:
            g.mul_(max_norm / (total_norm + 1e-6))
    return total_norm
